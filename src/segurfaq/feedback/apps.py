from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "segurfaq.feedback"
    label = "feedback"
    verbose_name = "Avis des lecteurs"
