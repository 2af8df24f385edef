"""Erasing what readers left once its retention period is over (RGPD)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from segurfaq.feedback.models import Vote
from segurfaq.feedback.visitor import expired_salts_purge
from segurfaq.inquiries.services import emails_purge
from segurfaq.search.models import SearchLog


@dataclass
class PurgeReport:
    search_logs: int
    comments: int
    emails: int
    salts: int = 0

    def summary(self) -> str:
        return (
            f"{self.search_logs} recherche(s) effacée(s), {self.comments} commentaire(s) "
            f"effacé(s), {self.emails} adresse(s) effacée(s), {self.salts} sel(s) "
            "d'empreintes de visiteurs effacé(s)"
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
    salts = expired_salts_purge()
    return PurgeReport(search_logs=logs, comments=comments, emails=emails, salts=salts)
