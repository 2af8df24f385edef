from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from segurfaq.accounts.lockouts import login_attempt, login_succeeded, login_wait
from segurfaq.operations.client_address import client_network


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The back office's login form: after repeated failures from one address for one user
    name, that address waits, longer after each new failure (accounts/lockouts.py)."""

    def clean(self):
        username = self.data.get("username") or ""
        network = client_network(self.request) if self.request else ""
        self._refuse_while_waiting(login_attempt(username=username, network=network))
        try:
            cleaned = super().clean()
        except ValidationError:
            # A wrong password: the attempt stays counted; the one that starts a wait says so.
            self._refuse_while_waiting(login_wait(username=username, network=network))
            raise
        if self.get_user() is None:
            # No password given: Django checks nothing, yet it was an attempt.
            self._refuse_while_waiting(login_wait(username=username, network=network))
            return cleaned
        login_succeeded(username=username, network=network)
        return cleaned

    def _refuse_while_waiting(self, wait: int) -> None:
        if wait:
            raise _throttled(wait)


def _throttled(wait: int) -> ValidationError:
    minutes = -(-wait // 60)
    return ValidationError(
        "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans "
        f"{minutes} minute{'s' if minutes > 1 else ''}, ou demandez à un administrateur de "
        "réinitialiser votre mot de passe.",
        code="throttled",
    )
