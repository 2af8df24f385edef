from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator


def _no_nul(value):
    # PostgreSQL cannot store the NUL character; no reader types it.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("caractère nul interdit")
    return value


class ErrorDetail(Schema):
    code: str = Field(description="Code stable, pour les programmes : not_found, invalid…")
    message: str = Field(description="Message en français, pour les personnes.")
    request_id: str = Field(
        description="Identifiant de la requête, aussi dans l'en-tête X-Request-ID et le journal."
    )


class Error(Schema):
    error: ErrorDetail


class FacetValueRef(Schema):
    facet: str
    slug: str
    label: str


class Link(Schema):
    label: str
    url: str


class EntryOut(Schema):
    slug: str
    question: str
    answer_html: str = Field(description="La réponse en HTML assaini.")
    answer_text: str = Field(description="La réponse en texte brut.")
    url: str = Field(description="Adresse de la page de la réponse.")
    tags: list[str]
    wordings: list[str] = Field(
        description="Autres formulations de la question, cherchées comme elle par le moteur."
    )
    values: list[FacetValueRef]
    links: list[Link]
    updated_at: datetime = Field(description="« Dernière mise à jour ».")
    published_at: datetime | None


class EntryPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[EntryOut]


class SearchHit(EntryOut):
    score: float
    confidence: float
    passage: str = Field(
        description="Le passage de la réponse le plus proche de la question (vide pour une "
        "réponse d'un seul paragraphe)."
    )


class SeparatingValue(Schema):
    slug: str
    label: str
    entry: str = Field(description="L'entrée (slug) que cette valeur désigne.")


class SeparatingFacet(Schema):
    slug: str
    label: str
    prompt: str = Field(description="La question posée au lecteur, comme sur la page.")
    values: list[SeparatingValue]


class SearchOut(Schema):
    query: str
    normalized_query: str
    confidence: float
    low_confidence: bool = Field(description="Vrai quand aucune réponse ne convient vraiment.")
    ambiguous: bool = Field(
        description="Vrai quand les deux premières réponses sont presque à égalité."
    )
    separating_facet: SeparatingFacet | None = Field(
        description="Quand ambiguous : la facette qui sépare les deux premières réponses ; "
        "la passer en filtre (?facette=valeur) départage."
    )
    corrections: dict[str, str]
    count: int
    results: list[SearchHit]


class FacetValueCount(Schema):
    slug: str
    label: str
    parent: str | None = Field(description="« facette/valeur » de la valeur parente.")
    count: int
    selected: bool


class FacetOut(Schema):
    slug: str
    label: str
    prompt: str
    values: list[FacetValueCount]


class VoteIn(Schema):
    value: Literal["yes", "no"]
    reason: Literal["incomplete", "outdated", "off_topic", "unclear"] | None = None
    comment: str = Field("", max_length=1000)
    visitor: str | None = Field(
        None,
        min_length=8,
        max_length=100,
        description=(
            "Identifiant opaque que votre outil garde pour une même personne (jamais stocké "
            "en clair) ; sans lui, le cookie de session sert."
        ),
    )

    _text = field_validator("comment", "visitor")(_no_nul)


class VoteOut(Schema):
    entry: str
    value: str
    reason: str
    yes: int
    no: int


class QuestionIn(Schema):
    question: str = Field(..., min_length=10, max_length=1000)
    values: list[str] = Field(default_factory=list, description="« facette/valeur »", max_length=50)
    email: str = Field("", max_length=254)
    consent: bool = False

    _text = field_validator("question", "email")(_no_nul)

    @field_validator("values")
    @classmethod
    def _values(cls, values):
        return [_no_nul(value) for value in values]


class QuestionOut(Schema):
    id: int
    status: str
    created_at: datetime
