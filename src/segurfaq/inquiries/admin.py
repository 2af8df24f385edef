from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.inquiries.mail import mails_send_soon
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail
from segurfaq.inquiries.services import question_mark_duplicate, question_reject

MAIL_FIELDS = ["kind", "status", "attempts", "next_attempt_at", "last_error", "sent_at"]


class ReplyMailInline(admin.TabularInline):
    model = ReplyMail
    fields = MAIL_FIELDS
    readonly_fields = MAIL_FIELDS
    extra = 0
    can_delete = False
    verbose_name_plural = "messages envoyés à l'auteur de la question"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReplyMail)
class ReplyMailAdmin(admin.ModelAdmin):
    """What was sent to readers, and what failed (the mail server's own words)."""

    list_display = ["question", *MAIL_FIELDS]
    list_filter = ["status", "kind"]
    readonly_fields = ["question", "entry", *MAIL_FIELDS, "created_at"]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Réessayer l'envoi maintenant")
    def retry_now(self, request, queryset):
        queryset.filter(status__in=[ReplyMail.Status.PENDING, ReplyMail.Status.FAILED]).update(
            status=ReplyMail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        transaction.on_commit(mails_send_soon)
        self.message_user(
            request,
            "Nouvel essai lancé : rechargez la page dans quelques secondes pour voir l'état "
            "de chaque message (et la dernière erreur du serveur de messagerie s'il échoue).",
            messages.SUCCESS,
        )


class DuplicateForm(forms.Form):
    entry = forms.ModelChoiceField(
        label="Doublon de la question / réponse",
        queryset=Entry.objects.exclude(status=Entry.Status.ARCHIVED).order_by("question"),
    )


@admin.register(ReaderQuestion)
class ReaderQuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at", "status_changed_at", "has_email"]
    list_filter = ["status", "created_at"]
    search_fields = ["question"]
    readonly_fields = [
        "question",
        "values",
        "email",
        "consent",
        "status",
        "status_changed_at",
        "answer_entry",
        "duplicate_of",
        "email_purged_at",
        "created_at",
    ]
    actions = ["answer", "mark_duplicate", "reject"]
    inlines = [ReplyMailInline]

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description="adresse")
    def has_email(self, obj):
        return bool(obj.email)

    @admin.action(description="Répondre : créer une question / réponse à partir de celle-ci")
    def answer(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choisissez une seule question.", messages.ERROR)
            return None
        item = queryset.get()
        params = {"question": item.question[:300], "from_question": item.pk}
        return redirect(reverse("admin:faq_entry_add") + "?" + urlencode(params))

    @admin.action(description="Marquer comme doublon d'une question / réponse existante")
    def mark_duplicate(self, request, queryset):
        form = DuplicateForm(request.POST if "entry" in request.POST else None)
        if form.is_valid():
            for item in queryset:
                question_mark_duplicate(item=item, entry=form.cleaned_data["entry"])
            self.message_user(
                request,
                f"{queryset.count()} question(s) marquée(s) comme doublon.",
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/inquiries/readerquestion/duplicate.html",
            {
                **self.admin_site.each_context(request),
                "title": "Marquer comme doublon",
                "items": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Rejeter")
    def reject(self, request, queryset):
        for item in queryset:
            question_reject(item=item)
        self.message_user(request, "Question(s) rejetée(s).", messages.SUCCESS)
