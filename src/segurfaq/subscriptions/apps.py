from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "segurfaq.subscriptions"
    label = "subscriptions"
    verbose_name = "Lecteurs qui suivent des réponses"
