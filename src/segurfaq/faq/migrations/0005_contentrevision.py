# The content revision moved from the search app to the content app: the table stays
# (search_indexrevision), only Django's idea of which app owns it changes.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0004_default_wordings"),
        ("search", "0003_search_outcomes_and_wording_candidates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentRevision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("token", models.CharField(default="", max_length=32)),
                        (
                            "changed_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                    ],
                    options={
                        "verbose_name": "révision du contenu",
                        "db_table": "search_indexrevision",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
