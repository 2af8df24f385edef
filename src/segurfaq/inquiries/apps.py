from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "segurfaq.inquiries"
    label = "inquiries"
    verbose_name = "Questions des lecteurs"

    def ready(self):
        from django.db.models.signals import post_save

        from segurfaq.faq.models import Entry
        from segurfaq.faq.signals import entry_written_from_question
        from segurfaq.inquiries.mail import entry_published_received
        from segurfaq.inquiries.services import entry_written_received

        entry_written_from_question.connect(
            entry_written_received, dispatch_uid="inquiries-answered"
        )
        # A message linking to an entry waits for its publication (inquiries/mail.py).
        post_save.connect(
            entry_published_received, sender=Entry, dispatch_uid="inquiries-mail-published"
        )
