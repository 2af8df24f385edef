import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from django.core.management import call_command

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_the_atom_feed_lists_entries_newest_change_first(client, small_corpus):
    entry = Entry.objects.get(slug="ins-au-laboratoire")
    entry.answer_source += " Mise à jour."
    entry_save(entry=entry, content_changed=True)

    response = client.get("/flux.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    titles = atom_titles(response)
    assert titles[0] == "Le laboratoire doit-il qualifier l'INS ?"
    assert "Question encore en rédaction" not in titles


def test_a_feed_per_facet_value_includes_its_dispositifs(client, small_corpus):
    titles = atom_titles(client.get("/flux/couloir/hopital.atom"))

    assert set(titles) == {
        "Quand le solde du financement est-il versé ?",
        "Le DPI doit-il afficher l'INS ?",
    }
    assert client.get("/flux/couloir/lune.atom").status_code == 404


def test_sitemap_and_robots(client, small_corpus):
    sitemap = client.get("/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()

    assert "http://testserver/questions/solde-du-financement/" in sitemap
    assert "brouillon-officine" not in sitemap
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_list_and_detail_pages_carry_valid_faqpage_json_ld(client, small_corpus):
    listing = json_ld(client.get("/"))
    detail = json_ld(client.get("/questions/solde-du-financement/"))

    for data in (listing, detail):
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "FAQPage"
        for question in data["mainEntity"]:
            assert question["@type"] == "Question"
            assert question["name"]
            assert question["acceptedAnswer"]["@type"] == "Answer"
            assert question["acceptedAnswer"]["text"]
    assert len(listing["mainEntity"]) == 3
    assert detail["mainEntity"][0]["name"] == "Quand le solde du financement est-il versé ?"


def test_json_ld_cannot_close_its_script_element(client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    entry.question = "Que faire de </script><script>alert(1)</script> ?"
    entry_save(entry=entry, content_changed=True)

    content = client.get("/questions/solde-du-financement/").content.decode()

    assert "</script><script>alert(1)" not in content
    assert json_ld(client.get("/questions/solde-du-financement/"))["mainEntity"][0][
        "name"
    ].startswith("Que faire de </script>")


def test_pages_declare_their_canonical_address(client, small_corpus):
    listing = client.get("/?theme=financement&couloir=hopital&q=solde").content.decode()
    detail = client.get("/questions/solde-du-financement/").content.decode()

    assert (
        '<link rel="canonical" href="http://testserver/?couloir=hopital&amp;theme=financement">'
        in listing
    )
    assert (
        '<link rel="canonical" href="http://testserver/questions/solde-du-financement/">' in detail
    )


def test_csv_export_then_import_restores_the_entries(small_corpus, tmp_path):
    path = tmp_path / "entrees.csv"
    call_command("export", "--format", "csv", "--output", str(path), stderr=io.StringIO())
    before = {e.slug: (e.question, e.answer, list(e.tags)) for e in Entry.objects.all()}
    Entry.objects.all().delete()

    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    after = {e.slug: (e.question, e.answer, list(e.tags)) for e in Entry.objects.all()}
    assert after == before
    assert (
        Entry.objects.get(slug="solde-du-financement").links.get().url
        == "https://example.org/guide"
    )


def test_a_bad_csv_row_aborts_with_its_line_number(small_corpus, tmp_path):
    import pytest
    from django.core.management.base import CommandError

    path = tmp_path / "entrees.csv"
    path.write_text(
        "slug,question,answer_source,status,values\n"
        "nouvelle,Une question ?,Une réponse.,draft,\n"
        "autre,Une autre ?,Réponse.,published,couloir/lune\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="ligne 3"):
        call_command("import", str(path), stderr=io.StringIO())

    assert not Entry.objects.filter(slug="nouvelle").exists()


def test_the_api_exports_filtered_entries_as_csv(client, small_corpus):
    response = client.get("/api/v1/export/entries.csv", {"couloir": "hopital"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert {row["slug"] for row in rows} == {"solde-du-financement", "ins-au-dpi"}
