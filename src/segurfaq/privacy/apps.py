from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "segurfaq.privacy"
    label = "privacy"
    verbose_name = "Données personnelles"
