import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.utils import timezone

from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue
from segurfaq.faq.selectors import content_export


def export_text() -> str:
    out = io.StringIO()
    call_command("export", stdout=out)
    return out.getvalue()


def empty_database():
    Entry.objects.all().delete()
    FacetValue.objects.all().delete()
    Facet.objects.all().delete()


def test_export_then_import_into_an_empty_database_gives_the_same_document(
    default_content, tmp_path
):
    first = export_text()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    empty_database()

    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert export_text() == first
    assert len(json.loads(first)["entries"]) == 20


def test_export_writes_a_file_when_asked(default_content, tmp_path):
    path = tmp_path / "out.json"

    call_command("export", "--output", str(path), stderr=io.StringIO())

    assert json.loads(path.read_text(encoding="utf-8")) == content_export()


def test_bad_record_aborts_the_import_with_its_position_and_writes_nothing(
    small_corpus, small_corpus_document, write_json
):
    before = content_export()
    document = small_corpus_document
    document["entries"][0]["question"] = "Question changée par l'import ?"
    document["entries"].append(
        {"slug": "nouvelle", "question": "Nouvelle ?", "answer": "<p>R</p>", "status": "draft"}
    )
    document["entries"][2]["values"] = ["couloir/inconnu"]

    with pytest.raises(CommandError) as error:
        call_command("import", str(write_json(document)), stderr=io.StringIO())

    assert "entries[2]" in str(error.value)
    assert "couloir/inconnu" in str(error.value)
    assert "rien n'a été enregistré" in str(error.value)
    assert content_export() == before


@pytest.mark.parametrize(
    ("change", "position", "reason"),
    [
        (lambda d: d["entries"][1].update(status="en-ligne"), "entries[1]", "statut"),
        (lambda d: d["entries"][0].update(slug="Pas Un Slug"), "entries[0]", "identifiant"),
        (
            lambda d: d["entries"][3].update(question="", status="published"),
            "entries[3]",
            "question",
        ),
        (lambda d: d["entries"].append(dict(d["entries"][0])), "entries[4]", "en double"),
        (
            lambda d: d["entries"][0]["links"][0].update(url="javascript:alert(1)"),
            "links[0]",
            "adresse",
        ),
        (
            lambda d: d["facets"][1]["values"][0].update(parent="couloir/nulle-part"),
            "facets[1]",
            "parente",
        ),
        (lambda d: d["entries"][0].update(published_at="hier"), "entries[0]", "date"),
    ],
)
def test_each_kind_of_bad_record_is_named_and_nothing_is_written(
    db, small_corpus_document, write_json, change, position, reason
):
    change(small_corpus_document)

    with pytest.raises(CommandError) as error:
        call_command("import", str(write_json(small_corpus_document)), stderr=io.StringIO())

    assert position in str(error.value)
    assert reason in str(error.value)
    assert not Entry.objects.exists()
    assert not Facet.objects.exists()


def test_invalid_json_is_reported_with_its_line(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "segurfaq/1",\n "entries": [,]}', encoding="utf-8")

    with pytest.raises(CommandError, match="ligne 2"):
        call_command("import", str(path), stderr=io.StringIO())


def test_missing_file_is_reported(db, tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import", str(tmp_path / "absent.json"), stderr=io.StringIO())


def test_seed_page_import_creates_drafts_awaiting_their_question_once(db, tmp_path, seed_text):
    path = tmp_path / "page.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()

    call_command("import", str(path), stdout=out, stderr=io.StringIO())
    call_command("import", str(path), stdout=out, stderr=io.StringIO())

    assert Entry.objects.count() == 20
    assert set(Entry.objects.values_list("status", flat=True)) == {"draft"}
    assert "20 créée(s)" in out.getvalue()
    assert "20 déjà présente(s)" in out.getvalue()
    catalogue = Entry.objects.get(answer__contains="Le catalogue de services")
    assert '<a href="https://gnius.esante.gouv.fr/' in catalogue.answer


def test_import_updates_existing_entries_by_slug(small_corpus, small_corpus_document, write_json):
    small_corpus_document["entries"][0]["question"] = "Quand le solde est-il versé ?"
    small_corpus_document["entries"][0]["links"] = []

    call_command(
        "import", str(write_json(small_corpus_document)), stdout=io.StringIO(), stderr=io.StringIO()
    )

    entry = Entry.objects.get(slug="solde-du-financement")
    assert entry.question == "Quand le solde est-il versé ?"
    assert not EntryLink.objects.filter(entry=entry).exists()
    assert Entry.objects.count() == 4


def test_imported_answer_html_is_sanitized(db, small_corpus_document, write_json):
    small_corpus_document["entries"][0]["answer"] = (
        '<p onclick="steal()">Texte <script>alert(1)</script><a href="javascript:x()">lien</a></p>'
    )

    call_command(
        "import", str(write_json(small_corpus_document)), stdout=io.StringIO(), stderr=io.StringIO()
    )

    answer = Entry.objects.get(slug="solde-du-financement").answer
    assert "script" not in answer
    assert "onclick" not in answer
    assert "javascript" not in answer
    assert "Texte" in answer


def test_database_refuses_a_published_entry_without_question(db):
    with pytest.raises(IntegrityError):
        Entry.objects.create(
            slug="sans-question",
            question="",
            answer="<p>R</p>",
            status="published",
            published_at=timezone.now(),
        )
