"""French text analysis: normalization, elision, folding, tokens, stopwords, stemming.

The same pipeline runs on entries and on readers' questions, so that "créer l'INS d'un
nouveau-né" and "creer ins nouveau ne" meet on the same terms.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
ELISION_RE = re.compile(
    r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'(?=\w)", re.IGNORECASE
)
# A word is letters and digits; a hyphen or slash inside a word joins its parts
# ("nouveau-né", "PDF/A-1") which are kept as parts and as one compound term.
WORD_RE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")

STOPWORDS = frozenset(
    """
    a afin ai aie aient ainsi alors as au aucun aucune aupres auquel aussi autre autres
    aux avec avez avoir avons ayant c ca car ce ceci cela celle celles celui cependant
    ces cet cette ceux chaque chez ci comme comment d dans de des desquels dois doit
    doivent donc dont du elle elles en encore entre es est et etaient etait etant ete
    etre eu eux faire fait faut il ils j je jusqu l la laquelle le lequel les lesquels
    leur leurs lors lorsque lui m ma mais me meme mes moi mon n ne ni non nos notre nous
    on ont ou par parce pas peu peut peuvent plus pour pourquoi pouvez puis qu quand que
    quel quelle quelles quels qui quoi s sa sans se selon ses si sient sien soit sommes
    son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un une
    unes uns vers via voici voila vos votre vous y
    """.split()
)

# Longest suffix first; each maps to what replaces it, so that the verb, the noun and the
# participle of a family meet ("qualifier", "qualification", "qualifiée" -> "qualif").
SUFFIXES = sorted(
    {
        "issements": "",
        "issement": "",
        "ifications": "if",
        "ification": "if",
        "ifiees": "if",
        "ifiee": "if",
        "ifies": "if",
        "ifie": "if",
        "ifier": "if",
        "ications": "ic",
        "ication": "ic",
        "iquer": "ic",
        "iques": "ic",
        "ique": "ic",
        "ations": "",
        "ation": "",
        "atrices": "",
        "atrice": "",
        "ateurs": "",
        "ateur": "",
        "ements": "",
        "ement": "",
        "ables": "",
        "able": "",
        "ibles": "",
        "ible": "",
        "istes": "",
        "iste": "",
        "ismes": "",
        "isme": "",
        "ives": "if",
        "ive": "if",
        "ifs": "if",
        "euses": "",
        "euse": "",
        "eurs": "",
        "eur": "",
        "antes": "",
        "ante": "",
        "ants": "",
        "ant": "",
        "ents": "",
        "ent": "",
        "ees": "",
        "ee": "",
        "ies": "i",
        "eaux": "eau",
        "aux": "al",
        "es": "",
        "er": "",
        "ez": "",
        "e": "",
        "s": "",
        "x": "",
    }.items(),
    key=lambda item: -len(item[0]),
)
MIN_STEM = 3


def fold(text: str) -> str:
    """Lower case, without accents or ligatures: "Œuvre Ségur" -> "oeuvre segur"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light French stemmer for folded words; digits and short words stay as they are."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix):
            root = word[: -len(suffix)] + replacement
            if len(root) >= MIN_STEM:
                return root
    return word


def compound_part(word: str) -> str:
    """A part of a hyphenated word: stemmed, and short plurals too ("nés" -> "ne")."""
    if len(word) == MIN_STEM and word[-1] in "sx" and word.isalpha():
        return word[:-1]
    return stem(word)


@dataclass(frozen=True)
class Token:
    text: str  # folded surface form
    original: str  # as typed, for case-sensitive acronyms
    stem: str
    position: int
    stop: bool
    compound: bool = False


def tokenize(text: str) -> list[Token]:
    """Tokens in reading order, stopwords included but marked.

    A hyphenated or slashed word gives its parts, then one compound token whose stem joins
    the parts' stems ("nouveaux-nés" -> "nouveau", "ne", "nouveau_ne").
    """
    text = ELISION_RE.sub(" ", unicodedata.normalize("NFKC", text).translate(APOSTROPHES))
    tokens: list[Token] = []
    position = 0
    for match in WORD_RE.finditer(text):
        original = match.group(0)
        parts = re.split(r"[-/]", original)
        stems = []
        all_stop = True
        for part in parts:
            folded = fold(part)
            stems.append(compound_part(folded))
            is_stop = folded in STOPWORDS
            all_stop = all_stop and is_stop
            tokens.append(Token(folded, part, stem(folded), position, is_stop))
            position += 1
        if len(parts) > 1:
            compound = "_".join(stems)
            tokens.append(
                Token(fold(original), original, compound, position - 1, all_stop, compound=True)
            )
    return tokens


def content_stems(text: str) -> list[str]:
    """The stems that count for matching: no stopwords."""
    return [token.stem for token in tokenize(text) if not token.stop]


def normalize_query(text: str) -> str:
    """The canonical form of a question for grouping in analytics: folded words, no stopwords."""
    return " ".join(token.text for token in tokenize(text) if not token.stop and not token.compound)


def is_salient(token: Token, first: bool) -> bool:
    """A word that names something precise: an acronym ("EHPAD", "FHIR"), a capitalised
    name inside the question ("Lyon", "iPhone"). An entry that lacks it probably answers a
    neighbouring question. Numbers are not: "16 ans" or "40 cliniques" describe the
    reader's case, which the answer rarely repeats (measured on the dev split)."""
    if token.stop or token.compound:
        return False
    original = token.original
    if any(char.isdigit() for char in original):
        return False
    capitals = sum(1 for char in original if char.isupper())
    if capitals >= 2 or (capitals == 1 and len(original) > 1 and not original[0].isupper()):
        return True
    return capitals == 1 and not first and original[0].isupper() and len(original) > 2
