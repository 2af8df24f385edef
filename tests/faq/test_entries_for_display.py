"""Entries loaded for display are kept per process, and never show stale or foreign data."""

import dataclasses

import pytest

from segurfaq.faq import selectors
from segurfaq.faq.models import Entry, EntryLink
from segurfaq.faq.services import entry_save


def _one(slug: str):
    return selectors.entries_for_display([Entry.objects.get(slug=slug).id])[0]


def test_an_edited_answer_and_a_new_link_are_displayed_at_once(small_corpus):
    first = _one("solde-du-financement")
    entry = Entry.objects.get(slug="solde-du-financement")
    entry.question = "À quelle date le solde est-il payé ?"
    entry.answer_source = "Après la **vérification** du dossier."
    entry_save(entry=entry, content_changed=True)
    EntryLink.objects.create(entry=entry, label="Guide", url="https://example.org/guide")

    shown = _one("solde-du-financement")

    assert first.question != shown.question
    assert shown.question == "À quelle date le solde est-il payé ?"
    assert "<strong>vérification</strong>" in shown.answer
    assert "Guide" in [link.label for link in shown.links]


def test_a_caller_cannot_change_what_the_next_one_is_shown(small_corpus):
    first = _one("solde-du-financement")

    with pytest.raises(dataclasses.FrozenInstanceError):
        first.question = "surligné pour un lecteur"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.own_vote = "no"  # type: ignore[attr-defined]

    second = _one("solde-du-financement")
    assert second.question == "Quand le solde du financement est-il versé ?"
    assert not hasattr(second, "own_vote")
    assert second.values == first.values


def test_entries_come_back_in_the_order_asked_and_unknown_ids_are_left_out(small_corpus):
    ids = list(Entry.objects.order_by("-id").values_list("id", flat=True)[:3])

    shown = selectors.entries_for_display([*ids, 999_999])

    assert [entry.id for entry in shown] == ids
