"""Vendors build their software on these answers: each entry's page says what changed and
when, word by word, and the feed says it too. No editor's name is shown."""

import xml.etree.ElementTree as ET

import pytest

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save

ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "ins-au-laboratoire"
URL = f"/questions/{SLUG}/"


def edit(*, answer=None, question=None, **fields):
    entry = Entry.objects.get(slug=SLUG)
    if answer is not None:
        entry.answer_source = answer
    if question is not None:
        entry.question = question
    for name, value in fields.items():
        setattr(entry, name, value)
    entry_save(entry=entry, content_changed=answer is not None or question is not None)


@pytest.fixture
def published_twice(small_corpus):
    edit(answer="Oui, le laboratoire qualifie l'INS à l'accueil du patient.")
    edit(answer="Oui, le laboratoire qualifie l'INS à l'accueil, avec une pièce d'identité.")


def test_a_published_change_is_dated_and_shown_word_by_word(client, published_twice):
    content = client.get(URL).content.decode()

    assert "Modifiée le" in content
    assert 'href="#modifications"' in content
    assert "Modifications de cette réponse" in content
    assert '<ins><span class="fr-sr-only">[ajouté : </span>' in content
    assert "avec une pièce d&#x27;identité." in content
    assert "<del>" in content and "du patient." in content
    assert "première publication." in content


def test_a_new_question_wording_is_listed_with_the_one_before(client, published_twice):
    edit(question="Le laboratoire de biologie doit-il qualifier l'INS ?")

    content = client.get(URL).content.decode()

    assert "question reformulée" in content
    assert "Question avant : « Le laboratoire doit-il qualifier l&#x27;INS ? »" in content


def test_edits_a_reader_cannot_see_are_not_changes(client, published_twice):
    before = client.get(URL).content.decode().count('<li class="fr-mb-3w">')
    edit(editor_note="Relu avec la DNS.", tags=["laboratoire"])
    edit(answer="Oui, le laboratoire qualifie l'INS à l'accueil,   avec une pièce d'identité.")

    after = client.get(URL).content.decode().count('<li class="fr-mb-3w">')

    assert before == after == 3


def test_no_editor_name_is_shown(client, published_twice, editor):
    content = client.get(URL).content.decode()

    assert editor.username not in content


def test_an_entry_never_changed_shows_no_change_log(client, small_corpus):
    content = client.get(URL).content.decode()

    assert "Modifications de cette réponse" not in content
    assert "Dernière mise à jour le" in content


def test_text_in_a_change_is_escaped(client, published_twice):
    edit(answer="Oui. Écrire &lt;script&gt;alert(1)&lt;/script&gt; ne fait rien.")

    content = client.get(URL).content.decode()

    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)" in content


def test_the_feed_says_what_changed(client, published_twice):
    root = ET.fromstring(client.get("/flux.atom").content)
    first = root.findall(f"{ATOM}entry")[0]
    summary = first.find(f"{ATOM}summary").text

    assert first.find(f"{ATOM}title").text == "Le laboratoire doit-il qualifier l'INS ?"
    assert "Modifications :" in summary
    assert "Réponse modifiée (" in summary
    assert "Première publication." in summary
