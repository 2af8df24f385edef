"""The public change log of an entry: what readers (vendors building on an answer) need to
know changed, dated, with a readable diff of the answer. No editor names: only what was
published.

Built from the entry's history (django-simple-history keeps every save). A change is a
saved version that was published and whose question or answer differs from the previous
published version: drafts in between, facet or note edits, re-publications of the same
text are not changes to a reader.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import conditional_escape, format_html, format_html_join

from segurfaq.faq.answer_markup import html_to_text, render_answer
from segurfaq.faq.models import Entry

# Words kept on each side of a change; longer unchanged stretches are cut to "…".
CONTEXT_WORDS = 12
MAX_CHANGES = 20
_TOKENS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "added", "removed", "cut"
    text: str


@dataclass(frozen=True)
class ChangeShown:
    """One published change, newest first in a list."""

    date: datetime
    first: bool  # the first publication: nothing to compare with
    question_before: str  # empty when the question did not change
    answer: tuple[DiffPart, ...]  # empty when the answer did not change

    def answer_html(self) -> str:
        return diff_html(self.answer)

    def summary(self) -> str:
        """One line for the Atom feed."""
        if self.first:
            return "Première publication."
        parts = []
        if self.question_before:
            parts.append("question reformulée")
        if self.answer:
            added = sum(len(p.text.split()) for p in self.answer if p.kind == "added")
            removed = sum(len(p.text.split()) for p in self.answer if p.kind == "removed")
            parts.append(f"réponse modifiée ({added} mot(s) ajouté(s), {removed} retiré(s))")
        return (", ".join(parts) or "modification").capitalize() + "."


_WORDS = {"added": ("ins", "ajouté"), "removed": ("del", "retiré")}


def diff_html(parts: tuple[DiffPart, ...], *, hidden: str = "fr-sr-only") -> str:
    """A diff as HTML (every text escaped): <ins> and <del>, each also said in words for
    screen readers, which do not all announce them; `hidden` is the class that hides
    those words on screen (the DSFR's on public pages, Django's in the back office)."""
    return format_html_join("", "{}", ((_part_html(part, hidden),) for part in parts))


def _part_html(part: DiffPart, hidden: str) -> str:
    if part.kind not in _WORDS:
        return conditional_escape(part.text)
    tag, word = _WORDS[part.kind]
    return format_html(
        '<{tag}><span class="{hidden}">[{word} : </span>{text}'
        '<span class="{hidden}">]</span></{tag}>',
        tag=tag,
        hidden=hidden,
        word=word,
        text=part.text,
    )


def answer_diff(before: str, after: str) -> tuple[DiffPart, ...]:
    """Word by word, with unchanged stretches cut down to their context. Changes separated
    only by spaces read as one: "du patient." replaced by "avec une pièce d'identité.", not
    word against word."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    segments = [(tag == "equal", old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in opcodes]
    merged: list[tuple[bool, list[str], list[str]]] = []
    for index, (same, removed, added) in enumerate(segments):
        if merged and not merged[-1][0]:
            spaces = same and all(token.isspace() for token in removed)
            followed = index + 1 < len(segments) and not segments[index + 1][0]
            if not same or (spaces and followed):
                merged[-1][1].extend(removed)
                merged[-1][2].extend(added)
                continue
        merged.append((same, list(removed), list(added)))
    parts: list[DiffPart] = []
    for index, (same, removed, added) in enumerate(merged):
        if same:
            parts.extend(_context(removed, first=index == 0, last=index == len(merged) - 1))
            continue
        before_text, after_text = "".join(removed), "".join(added)
        if (before_text or after_text)[:1].isspace():
            parts.append(DiffPart("same", " "))
        if before_text.strip():
            parts.append(DiffPart("removed", before_text.strip()))
        if after_text.strip():
            parts.append(DiffPart("added", after_text.strip()))
        if (before_text or after_text)[-1:].isspace():
            parts.append(DiffPart("same", " "))
    return tuple(parts)


def _context(tokens: list[str], *, first: bool, last: bool) -> list[DiffPart]:
    words = [i for i, token in enumerate(tokens) if not token.isspace()]
    keep_before = 0 if first else CONTEXT_WORDS  # words kept after the previous change
    keep_after = 0 if last else CONTEXT_WORDS  # words kept before the next change
    if len(words) <= keep_before + keep_after + 2:
        return [DiffPart("same", "".join(tokens))]
    parts = []
    if keep_before:
        parts.append(DiffPart("same", "".join(tokens[: words[keep_before - 1] + 1])))
    parts.append(DiffPart("cut", " … "))
    if keep_after:
        parts.append(DiffPart("same", "".join(tokens[words[-keep_after] :])))
    return parts


def entry_changes(*, entry_id: int) -> list[ChangeShown]:
    """The entry's published changes, newest first (at most MAX_CHANGES)."""
    versions = (
        Entry.history.filter(id=entry_id, status=Entry.Status.PUBLISHED)
        .order_by("history_date", "history_id")
        .values_list("history_date", "question", "answer_source")
    )
    changes: list[ChangeShown] = []
    # The previous published version: its question, source and the text a reader reads
    # (each version's answer is rendered once).
    previous: tuple[str, str, str] | None = None
    for date, question, source in versions.iterator():
        if previous is not None and (question, source) == previous[:2]:
            continue
        text = html_to_text(render_answer(source))
        if previous is None:
            changes.append(ChangeShown(date, True, "", ()))
        elif question != previous[0] or text.split() != previous[2].split():
            # A change of markup alone (spacing, a line break) is not a change to a reader.
            diff = answer_diff(previous[2], text) if text.split() != previous[2].split() else ()
            reworded = previous[0] if question != previous[0] else ""
            changes.append(ChangeShown(date, False, reworded, diff))
        previous = (question, source, text)
    return changes[::-1][:MAX_CHANGES]
