"""Reader for the text copied from the original FAQ page (`shared/seeds/*.txt`).

The format: the five facet prompts, one a line, then the answers, each closed by the line
"Cette réponse vous a-t-elle été utile ?". The questions themselves were lost in the copy.
"""

import re
from dataclasses import dataclass, field

VOTE_PROMPT = "Cette réponse vous a-t-elle été utile ?"
MORE_INFO = "Pour en savoir plus :"
PROMPT_PREFIX = "Votre question concerne"
FACET_COUNT = 5
URL_ONLY_RE = re.compile(r"^https?://\S+$")


class SeedFormatError(ValueError):
    def __init__(self, line: int, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(f"ligne {line} : {reason}")


@dataclass(frozen=True)
class SeedAnswer:
    text: str  # the answer as copied, lines intact, without the "Pour en savoir plus" part
    line: int  # where it starts in the file, for error messages
    links: list[str] = field(default_factory=list)
    had_more_info: bool = False


@dataclass(frozen=True)
class SeedPage:
    prompts: list[str]
    answers: list[SeedAnswer]


def looks_like_seed_page(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(PROMPT_PREFIX)


def parse_seed_page(text: str) -> SeedPage:
    lines = text.lstrip("\ufeff").splitlines()
    prompts = [line.strip() for line in lines[:FACET_COUNT]]
    for number, prompt in enumerate(prompts, start=1):
        if not prompt.startswith(PROMPT_PREFIX):
            raise SeedFormatError(
                number,
                f"les {FACET_COUNT} premières lignes doivent être les questions des facettes "
                f"(« {PROMPT_PREFIX} … ? »), trouvé « {prompt[:60]} »",
            )
    if len(prompts) < FACET_COUNT:
        raise SeedFormatError(len(lines) + 1, "il manque des questions de facettes")

    answers: list[SeedAnswer] = []
    block: list[str] = []
    start = FACET_COUNT + 1
    for number, line in enumerate(lines[FACET_COUNT:], start=FACET_COUNT + 1):
        if line.strip() == VOTE_PROMPT:
            if not any(part.strip() for part in block):
                raise SeedFormatError(number, "invite de vote sans réponse avant elle")
            answers.append(_answer_from_block(block, start))
            block = []
            start = number + 1
        else:
            block.append(line.rstrip())
    if any(part.strip() for part in block):
        raise SeedFormatError(start, f"la dernière réponse n'est pas suivie de « {VOTE_PROMPT} »")
    return SeedPage(prompts=prompts, answers=answers)


def _answer_from_block(block: list[str], start: int) -> SeedAnswer:
    lines = [line for line in block if line.strip()]
    links: list[str] = []
    had_more_info = False
    if MORE_INFO in (line.strip() for line in lines):
        cut = [line.strip() for line in lines].index(MORE_INFO)
        tail = lines[cut + 1 :]
        # Only addresses may follow "Pour en savoir plus": anything else is answer text.
        if all(URL_ONLY_RE.match(line.strip()) for line in tail):
            links = [line.strip() for line in tail]
            lines = lines[:cut]
            had_more_info = True
    return SeedAnswer(text="\n".join(lines), line=start, links=links, had_more_info=had_more_info)
