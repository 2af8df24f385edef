from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "segurfaq.inquiries"
    label = "inquiries"
    verbose_name = "Questions des lecteurs"

    def ready(self):
        from segurfaq.faq.signals import entry_written_from_question
        from segurfaq.inquiries.services import entry_written_received

        entry_written_from_question.connect(
            entry_written_received, dispatch_uid="inquiries-answered"
        )
