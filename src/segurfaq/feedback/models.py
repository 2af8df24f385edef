from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from segurfaq.faq.models import Entry

COMMENT_MAX_LENGTH = 1000


class Vote(models.Model):
    """A reader's answer to "Cette réponse vous a-t-elle été utile ?"."""

    class Value(models.TextChoices):
        YES = "yes", _("Oui")
        NO = "no", _("Non")

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="votes", verbose_name=_("entrée")
    )
    # A keyed hash of a random identifier kept in the reader's session cookie: never an
    # IP address or a user agent, and useless without the server's key.
    visitor = models.CharField(_("visiteur (empreinte)"), max_length=64, db_index=True)

    class Reason(models.TextChoices):
        INCOMPLETE = "incomplete", _("La réponse est incomplète")
        OUTDATED = "outdated", _("La réponse n'est plus à jour")
        OFF_TOPIC = "off_topic", _("Elle ne correspond pas à ma question")
        UNCLEAR = "unclear", _("Elle est difficile à comprendre")

    value = models.CharField(_("avis"), max_length=3, choices=Value.choices)
    reason = models.CharField(
        _("raison du « Non »"), max_length=12, choices=Reason.choices, blank=True
    )
    comment = models.TextField(_("commentaire"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
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

    period = models.CharField(_("mois"), max_length=7, unique=True)  # "2026-11"
    secret = models.CharField(_("secret"), max_length=64)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("sel des empreintes de visiteurs")
        verbose_name_plural = _("sels des empreintes de visiteurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-[0-9]{2}$"), name="visitor_salt_period"
            ),
        ]

    def __str__(self):
        return self.period
