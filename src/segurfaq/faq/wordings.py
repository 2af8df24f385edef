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


class WordingsRefused(ValueError):
    """What is wrong with an entry's wordings, in French, for the editor."""


def wordings_checked(texts: list[str], *, repeats_allowed: bool) -> list[str]:
    """The wordings as kept (wordings_clean), or WordingsRefused: a repeat (unless allowed:
    then dropped), one over MAX_LENGTH, more than MAX_COUNT. The entry form, the import and
    a reader's wording accepted by an editor all keep to these rules."""
    kept, repeats = wordings_clean(texts)
    if repeats and not repeats_allowed:
        listed = " ; ".join(f"« {text} »" for text in repeats)
        raise WordingsRefused(f"Formulation(s) en double : {listed}. Gardez-en une seule.")
    too_long = [text for text in kept if len(text) > MAX_LENGTH]
    if too_long:
        raise WordingsRefused(f"« {too_long[0][:60]}… » dépasse {MAX_LENGTH} caractères.")
    if len(kept) > MAX_COUNT:
        raise WordingsRefused(f"{len(kept)} formulations : {MAX_COUNT} au plus.")
    return kept
