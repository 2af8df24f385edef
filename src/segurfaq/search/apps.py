from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "segurfaq.search"
    label = "search"
    verbose_name = _("Moteur de réponses")

    def ready(self):
        from segurfaq.faq.signals import entry_judged
        from segurfaq.search import freshness
        from segurfaq.search.outcomes import entry_judged_received

        freshness.connect()
        entry_judged.connect(entry_judged_received, dispatch_uid="search-outcome-vote")
