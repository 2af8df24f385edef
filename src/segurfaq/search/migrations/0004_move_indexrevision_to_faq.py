# The index revision is now the content app's ContentRevision (faq 0005), on the same table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_outcomes_and_wording_candidates"),
        ("faq", "0005_contentrevision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IndexRevision")],
            database_operations=[],
        ),
    ]
