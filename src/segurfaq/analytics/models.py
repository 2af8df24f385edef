from django.db import models

from segurfaq.faq.models import Entry


class EntryView(models.Model):
    """How many times an entry's page was read on a day: a counter, nothing about readers."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField("jour")
    count = models.PositiveIntegerField("consultations", default=0)

    class Meta:
        verbose_name = "tableau de bord"
        verbose_name_plural = "tableau de bord"
        constraints = [
            models.UniqueConstraint(fields=["entry", "day"], name="entryview_one_row_per_day")
        ]
        permissions = [("view_dashboard", "Peut consulter le tableau de bord")]

    def __str__(self):
        return f"{self.entry_id} {self.day}: {self.count}"
