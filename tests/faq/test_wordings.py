"""Other wordings of an entry: kept by editors, exchanged in imports and exports, and
searched like the question."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from segurfaq.faq.csv_format import csv_to_document, entries_to_csv
from segurfaq.faq.interchange import ContentFormatError, read_document
from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import content_export
from segurfaq.faq.services import content_import, default_content_text

WORDINGS = ["date de versement du reliquat", "when is the final payment made"]


def _change_form(entry, **changes) -> dict:
    data = {
        "question": entry.question,
        "slug": entry.slug,
        "status": entry.status,
        "answer_source": entry.answer_source or entry.answer,
        "values": [v.pk for v in entry.values.all()],
        "wordings": "\n".join(entry.wordings),
        "tags": ", ".join(entry.tags),
        "editor_note": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _without_column(text: str, column: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name in rows[0] if name != column])
    writer.writeheader()
    for row in rows:
        writer.writerow({name: value for name, value in row.items() if name != column})
    return out.getvalue()


def test_every_published_default_entry_has_eight_to_twelve_wordings():
    document = json.loads(default_content_text())

    counts = [len(e["wordings"]) for e in document["entries"] if e["status"] == "published"]

    assert len(counts) == 19 and all(8 <= count <= 12 for count in counts)


def test_wordings_go_out_and_come_back_through_a_json_export(small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    entry.wordings = WORDINGS
    entry.save()
    exported = content_export()
    Entry.objects.filter(pk=entry.pk).update(wordings=[])

    content_import(document=read_document(exported))

    assert Entry.objects.get(pk=entry.pk).wordings == WORDINGS


def test_wordings_go_out_and_come_back_through_a_csv_export(small_corpus):
    Entry.objects.filter(slug="solde-du-financement").update(wordings=WORDINGS)
    text = entries_to_csv(content_export())
    Entry.objects.filter(slug="solde-du-financement").update(wordings=[])
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["slug"] == "solde-du-financement")

    content_import(document=read_document(csv_to_document(text)))

    assert row["wordings"] == "|".join(WORDINGS)
    assert Entry.objects.get(slug="solde-du-financement").wordings == WORDINGS


def test_an_export_made_before_wordings_existed_imports_and_keeps_the_editors_wordings(
    small_corpus,
):
    Entry.objects.filter(slug="solde-du-financement").update(wordings=WORDINGS)
    older = content_export()
    for entry in older["entries"]:
        del entry["wordings"]
    older_csv = _without_column(entries_to_csv(content_export()), "wordings")

    content_import(document=read_document(older))
    assert Entry.objects.get(slug="solde-du-financement").wordings == WORDINGS
    content_import(document=read_document(csv_to_document(older_csv)))
    assert Entry.objects.get(slug="solde-du-financement").wordings == WORDINGS


def test_an_imported_wording_given_twice_is_kept_once(small_corpus_document):
    entry = small_corpus_document["entries"][0]
    entry["wordings"] = ["Date du solde ?", "date du solde", "DATE DU SOLDE !"]

    record = read_document(small_corpus_document).entries[0]

    assert record.wordings == ["Date du solde ?"]


def test_an_imported_wording_too_long_is_refused_with_its_place(small_corpus_document):
    small_corpus_document["entries"][1]["wordings"] = ["x" * 301]

    with pytest.raises(ContentFormatError, match=r"entries\[1\].*dépasse 300 caractères"):
        read_document(small_corpus_document)


def test_wordings_that_are_not_a_list_of_texts_are_refused(small_corpus_document, write_json):
    small_corpus_document["entries"][0]["wordings"] = "une seule chaîne"

    with pytest.raises(CommandError, match="« wordings » doit être une liste"):
        call_command("import", str(write_json(small_corpus_document)), stdout=io.StringIO())


def test_an_editor_writes_wordings_one_per_line_and_they_are_searched_at_once(
    admin_client, small_corpus
):
    entry = Entry.objects.get(slug="solde-du-financement")
    before = admin_client.get("/api/v1/search", {"q": "reliquat"}).json()

    response = admin_client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        _change_form(entry, wordings="date de versement du reliquat\n\n  reliquat de l'aide  \n"),
    )
    after = admin_client.get("/api/v1/search", {"q": "reliquat"}).json()

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.wordings == ["date de versement du reliquat", "reliquat de l'aide"]
    assert not before["results"] or before["results"][0]["slug"] != entry.slug
    assert after["results"][0]["slug"] == entry.slug
    assert entry.history.first().wordings == entry.wordings  # kept in the history


def test_a_wording_written_twice_is_refused_with_a_french_message(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")

    response = admin_client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        _change_form(entry, wordings="Date du solde ?\ndate du SOLDE"),
    )

    assert response.status_code == 200
    assert "Formulation(s) en double : « date du SOLDE »" in response.content.decode()
    entry.refresh_from_db()
    assert entry.wordings == []


def test_a_wording_another_entry_already_has_is_saved_with_a_warning(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")

    response = admin_client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        _change_form(entry, wordings="Le DPI doit-il afficher l'INS ?"),
        follow=True,
    )

    content = response.content.decode()
    assert "est aussi celle de « Le DPI doit-il afficher l" in content
    entry.refresh_from_db()
    assert entry.wordings == ["Le DPI doit-il afficher l'INS ?"]


def test_the_api_gives_an_entry_s_wordings(client, small_corpus):
    Entry.objects.filter(slug="solde-du-financement").update(wordings=WORDINGS)

    body = client.get("/api/v1/entries/solde-du-financement").json()

    assert body["wordings"] == WORDINGS
