from django.db import models
from django.db.models import Q
from django.utils import timezone

from segurfaq.faq.models import Entry

COMMENT_MAX_LENGTH = 1000


class Vote(models.Model):
    """A reader's answer to "Cette réponse vous a-t-elle été utile ?"."""

    class Value(models.TextChoices):
        YES = "yes", "Oui"
        NO = "no", "Non"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="votes", verbose_name="entrée"
    )
    # A keyed hash of a random identifier kept in the reader's session cookie: never an
    # IP address or a user agent, and useless without the server's key.
    visitor = models.CharField("visiteur (empreinte)", max_length=64, db_index=True)

    class Reason(models.TextChoices):
        INCOMPLETE = "incomplete", "La réponse est incomplète"
        OUTDATED = "outdated", "La réponse n'est plus à jour"
        OFF_TOPIC = "off_topic", "Elle ne correspond pas à ma question"
        UNCLEAR = "unclear", "Elle est difficile à comprendre"

    value = models.CharField("avis", max_length=3, choices=Value.choices)
    reason = models.CharField(
        "raison du « Non »", max_length=12, choices=Reason.choices, blank=True
    )
    comment = models.TextField("commentaire", max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        constraints = [
            models.UniqueConstraint(fields=["entry", "visitor"], name="vote_one_per_visitor"),
            models.CheckConstraint(condition=Q(value__in=["yes", "no"]), name="vote_value_known"),
            # Only a "Non" is explained.
            models.CheckConstraint(
                condition=Q(value="no") | (Q(reason="") & Q(comment="")),
                name="vote_reason_only_for_no",
            ),
        ]

    def __str__(self):
        return f"{self.entry_id} : {self.get_value_display()}"


class VisitorSalt(models.Model):
    """The secret mixed into visitor hashes for one calendar month.

    Hashes change with the month; a returning reader's votes are carried over to the new
    hash (see visitor.py). Once a month's salt is purged, the votes still under it can no
    longer be tied to any browser.
    """

    period = models.CharField("mois", max_length=7, unique=True)  # "2026-11"
    secret = models.CharField("secret", max_length=64)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "sel des empreintes de visiteurs"
        verbose_name_plural = "sels des empreintes de visiteurs"
        constraints = [
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-[0-9]{2}$"), name="visitor_salt_period"
            ),
        ]

    def __str__(self):
        return self.period
