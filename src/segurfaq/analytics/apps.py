from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "segurfaq.analytics"
    label = "analytics"
    verbose_name = "Statistiques"
