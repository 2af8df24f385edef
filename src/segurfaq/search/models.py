import uuid

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from segurfaq.faq.models import Entry


class GlossaryTerm(models.Model):
    """An acronym, its expansion and the other ways readers write it.

    The engine starts from the glossary shipped with the package; terms here add to it or,
    for the same acronym, replace it.
    """

    acronym = models.CharField(_("sigle"), max_length=50, unique=True)
    expansion = models.CharField(_("forme développée"), max_length=200)
    variants = models.JSONField(
        _("autres écritures"),
        default=list,
        blank=True,
        help_text=_("Ce que les lecteurs tapent aussi, par exemple : messagerie sécurisée."),
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("glossaire")

    def __str__(self):
        return f"{self.acronym} — {self.expansion}"


class EntryEmbedding(models.Model):
    """An entry's sentence embeddings, kept so that a restart does not recompute them."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    question_vector = models.BinaryField()
    passage_vector = models.BinaryField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plongement d'une entrée")
        verbose_name_plural = _("plongements des entrées")

    def __str__(self):
        return f"{self.entry_id} ({self.model_name})"


class IndexRevision(models.Model):
    """Changes whenever searchable content changes, so every process knows to re-index."""

    token = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("révision de l'index")

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


class SearchLog(models.Model):
    """One search made by a reader; no personal data (no IP, no user agent, no session)."""

    class Source(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        CLI = "cli", _("Ligne de commande")

    query = models.CharField(_("question (tronquée)"), max_length=200)
    normalized_query = models.CharField(_("question normalisée"), max_length=200, db_index=True)
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("nombre de résultats"))
    top_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("première réponse"),
    )
    confidence = models.FloatField(_("confiance"))
    low_confidence = models.BooleanField(_("confiance faible"))
    duration_ms = models.FloatField(_("durée (ms)"))
    source = models.CharField(_("origine"), max_length=4, choices=Source.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recherche")
        verbose_name_plural = _("recherches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="searchlog_confidence_range",
            ),
        ]

    def __str__(self):
        return self.normalized_query
