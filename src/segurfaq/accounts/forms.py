from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from segurfaq.accounts.lockouts import login_failed, login_succeeded, login_wait
from segurfaq.operations.client_address import client_network


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The back office's login form: after repeated failures from one address for one user
    name, that address waits, longer after each new failure (accounts/lockouts.py)."""

    def clean(self):
        username = self.data.get("username") or ""
        network = client_network(self.request) if self.request else ""
        self._refuse_while_waiting(username, network)
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failed(username=username, network=network)
            # The failure that starts a wait says so at once.
            self._refuse_while_waiting(username, network)
            raise
        login_succeeded(username=username, network=network)
        return cleaned

    def _refuse_while_waiting(self, username: str, network: str) -> None:
        wait = login_wait(username=username, network=network)
        if wait:
            minutes = -(-wait // 60)
            raise ValidationError(
                "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez "
                f"dans {minutes} minute{'s' if minutes > 1 else ''}, ou demandez à un "
                "administrateur de réinitialiser votre mot de passe.",
                code="throttled",
            )
