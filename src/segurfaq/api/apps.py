from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "segurfaq.api"
    label = "api"
    verbose_name = "API"
