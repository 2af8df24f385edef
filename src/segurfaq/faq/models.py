import uuid

from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Facet(models.Model):
    """One of the questions a reader narrows the list with (type d'offre, couloir…)."""

    slug = models.SlugField("identifiant", max_length=50, unique=True)
    label = models.CharField("libellé", max_length=100)
    prompt = models.CharField("question posée au lecteur", max_length=200)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "facette"
        verbose_name_plural = "facettes"

    def __str__(self):
        return self.label


class FacetValue(models.Model):
    facet = models.ForeignKey(
        Facet, on_delete=models.CASCADE, related_name="values", verbose_name="facette"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="valeur parente",
        help_text="Par exemple, le couloir auquel appartient un dispositif.",
    )
    slug = models.SlugField("identifiant", max_length=80)
    label = models.CharField("libellé", max_length=200)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["facet__order", "order", "id"]
        verbose_name = "valeur de facette"
        verbose_name_plural = "valeurs de facettes"
        constraints = [
            models.UniqueConstraint(fields=["facet", "slug"], name="facetvalue_unique_slug"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="facetvalue_not_own_parent"
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.label} ({self.parent.label})"
        return self.label

    @property
    def key(self) -> str:
        """The value's reference in exports: "facet/value"."""
        return f"{self.facet.slug}/{self.slug}"


# An entry's address (slug): what a door reads of a slug it is sent, at most.
SLUG_MAX_LENGTH = 120
PUBLISHED_WITHOUT_QUESTION = "Une question / réponse publiée doit avoir une question."


def publication_problem(*, status: str, question: str) -> str | None:
    """Why an entry could not have this status with this question (a reader must never see
    an answer without its question), or None. The database holds the same rule."""
    if status == Entry.Status.PUBLISHED and not question.strip():
        return PUBLISHED_WITHOUT_QUESTION
    return None


# "Ce qui change": one line for readers, at most this long.
CHANGE_SUMMARY_MAX_LENGTH = 200


class Entry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publiée"
        ARCHIVED = "archived", "Archivée"

    class ChangeKind(models.TextChoices):
        """What a save that publishes a new question or answer text is to readers (blank
        for every other save): only new entries and doctrine changes reach followers."""

        NEW = "new", "Nouvelle réponse"
        DOCTRINE = "doctrine", "Changement de doctrine"
        CORRECTION = "correction", "Correction de forme"

    slug = models.SlugField("identifiant dans l'adresse", max_length=SLUG_MAX_LENGTH, unique=True)
    question = models.CharField("question", max_length=300, blank=True)
    answer_source = models.TextField(
        "réponse",
        blank=True,
        help_text=(
            "En Markdown : paragraphes séparés par une ligne vide, listes avec « - », "
            "**gras**, *italique*, [lien](https://…). Le HTML simple est accepté."
        ),
    )
    # What readers see: answer_source rendered and sanitized on every save.
    answer = models.TextField("réponse affichée (HTML)", editable=False)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    editor_note = models.TextField(
        "note pour les rédacteurs",
        blank=True,
        help_text="Jamais affichée au public.",
    )
    values = models.ManyToManyField(
        FacetValue, blank=True, related_name="entries", verbose_name="valeurs de facettes"
    )
    tags = models.JSONField("mots-clés", default=list, blank=True)
    # Other ways readers ask the same thing: searched like the question itself.
    wordings = models.JSONField("autres formulations", default=list, blank=True)
    pinned = models.BooleanField(
        "épinglée", default=False, help_text="Affichée en tête de la liste."
    )
    review_by = models.DateField(
        "à revoir avant le",
        null=True,
        blank=True,
        help_text="Date à laquelle vérifier que la réponse est toujours exacte.",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("dernière mise à jour", default=timezone.now)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    # Set by every save (faq.changes.change_kind_of): each version in the history says
    # whether it published a change, and of which kind.
    change_kind = models.CharField(
        "nature du changement", max_length=10, choices=ChangeKind.choices, blank=True
    )
    change_summary = models.CharField(
        "ce qui change", max_length=CHANGE_SUMMARY_MAX_LENGTH, blank=True
    )
    history = HistoricalRecords(
        m2m_fields=[values], excluded_fields=["answer"], verbose_name="version"
    )

    class Meta:
        ordering = ["-pinned", "-published_at", "id"]
        permissions = [("publish_entry", "Peut publier ou archiver une question / réponse")]
        verbose_name = "question / réponse"
        verbose_name_plural = "questions / réponses"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "archived"]),
                name="entry_status_known",
            ),
            # A reader must never see an answer without its question.
            models.CheckConstraint(
                condition=~Q(status="published")
                | (~Q(question="") & Q(published_at__isnull=False)),
                name="entry_published_has_question",
            ),
            models.CheckConstraint(
                condition=Q(change_kind__in=["", "new", "doctrine", "correction"]),
                name="entry_change_kind_known",
            ),
        ]

    def __str__(self):
        return self.question or (f"(question à rédiger) {self.slug}")

    def get_absolute_url(self):
        return reverse("site:entry_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EntryLink(models.Model):
    """A "Pour en savoir plus" link under an answer."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links")
    label = models.CharField("libellé", max_length=200)
    url = models.URLField("adresse", max_length=500)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "lien « Pour en savoir plus »"
        verbose_name_plural = "liens « Pour en savoir plus »"

    def __str__(self):
        return self.label


class ContentRevision(models.Model):
    """Changes in the transaction of every edit of the content (entries, links, facets,
    values, glossary), so that each process knows its engines and kept reads are stale
    (see segurfaq.faq.revision)."""

    token = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Born in the search app; its table kept its name when the model moved here.
        db_table = "search_indexrevision"
        verbose_name = "révision du contenu"

    def __str__(self):
        return self.token

    @classmethod
    def bump(cls):
        values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        if not cls.objects.filter(pk=1).update(**values):
            cls.objects.get_or_create(pk=1, defaults=values)

    @classmethod
    def current(cls) -> str:
        # Asked on every page served from the cache: a plain query costs a tenth of the
        # ORM's (half of a cached page's time went to building this one).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else ""
