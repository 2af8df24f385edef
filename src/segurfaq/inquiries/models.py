from django.db import models
from django.db.models import Q
from django.utils import timezone

from segurfaq.faq.models import Entry, FacetValue

QUESTION_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 1000


class ReaderQuestion(models.Model):
    """A question a reader sent because no answer fitted."""

    class Status(models.TextChoices):
        NEW = "new", "À traiter"
        ANSWERED = "answered", "Répondue"
        DUPLICATE = "duplicate", "Doublon"
        REJECTED = "rejected", "Rejetée"

    question = models.TextField("question", max_length=QUESTION_MAX_LENGTH)
    values = models.ManyToManyField(
        FacetValue, blank=True, related_name="+", verbose_name="valeurs de facettes"
    )
    email = models.EmailField("adresse électronique", blank=True)
    consent = models.BooleanField("accord pour être recontacté", default=False)
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField("statut changé le", default=timezone.now)
    answer_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réponse créée",
    )
    duplicate_of = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="doublon de",
    )
    email_purged_at = models.DateTimeField("adresse effacée le", null=True, blank=True)
    created_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "question d'un lecteur"
        verbose_name_plural = "questions des lecteurs"
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
