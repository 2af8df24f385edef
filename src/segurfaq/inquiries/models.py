from django.db import models
from django.db.models import Q
from django.utils import timezone

from segurfaq.faq.models import Entry, FacetValue

QUESTION_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 1000
EMAIL_MAX_LENGTH = 254


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
    email = models.EmailField("adresse électronique", max_length=EMAIL_MAX_LENGTH, blank=True)
    # The mailbox the address reaches (operations.keyed.mailbox_key): what the
    # once-a-day confirmation counts by; erased with the address.
    email_key = models.CharField(max_length=32, blank=True, db_index=True)
    consent = models.BooleanField("accord pour être recontacté", default=False)
    # Nothing but the confirmation message goes to an address before its owner confirms it.
    email_confirmed_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
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


class ReplyMail(models.Model):
    """A message owed to a reader who left an address: queued with the change of status that
    calls for it (in the same transaction, so that it cannot be lost), sent after the commit
    and retried until the mail server takes it (segurfaq/inquiries/mail.py).

    The address is not copied here: it is read from the question when sending, so that the
    purge of addresses also cancels the messages not yet sent.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirmation de l'adresse"
        ANSWERED = "answered", "Réponse publiée"
        DUPLICATE = "duplicate", "Réponse existante"
        REJECTED = "rejected", "Question non retenue"

    class Status(models.TextChoices):
        PENDING = "pending", "À envoyer"
        SENDING = "sending", "En cours d'envoi"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec définitif"
        CANCELLED = "cancelled", "Annulé"

    question = models.ForeignKey(
        ReaderQuestion, on_delete=models.CASCADE, related_name="mails", verbose_name="question"
    )
    kind = models.CharField("message", max_length=10, choices=Kind.choices)
    # The entry the message links to (answer or existing entry); sent once it is published.
    entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="question / réponse",
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    # While one process sends it, the others leave it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The mail server's words, without any address (inquiries.mail.without_addresses).
    last_error = models.CharField("dernière erreur", max_length=500, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "message à un lecteur"
        verbose_name_plural = "messages aux lecteurs"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["confirm", "answered", "duplicate", "rejected"]),
                name="replymail_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="replymail_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="replymail_sent_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.question}"
