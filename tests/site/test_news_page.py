"""« Nouveautés »: readers who follow doctrine see new entries and changes of doctrine,
newest first, narrowed like the list; a correction of form shows only in the entry's own
change log. Editors say which kind of change they publish (a default for a few
characters without a digit: a correction)."""

import xml.etree.ElementTree as ET

import pytest

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(slug, *, answer=None, question=None, kind="", summary="", status=None):
    entry = Entry.objects.get(slug=slug)
    if answer is not None:
        entry.answer_source = answer
    if question is not None:
        entry.question = question
    if status is not None:
        entry.status = status
    entry_save(entry=entry, content_changed=True, change_kind=kind, change_summary=summary)
    return Entry.objects.get(slug=slug)


def news_titles(content: str) -> list[str]:
    return [
        line.split(">", 1)[1].split("<", 1)[0]
        for line in content.split('<h3 class="fr-h6 fr-mb-1w">')[1:]
        for line in [line.split("<a ", 1)[1]]
    ]


def test_a_doctrine_change_is_listed_with_what_changes_and_its_diff(client, small_corpus):
    edit(
        "ins-au-laboratoire",
        answer="Oui, le SGL qualifie l'identité dès l'accueil, avec une pièce d'identité.",
        summary="La qualification se fait dès l'accueil.",
    )

    content = client.get("/nouveautes/").content.decode()

    assert news_titles(content)[0] == "Le laboratoire doit-il qualifier l&#x27;INS ?"
    assert "Changement de doctrine" in content
    assert "Ce qui change :</strong> La qualification se fait dès l&#x27;accueil." in content
    assert "<ins>" in content and "pièce d&#x27;identité" in content


def test_a_correction_of_form_stays_out_of_the_news_but_shows_in_the_entrys_log(
    client, small_corpus
):
    before = news_titles(client.get("/nouveautes/").content.decode())
    entry = edit("ins-au-dpi", answer="Oui, l'identité nationale de santé est bien affichée.")

    assert entry.change_kind == Entry.ChangeKind.CORRECTION
    assert news_titles(client.get("/nouveautes/").content.decode()) == before
    assert "Correction de forme" in client.get("/questions/ins-au-dpi/").content.decode()


def test_a_changed_number_is_doctrine_however_short(small_corpus):
    edit("solde-du-financement", answer="Le solde est versé par l'ASP après 2 vérifications.")
    entry = edit(
        "solde-du-financement", answer="Le solde est versé par l'ASP après 3 vérifications."
    )

    assert entry.change_kind == Entry.ChangeKind.DOCTRINE


def test_the_editor_decides_against_the_default(small_corpus):
    entry = edit(
        "ins-au-dpi",
        answer="Non : l'identité nationale de santé n'est plus affichée.",
        kind=Entry.ChangeKind.CORRECTION,
    )
    assert entry.change_kind == Entry.ChangeKind.CORRECTION

    entry = edit(
        "ins-au-dpi",
        answer="Non : l'identité nationale de santé n'est plus affichée !",
        kind=Entry.ChangeKind.DOCTRINE,
    )
    assert entry.change_kind == Entry.ChangeKind.DOCTRINE


def test_saves_that_publish_no_new_text_are_not_changes(small_corpus):
    entry = Entry.objects.get(slug="ins-au-dpi")
    entry.tags = ["dpi"]
    entry_save(entry=entry, content_changed=False, change_kind=Entry.ChangeKind.DOCTRINE)

    assert Entry.objects.get(slug="ins-au-dpi").change_kind == ""
    draft = edit("brouillon-officine", answer="Toujours en rédaction, autrement dit.")
    assert draft.change_kind == ""


def test_a_first_publication_is_new(client, small_corpus):
    entry = edit("brouillon-officine", status=Entry.Status.PUBLISHED)

    assert entry.change_kind == Entry.ChangeKind.NEW
    content = client.get("/nouveautes/").content.decode()
    assert news_titles(content)[0] == "Question encore en rédaction"
    assert "Nouvelle réponse" in content


def test_the_news_follow_the_facet_filters_and_so_does_their_feed(client, small_corpus):
    edit("ins-au-laboratoire", answer="Oui, le SGL qualifie l'identité à chaque accueil.")
    edit("solde-du-financement", answer="Le solde est versé par l'ASP après 2 contrôles.")

    content = client.get("/nouveautes/", {"couloir": "biologie-medicale"}).content.decode()
    titles = news_titles(content)
    feed = ET.fromstring(client.get("/nouveautes.atom", {"couloir": "biologie-medicale"}).content)
    feed_titles = [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]

    assert titles[0] == "Le laboratoire doit-il qualifier l&#x27;INS ?"
    assert "Quand le solde du financement est-il versé ?" not in titles
    assert feed_titles[0] == "Changement de doctrine : Le laboratoire doit-il qualifier l'INS ?"
    assert not any("solde" in title for title in feed_titles)
    assert 'href="/nouveautes.atom?couloir=biologie-medicale"' in content


def test_an_unpublished_entrys_changes_leave_the_news(client, small_corpus):
    edit("ins-au-dpi", answer="Non, l'INS n'est plus affichée au DPI depuis 2026.")
    edit("ins-au-dpi", status=Entry.Status.ARCHIVED)

    content = client.get("/nouveautes/").content.decode()

    assert "Le DPI doit-il afficher" not in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"couloir": "inconnu"}, "Le filtre « couloir/inconnu » n&#x27;existe pas"),
        ({"page": "abc"}, "Le numéro de page doit être un nombre entier."),
        ({"couloir": [f"v{n}" for n in range(150)]}, "Trop de filtres"),
    ],
)
def test_an_address_no_reader_sends_gets_a_clear_message(client, small_corpus, params, message):
    response = client.get("/nouveautes/", params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_news_are_linked_from_the_header(client, small_corpus):
    content = client.get("/").content.decode()

    assert 'href="/nouveautes/"' in content
