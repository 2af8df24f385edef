from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "segurfaq.search"
    label = "search"
    verbose_name = _("Moteur de réponses")

    def ready(self):
        from segurfaq.search import freshness

        freshness.connect()
