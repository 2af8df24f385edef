from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """What the engine knows of an entry; text is plain, never HTML."""

    id: int
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()

    @property
    def passage(self) -> str:
        # multilingual-e5 reads 512 tokens at most: the question and the start of the answer.
        return f"{self.question}\n{self.answer}"[:2000]


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # fused, 0..1
    lexical: float  # share of the question's weighted terms the entry matches, 0..1
    semantic: float  # cosine similarity of the embeddings
    confidence: float = 0.0  # 0..1: how likely this entry answers the question


@dataclass(frozen=True)
class SearchResult:
    query: str
    normalized: str
    hits: list[Hit]
    confidence: float  # 0..1: how likely the first hit answers the question
    low_confidence: bool
    corrections: dict[str, str] = field(default_factory=dict)
    stems: frozenset[str] = frozenset()  # what to highlight

    @property
    def top(self) -> Hit | None:
        return self.hits[0] if self.hits else None
