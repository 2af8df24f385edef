"""Erasing what readers left once its retention period is over (RGPD)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from segurfaq.feedback.models import Vote
from segurfaq.inquiries.services import emails_purge
from segurfaq.search.models import SearchLog


@dataclass
class PurgeReport:
    search_logs: int
    comments: int
    emails: int

    def summary(self) -> str:
        return (
            f"{self.search_logs} recherche(s) effacée(s), {self.comments} commentaire(s) "
            f"effacé(s), {self.emails} adresse(s) effacée(s)"
        )


@transaction.atomic
def personal_data_purge() -> PurgeReport:
    now = timezone.now()
    logs = SearchLog.objects.filter(
        created_at__lt=now - timedelta(days=settings.SEGURFAQ_SEARCH_LOG_RETENTION_DAYS)
    ).delete()[0]
    comments = (
        Vote.objects.filter(
            updated_at__lt=now - timedelta(days=settings.SEGURFAQ_COMMENT_RETENTION_DAYS)
        )
        .exclude(comment="")
        .update(comment="")
    )
    emails = emails_purge(older_than_days=settings.SEGURFAQ_EMAIL_RETENTION_DAYS)
    return PurgeReport(search_logs=logs, comments=comments, emails=emails)
