from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "segurfaq.faq"
    label = "faq"
    verbose_name = "Foire aux questions"

    def ready(self):
        from segurfaq.faq import revision

        revision.connect()
