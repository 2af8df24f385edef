from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from segurfaq.faq.models import Entry, FacetValue

QUESTION_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 1000


class ReaderQuestion(models.Model):
    """A question a reader sent because no answer fitted."""

    class Status(models.TextChoices):
        NEW = "new", _("À traiter")
        ANSWERED = "answered", _("Répondue")
        DUPLICATE = "duplicate", _("Doublon")
        REJECTED = "rejected", _("Rejetée")

    question = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    values = models.ManyToManyField(
        FacetValue, blank=True, related_name="+", verbose_name=_("valeurs de facettes")
    )
    email = models.EmailField(_("adresse électronique"), blank=True)
    consent = models.BooleanField(_("accord pour être recontacté"), default=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(_("statut changé le"), default=timezone.now)
    answer_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse créée"),
    )
    duplicate_of = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("doublon de"),
    )
    email_purged_at = models.DateTimeField(_("adresse effacée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question d'un lecteur")
        verbose_name_plural = _("questions des lecteurs")
        constraints = [
            # An address is kept only with the reader's consent.
            models.CheckConstraint(
                condition=Q(email="") | Q(consent=True), name="readerquestion_email_consent"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "answered", "duplicate", "rejected"]),
                name="readerquestion_status_known",
            ),
        ]

    def __str__(self):
        return self.question[:80]
