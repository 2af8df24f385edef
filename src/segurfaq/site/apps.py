from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public pages: they compose the content, search, votes and readings."""

    name = "segurfaq.site"
    label = "site"
    verbose_name = "Pages publiques"
