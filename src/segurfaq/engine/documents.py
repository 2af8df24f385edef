import re
from dataclasses import dataclass, field

# A block shorter than this is joined to the next one: a heading or "Pour rappel :" alone
# says nothing a reader asks about.
PART_MIN_CHARS = 40
# Longer blocks are cut between sentences: e5 reads 512 tokens, and a snippet is read at once.
PART_MAX_CHARS = 600
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý«\"(])")


@dataclass(frozen=True)
class Document:
    """What the engine knows of an entry; text is plain, never HTML (one block a line)."""

    id: int
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    # Other ways readers ask the same question: an entry matches by its best wording.
    wordings: tuple[str, ...] = ()

    @property
    def passage(self) -> str:
        # multilingual-e5 reads 512 tokens at most: the question and the start of the answer.
        return f"{self.question}\n{self.answer}"[:2000]

    @property
    def parts(self) -> tuple[str, ...]:
        """The answer cut into passages (paragraphs, list items): a question may match one
        of them, and that passage is then the result's snippet."""
        return split_passages(self.answer)


def split_passages(answer: str) -> tuple[str, ...]:
    parts: list[str] = []
    pending = ""
    for line in answer.splitlines():
        line = line.strip().removeprefix("- ").strip()
        if not line:
            continue
        pending = f"{pending} {line}".strip()
        if len(pending) >= PART_MIN_CHARS:
            parts.extend(_cut(pending))
            pending = ""
    if pending:
        if parts and len(parts[-1]) + len(pending) < PART_MAX_CHARS:
            parts[-1] = f"{parts[-1]} {pending}"
        else:
            parts.append(pending)
    return tuple(parts)


def _cut(block: str) -> list[str]:
    if len(block) <= PART_MAX_CHARS:
        return [block]
    pieces, current = [], ""
    for sentence in _SENTENCE_END.split(block):
        if current and len(current) + len(sentence) + 1 > PART_MAX_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # fused, 0..1
    lexical: float  # share of the question's weighted terms the entry matches, 0..1
    semantic: float  # cosine similarity of the embeddings
    confidence: float = 0.0  # 0..1: how likely this entry answers the question
    passage: str = ""  # the part of the answer closest to the question, when it has several


@dataclass(frozen=True)
class SearchResult:
    query: str
    normalized: str
    hits: list[Hit]
    confidence: float  # 0..1: how likely the first hit answers the question
    low_confidence: bool
    corrections: dict[str, str] = field(default_factory=dict)
    stems: frozenset[str] = frozenset()  # what to highlight
    # Questions a reader's message asks after its first, to offer apart (engine.messages).
    other_questions: tuple[str, ...] = ()

    @property
    def top(self) -> Hit | None:
        return self.hits[0] if self.hits else None
