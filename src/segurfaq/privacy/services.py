"""Erasing what readers left once its retention period is over (RGPD)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from segurfaq.accounts.lockouts import login_failures_purge
from segurfaq.accounts.sessions import staff_sessions_purge
from segurfaq.feedback.models import Vote
from segurfaq.feedback.visitor import expired_salts_purge
from segurfaq.inquiries.services import emails_purge
from segurfaq.search.models import SearchLog, WordingCandidateReader
from segurfaq.subscriptions.services import followers_purge


@dataclass
class PurgeReport:
    search_logs: int
    comments: int
    emails: int
    salts: int = 0
    traces: int = 0  # sign-in failures, ended staff sessions, proposers of wordings

    def summary(self) -> str:
        return (
            f"{self.search_logs} recherche(s) effacée(s), {self.comments} commentaire(s) "
            f"effacé(s), {self.emails} adresse(s) effacée(s), {self.salts} sel(s) "
            f"d'empreintes de visiteurs effacé(s), {self.traces} empreinte(s) de connexion "
            "ou de lecteur effacée(s)"
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
    # Addresses readers left with questions, and those of follows nobody confirmed.
    emails = emails_purge(older_than_days=settings.SEGURFAQ_EMAIL_RETENTION_DAYS)
    emails += followers_purge()
    salts = expired_salts_purge()
    proposers = WordingCandidateReader.objects.filter(
        created_at__lt=now - timedelta(days=settings.SEGURFAQ_SEARCH_LOG_RETENTION_DAYS)
    ).delete()[0]
    traces = login_failures_purge() + staff_sessions_purge() + proposers
    return PurgeReport(
        search_logs=logs, comments=comments, emails=emails, salts=salts, traces=traces
    )
