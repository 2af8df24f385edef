from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "segurfaq.operations"
    label = "operations"
    verbose_name = "Exploitation"
