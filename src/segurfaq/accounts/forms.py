import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from segurfaq.operations.client_address import client_address

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    # Keyed hashes: the cache never holds a login or an IP address in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"login-failures:{kind}:{digest[:32]}"


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The back office's login form, refusing further tries after repeated failures."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": (
            "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes, ou "
            "demandez à un administrateur de réinitialiser votre mot de passe."
        ),
    }

    def _keys(self) -> list[str]:
        username = (self.data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request else ""
        return [_key("user", username), _key("address", address)]

    def clean(self):
        keys = self._keys()
        if any((cache.get(key) or 0) >= MAX_FAILURES for key in keys):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, LOCK_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, LOCK_SECONDS)
            raise
        cache.delete_many(keys)
        return cleaned
