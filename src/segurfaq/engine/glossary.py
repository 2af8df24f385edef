"""Acronyms, their expansions and the other ways readers write them.

Each glossary term is a concept; every form of it found in a text adds the concept's term
("#ins") beside the words, so that "identité nationale de santé" in a question meets "INS"
in an answer.
"""

import json
from dataclasses import dataclass, field
from importlib import resources

from segurfaq.engine.analysis import STOPWORDS, Token, fold, tokenize

# Acronyms that are also everyday French words: they count only when typed in capitals
# ("ANS" the agency, not "5 ans").
COMMON_WORDS = frozenset({"ans", "mes", "sas", "sons", "had", "rem", "af", "ris", "as", "ens"})


@dataclass(frozen=True)
class GlossaryTerm:
    acronym: str
    expansion: str
    variants: tuple[str, ...] = ()
    synonym: bool = False  # a group of ordinary words, not an acronym

    @property
    def concept(self) -> str:
        prefix = "~" if self.synonym else "#"
        return prefix + fold(self.acronym).replace(" ", "_")

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.acronym, self.expansion, *self.variants)


@dataclass(frozen=True)
class _Form:
    stems: tuple[str, ...]
    concept: str
    exact: str | None  # the only spelling that counts, for acronyms that are common words


@dataclass(frozen=True)
class ConceptMatch:
    concept: str
    start: int  # token positions
    end: int


@dataclass
class Glossary:
    terms: list[GlossaryTerm] = field(default_factory=list)

    def __post_init__(self):
        self._forms: list[_Form] = []
        self._by_concept: dict[str, GlossaryTerm] = {}
        for term in self.terms:
            self._by_concept[term.concept] = term
            for form in term.forms:
                tokens = [t for t in tokenize(form) if not t.compound]
                words = [t for t in tokens if not t.stop]
                if len(tokens) == 1 and (
                    tokens[0].text in COMMON_WORDS or tokens[0].text in STOPWORDS
                ):
                    self._forms.append(_Form((tokens[0].stem,), term.concept, tokens[0].original))
                elif words:
                    self._forms.append(_Form(tuple(t.stem for t in words), term.concept, None))
        # Longest forms first, so that "MSS citoyenne" wins over "MSS".
        self._forms.sort(key=lambda form: -len(form.stems))
        self._exact = [form for form in self._forms if form.exact is not None]
        self._by_first: dict[str, list[_Form]] = {}
        for form in self._forms:
            if form.exact is None:
                self._by_first.setdefault(form.stems[0], []).append(form)
        self.vocabulary = frozenset(
            token.text for term in self.terms for form in term.forms for token in tokenize(form)
        )

    def term(self, concept: str) -> GlossaryTerm | None:
        return self._by_concept.get(concept)

    def find(self, tokens: list[Token]) -> list[ConceptMatch]:
        """Concepts whose forms appear in the tokens, stopwords between words allowed."""
        plain = [t for t in tokens if not t.compound]
        words = [t for t in plain if not t.stop]
        candidates: list[tuple[int, int, ConceptMatch]] = []
        for form in self._exact:
            for token in plain:
                if token.original == form.exact:
                    match = ConceptMatch(form.concept, token.position, token.position)
                    candidates.append((1, token.position, match))
        for index, word in enumerate(words):
            for form in self._by_first.get(word.stem, ()):
                size = len(form.stems)
                window = words[index : index + size]
                if len(window) == size and tuple(t.stem for t in window) == form.stems:
                    match = ConceptMatch(form.concept, window[0].position, window[-1].position)
                    candidates.append((size, window[0].position, match))
        # Longest forms first, then left to right; a word belongs to one form at most.
        candidates.sort(key=lambda item: (-item[0], item[1]))
        matches: list[ConceptMatch] = []
        taken: set[int] = set()
        for _size, _start, match in candidates:
            positions = set(range(match.start, match.end + 1))
            if positions & taken:
                continue
            taken |= positions
            matches.append(match)
        return matches


def default_synonym_terms() -> list[GlossaryTerm]:
    """Groups of everyday words that readers use for one another."""
    data = json.loads(
        resources.files("segurfaq.engine").joinpath("data/synonyms.json").read_text("utf-8")
    )
    return [GlossaryTerm(group[0], group[0], tuple(group[1:]), synonym=True) for group in data]


def default_glossary_terms() -> list[GlossaryTerm]:
    data = json.loads(
        resources.files("segurfaq.engine").joinpath("data/glossary.json").read_text("utf-8")
    )
    return [
        GlossaryTerm(item["acronym"], item["expansion"], tuple(item.get("variants", ())))
        for item in data
    ]
