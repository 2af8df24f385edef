"""An entry's other wordings: the ways readers ask the same thing, searched like its
question. Two wordings are the same when they differ only by case, accents, punctuation
or small words (the canonical form the search log groups questions by)."""

from segurfaq.engine.analysis import normalize_query

MAX_LENGTH = 300
MAX_COUNT = 40


def wording_key(text: str) -> str:
    return normalize_query(text) or " ".join(text.casefold().split())


def entry_wording_keys(question: str, wordings) -> set[str]:
    """The keys an entry is already asked by: its question and each other wording."""
    return {wording_key(question), *(wording_key(text) for text in wordings)}


def wordings_clean(texts: list[str]) -> tuple[list[str], list[str]]:
    """The wordings stripped, in order, each once; and those dropped as repeats."""
    kept, repeats, seen = [], [], set()
    for text in texts:
        text = " ".join(text.split())
        if not text:
            continue
        key = wording_key(text)
        if key in seen:
            repeats.append(text)
            continue
        seen.add(key)
        kept.append(text)
    return kept, repeats
