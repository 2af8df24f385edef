"""Give the default entries of an existing database the other wordings that the default
content now carries, where an editor has not written any yet."""

import json
from importlib import resources

from django.db import migrations


def add_default_wordings(apps, schema_editor):
    Entry = apps.get_model("faq", "Entry")
    text = resources.files("segurfaq.faq").joinpath("data/default_content.json").read_text("utf-8")
    wordings = {
        entry["slug"]: entry.get("wordings", [])
        for entry in json.loads(text)["entries"]
        if entry.get("wordings")
    }
    for entry in Entry.objects.filter(slug__in=wordings, wordings=[]):
        entry.wordings = wordings[entry.slug]
        entry.save(update_fields=["wordings"])


class Migration(migrations.Migration):
    dependencies = [("faq", "0003_entry_wordings")]

    operations = [migrations.RunPython(add_default_wordings, migrations.RunPython.noop)]
