"""Readers who follow a slice of the FAQ (a facet selection, keywords, or one entry) and the
messages owed to them: one confirmation, then one digest per period."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import FILTER_VALUES_MAX, QUERY_MAX_LENGTH

# RFC 5321's longest path, which every address a mail server takes fits.
EMAIL_MAX_LENGTH = 254
# The facet values a follower's selection may hold (as the list's filters).
SELECTION_MAX_VALUES = FILTER_VALUES_MAX


class Follower(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "Dès qu'une réponse change"
        WEEKLY = "weekly", "Chaque semaine"

    email = models.EmailField("adresse électronique", max_length=EMAIL_MAX_LENGTH)
    # The mailbox the address reaches, as a keyed hash (operations.keyed.mailbox_key):
    # "+tags" and case make no new mailbox for the per-address limits.
    mailbox_key = models.CharField(max_length=32, db_index=True)
    # "facet/value" keys, as the list's filters: values within a facet are alternatives,
    # facets all apply. Empty with an entry or keywords alone.
    selection = models.JSONField("sélection", default=list, blank=True)
    query = models.CharField("mots-clés", max_length=QUERY_MAX_LENGTH, blank=True)
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name="réponse suivie",
    )
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField("demandé le", default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    # Changes published up to this date have been sent (or were before the follow began).
    covered_until = models.DateTimeField("nouveautés envoyées jusqu'au", default=timezone.now)
    # A mailbox the mail server refused for good (5xx): nothing more is sent to it.
    paused_at = models.DateTimeField("suspendu le", null=True, blank=True)
    pause_reason = models.CharField("raison de la suspension", max_length=300, blank=True)

    class Meta:
        verbose_name = "lecteur qui suit"
        verbose_name_plural = "lecteurs qui suivent"
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=["immediate", "weekly"]),
                name="follower_frequency_known",
            ),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"])]

    def __str__(self):
        return f"abonnement n° {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.paused_at is None


class FollowerMail(models.Model):
    """A message owed to a follower. A digest names its period (unique per follower: two
    instances working out the same period write it once) and the versions it reports; its
    text is made when it is sent."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirmation de l'adresse"
        DIGEST = "digest", "Nouveautés"

    class Status(models.TextChoices):
        PENDING = "pending", "À envoyer"
        SENDING = "sending", "En cours d'envoi"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec définitif"
        CANCELLED = "cancelled", "Annulé"

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField("message", max_length=10, choices=Kind.choices)
    # "immediate:2026-12-08T10:15" or "weekly:2026-W50"; blank for a confirmation.
    period = models.CharField("période", max_length=40, blank=True)
    # The history ids of the versions reported (faq.changes.NewsItem), oldest first.
    changes = models.JSONField("changements", default=list, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField("dernière erreur", max_length=500, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "message à un lecteur qui suit"
        verbose_name_plural = "messages aux lecteurs qui suivent"
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "period"],
                condition=Q(kind="digest"),
                name="one_digest_per_follower_and_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="confirm", period="") | Q(kind="digest") & ~Q(period=""),
                name="follower_mail_period_for_digests",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} n° {self.pk}"
