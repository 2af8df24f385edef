from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LoginFailure(models.Model):
    """Failed sign-ins to the back office, per user name and address, and per address:
    kept in the database so that every worker of every instance counts them together, and
    a restart forgets nothing (accounts/lockouts.py). Keyed hashes only."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(default=timezone.now, db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "échecs de connexion"
        verbose_name_plural = "échecs de connexion"

    def __str__(self):
        return f"{self.failures} échec(s)"


class StaffSession(models.Model):
    """A signed-in session of the back office, held on the server: the session cookie only
    names it (by a random token, kept hashed here), so that signing out ends every copy of
    the cookie, and a session ends after its idle time or its longest life
    (accounts/sessions.py)."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "session de la rédaction"
        verbose_name_plural = "sessions de la rédaction"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_seen_at__gte=models.F("created_at")),
                name="staffsession_seen_after_creation",
            )
        ]

    def __str__(self):
        return f"{self.user} depuis {self.created_at:%d/%m/%Y %H:%M}"
