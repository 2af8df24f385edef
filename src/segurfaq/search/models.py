from django.db import models
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import QUERY_MAX_LENGTH


class GlossaryTerm(models.Model):
    """An acronym, its expansion and the other ways readers write it.

    The engine starts from the glossary shipped with the package; terms here add to it or,
    for the same acronym, replace it.
    """

    acronym = models.CharField("sigle", max_length=50, unique=True)
    expansion = models.CharField("forme développée", max_length=200)
    variants = models.JSONField(
        "autres écritures",
        default=list,
        blank=True,
        help_text="Ce que les lecteurs tapent aussi, par exemple : messagerie sécurisée.",
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = "terme du glossaire"
        verbose_name_plural = "glossaire"

    def __str__(self):
        return f"{self.acronym} — {self.expansion}"


class EntryEmbedding(models.Model):
    """An entry's sentence embeddings, kept so that a restart does not recompute them: its
    question, its question and answer together, and (float32 rows, one after the other)
    each other wording and each passage of its answer."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    question_vector = models.BinaryField()
    passage_vector = models.BinaryField()
    wording_vectors = models.BinaryField(default=b"")
    part_vectors = models.BinaryField(default=b"")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "plongement d'une entrée"
        verbose_name_plural = "plongements des entrées"

    def __str__(self):
        return f"{self.entry_id} ({self.model_name})"


class SearchLog(models.Model):
    """One search made by a reader; no personal data (no IP, no user agent, no session)."""

    class Source(models.TextChoices):
        PAGE = "page", "Page"
        API = "api", "API"
        CLI = "cli", "Ligne de commande"

    class Outcome(models.TextChoices):
        OPENED = "opened", "réponse ouverte"
        READ = "read", "réponse lue"
        HELPFUL = "helpful", "« Oui » à la réponse"
        UNHELPFUL = "unhelpful", "« Non » à la réponse"
        REFORMULATED = "reformulated", "nouvelle recherche aussitôt"

    query = models.CharField("question (tronquée)", max_length=QUERY_MAX_LENGTH)
    normalized_query = models.CharField(
        "question normalisée", max_length=QUERY_MAX_LENGTH, db_index=True
    )
    filters = models.JSONField("filtres", default=dict, blank=True)
    result_count = models.PositiveIntegerField("nombre de résultats")
    top_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="première réponse",
    )
    confidence = models.FloatField("confiance")
    low_confidence = models.BooleanField("confiance faible")
    duration_ms = models.FloatField("durée (ms)")
    source = models.CharField("origine", max_length=4, choices=Source.choices)
    created_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    # What the reader did next, known only through the signed search token that the
    # results carry (nothing about the reader is kept).
    outcome = models.CharField(
        "suite donnée", max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    opened_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réponse ouverte ou jugée",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "recherche"
        verbose_name_plural = "recherches"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="searchlog_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["", "opened", "read", "helpful", "unhelpful", "reformulated"]
                ),
                name="searchlog_outcome_known",
            ),
        ]

    def __str__(self):
        return self.normalized_query

    @property
    def without_good_answer(self) -> bool:
        """Nothing found, nothing good enough, or the reader said so: a "Non" to the answer,
        or a new search at once (even when the engine was confident)."""
        return (
            self.low_confidence
            or not self.result_count
            or self.outcome in (self.Outcome.UNHELPFUL, self.Outcome.REFORMULATED)
        )


# The same rule as SearchLog.without_good_answer, for querysets.
WITHOUT_GOOD_ANSWER = (
    models.Q(low_confidence=True)
    | models.Q(result_count=0)
    | models.Q(outcome__in=[SearchLog.Outcome.UNHELPFUL, SearchLog.Outcome.REFORMULATED])
)


class WordingCandidate(models.Model):
    """A reader's wording that led to an entry they found useful: proposed to editors as
    one of the entry's other wordings."""

    class Status(models.TextChoices):
        PENDING = "pending", "à examiner"
        ADDED = "added", "ajoutée aux formulations"
        DISMISSED = "dismissed", "écartée"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="+", verbose_name="question / réponse"
    )
    key = models.CharField("forme normalisée", max_length=QUERY_MAX_LENGTH)
    example = models.CharField("formulation", max_length=QUERY_MAX_LENGTH)
    examples = models.JSONField("autres exemples", default=list, blank=True)
    count = models.PositiveIntegerField("nombre de lecteurs", default=0)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    updated_at = models.DateTimeField("dernière fois", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-count", "-updated_at"]
        verbose_name = "formulation proposée par les lecteurs"
        verbose_name_plural = "formulations proposées par les lecteurs"
        constraints = [
            models.UniqueConstraint(fields=["entry", "key"], name="wordingcandidate_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "added", "dismissed"]),
                name="wordingcandidate_status_known",
            ),
        ]

    def __str__(self):
        return self.example


class WordingCandidateReader(models.Model):
    """One reader who proposed a wording, so that a candidate's count is a count of readers:
    a keyed hash of the reader's network (never the address), erased with the searches."""

    candidate = models.ForeignKey(
        WordingCandidate, on_delete=models.CASCADE, related_name="readers"
    )
    reader = models.CharField("lecteur (empreinte)", max_length=32)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "lecteur ayant proposé une formulation"
        verbose_name_plural = "lecteurs ayant proposé une formulation"
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "reader"], name="wordingcandidatereader_once"
            ),
        ]

    def __str__(self):
        return self.reader
