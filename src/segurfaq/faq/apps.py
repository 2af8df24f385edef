from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "segurfaq.faq"
    label = "faq"
    verbose_name = _("Foire aux questions")

    def ready(self):
        from segurfaq.faq import revision

        revision.connect()
