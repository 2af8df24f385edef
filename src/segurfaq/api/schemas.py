from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from segurfaq.faq.models import SLUG_MAX_LENGTH
from segurfaq.faq.selectors import FILTER_VALUES_MAX, QUERY_MAX_LENGTH
from segurfaq.faq.signals import SEARCH_TOKEN_MAX_LENGTH
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote
from segurfaq.inquiries.models import EMAIL_MAX_LENGTH, QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH
from segurfaq.subscriptions.models import Follower

# The vocabularies are the models' choices: a value added there is accepted here.
VoteValue = Literal[tuple(Vote.Value.values)]
VoteReason = Literal[tuple(Vote.Reason.values)]
Frequency = Literal[tuple(Follower.Frequency.values)]


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
    search_token: str | None = Field(
        description="Jeton de cette recherche (null quand elle n'est pas gardée au journal) : "
        "renvoyé avec un avis sur l'une de ses réponses, il apprend au moteur quelle réponse "
        "a servi."
    )
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
    other_questions: list[str] = Field(
        description="Les autres questions que pose un message de plusieurs phrases : les "
        "résultats répondent à la première ; chacune se recherche à part (q=…)."
    )
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
    value: VoteValue
    reason: VoteReason | None = None
    comment: str = Field("", max_length=COMMENT_MAX_LENGTH)
    visitor: str | None = Field(
        None,
        min_length=8,
        max_length=100,
        description=(
            "Identifiant opaque que votre outil garde pour une même personne (jamais stocké "
            "en clair), propre à votre adresse ; sans lui, le cookie de session sert. Une "
            "même adresse donne au plus SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY avis par jour "
            "à une même réponse."
        ),
    )
    search_token: str = Field(
        "",
        max_length=SEARCH_TOKEN_MAX_LENGTH,
        description="Le search_token de la recherche dont vient le lecteur, s'il y en a une.",
    )

    _text = field_validator("comment", "visitor", "search_token")(_no_nul)


class VoteOut(Schema):
    entry: str
    value: str
    reason: str
    yes: int
    no: int


class QuestionIn(Schema):
    question: str = Field(..., min_length=QUESTION_MIN_LENGTH, max_length=QUESTION_MAX_LENGTH)
    values: list[str] = Field(
        default_factory=list, description="« facette/valeur »", max_length=FILTER_VALUES_MAX
    )
    email: str = Field(
        "",
        max_length=EMAIL_MAX_LENGTH,
        description="Facultative : un message demande de la confirmer ; rien d'autre n'y est "
        "envoyé avant.",
    )
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


class SubscriptionIn(Schema):
    email: str = Field(
        ...,
        max_length=EMAIL_MAX_LENGTH,
        description="Un message demande de la confirmer ; rien d'autre n'y est envoyé avant.",
    )
    consent: bool = Field(
        False, description="L'accord de la personne pour que son adresse soit gardée : requis."
    )
    frequency: Frequency = Follower.Frequency.IMMEDIATE
    values: list[str] = Field(
        default_factory=list,
        description="« facette/valeur », comme les filtres de la liste",
        max_length=FILTER_VALUES_MAX,
    )
    q: str = Field("", max_length=QUERY_MAX_LENGTH, description="Mots-clés, facultatifs.")
    entry: str = Field(
        "",
        max_length=SLUG_MAX_LENGTH,
        description="L'identifiant d'une réponse publiée, pour la suivre seule (sans values ni q).",
    )

    _text = field_validator("email", "q", "entry")(_no_nul)

    @field_validator("values")
    @classmethod
    def _values(cls, values):
        return [_no_nul(value) for value in values]


class SubscriptionOut(Schema):
    status: Literal["confirmation_sent"]
    frequency: str
