from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public pages: they compose the content, search, votes and readings."""

    name = "segurfaq.site"
    label = "site"
    verbose_name = _("Pages publiques")
