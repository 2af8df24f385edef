"""Each limit is declared once, next to its use case; the operators' documents name them all."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

from segurfaq.ratelimit import Limit

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_limit_of_every_door_is_a_setting_and_is_documented(db):
    reverse("site:entry_list")  # every door loaded, and with it every use case's limits
    configuration = (DOCS / "configuration.md").read_text(encoding="utf-8")
    security = (DOCS / "security.md").read_text(encoding="utf-8")

    assert len({limit.scope for limit in Limit.declared}) >= 10
    for limit in Limit.declared:
        assert isinstance(getattr(settings, limit.setting), int), limit
        assert f"`{limit.setting}`" in configuration, limit.setting
        assert limit.setting in security, limit.setting
        assert limit.guards, limit.scope
