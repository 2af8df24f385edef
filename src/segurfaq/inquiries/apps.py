from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "segurfaq.inquiries"
    label = "inquiries"
    verbose_name = "Questions des lecteurs"

    def ready(self):
        from segurfaq.faq.signals import entry_published, entry_written_from_question
        from segurfaq.inquiries.mail import entry_published_received
        from segurfaq.inquiries.services import entry_written_received

        entry_written_from_question.connect(
            entry_written_received, dispatch_uid="inquiries-answered"
        )
        # A message linking to an entry waits for its publication (inquiries/mail.py).
        entry_published.connect(entry_published_received, dispatch_uid="inquiries-published")
