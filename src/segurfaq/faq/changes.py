"""The public change log of an entry: what readers (vendors building on an answer) need to
know changed, dated, with a readable diff of the answer. No editor names: only what was
published.

Built from the entry's history (django-simple-history keeps every save). A change is a
saved version that was published and whose question or answer differs from the previous
published version: drafts in between, facet or note edits, re-publications of the same
text are not changes to a reader.

Each such version also says what kind of change it is (Entry.ChangeKind, set when it is
saved by change_kind_of): a new entry, a change of doctrine, or a correction of form.
The editor decides; by default an edit of a few characters, none of them a digit, is a
correction. Only new entries and doctrine changes reach followers and « Nouveautés »;
corrections show in the entry's change log only.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import conditional_escape, format_html, format_html_join

from segurfaq.faq.answer_markup import html_to_text, render_answer
from segurfaq.faq.models import Entry

# A published edit that changes at most this many characters of the question and the
# answer's text, none of them a digit, is a correction of form unless the editor says
# otherwise (a typo, an accent, punctuation). A number that changes (a date, a count of
# flows, a wave) is doctrine, however short.
CORRECTION_MAX_CHARACTERS = 12

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
    kind: str = Entry.ChangeKind.DOCTRINE
    what_changes: str = ""  # the editor's line for readers ("Ce qui change"), if any

    @property
    def kind_label(self) -> str:
        return Entry.ChangeKind(self.kind).label

    @property
    def is_correction(self) -> bool:
        return self.kind == Entry.ChangeKind.CORRECTION

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
        .values_list("history_date", "question", "answer_source", "change_kind", "change_summary")
    )
    changes: list[ChangeShown] = []
    # The previous published version: its question, source and the text a reader reads
    # (each version's answer is rendered once).
    previous: tuple[str, str, str] | None = None
    for date, question, source, kind, summary in versions.iterator():
        if previous is not None and (question, source) == previous[:2]:
            continue
        text = html_to_text(render_answer(source))
        if previous is None:
            changes.append(ChangeShown(date, True, "", (), Entry.ChangeKind.NEW, summary))
        elif question != previous[0] or text.split() != previous[2].split():
            # A change of markup alone (spacing, a line break) is not a change to a reader.
            diff = answer_diff(previous[2], text) if text.split() != previous[2].split() else ()
            reworded = previous[0] if question != previous[0] else ""
            # A version saved before kinds were recorded counts as doctrine: it may be.
            kind = kind if kind in _CHANGES else Entry.ChangeKind.DOCTRINE
            changes.append(ChangeShown(date, False, reworded, diff, kind, summary))
        previous = (question, source, text)
    return changes[::-1][:MAX_CHANGES]


_CHANGES = {Entry.ChangeKind.DOCTRINE, Entry.ChangeKind.CORRECTION}


def change_kind_of(
    *, entry_id: int | None, question: str, answer_source: str, status: str, chosen: str = ""
) -> str:
    """What a save about to be written is to readers: blank unless it publishes a question
    or answer text that differs from the last published one; then NEW for a first
    publication, else the editor's choice (`chosen`, DOCTRINE or CORRECTION) or, without
    one, the default (suggested_change_kind). Call it before the save: the history then
    holds the versions before it."""
    if status != Entry.Status.PUBLISHED:
        return ""
    previous = (
        Entry.history.filter(id=entry_id, status=Entry.Status.PUBLISHED)
        .order_by("-history_date", "-history_id")
        .values_list("question", "answer_source")
        .first()
        if entry_id is not None
        else None
    )
    if previous is None:
        return Entry.ChangeKind.NEW
    before = _reader_text(*previous)
    after = _reader_text(question, answer_source)
    if before.split() == after.split():
        return ""
    if chosen in _CHANGES:
        return chosen
    return suggested_change_kind(before, after)


def suggested_change_kind(before: str, after: str) -> str:
    """The default kind of a change from one text to another (CORRECTION_MAX_CHARACTERS)."""
    changed, digits = 0, False
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed += max(i2 - i1, j2 - j1)
        digits = digits or any(c.isdigit() for c in before[i1:i2] + after[j1:j2])
    if changed <= CORRECTION_MAX_CHARACTERS and not digits:
        return Entry.ChangeKind.CORRECTION
    return Entry.ChangeKind.DOCTRINE


def _reader_text(question: str, answer_source: str) -> str:
    return f"{question}\n{html_to_text(render_answer(answer_source))}"


# « Nouveautés » lists the newest this many changes at most, a page at a time.
NEWS_PAGE_SIZE = 20
NEWS_MAX = 500
NEWS_KINDS = (Entry.ChangeKind.NEW, Entry.ChangeKind.DOCTRINE)


@dataclass(frozen=True)
class NewsItem:
    """A new entry or a change of doctrine, as « Nouveautés », its feed and digests show it:
    the change as published then, with the entry's question and address as they are now."""

    date: datetime
    entry_id: int
    kind: str
    what_changes: str
    question_before: str
    answer: tuple[DiffPart, ...]
    history_id: int = 0

    @property
    def kind_label(self) -> str:
        return Entry.ChangeKind(self.kind).label

    @property
    def is_new(self) -> bool:
        return self.kind == Entry.ChangeKind.NEW

    def answer_html(self) -> str:
        return diff_html(self.answer)


def news_count(*, entry_ids=None, since: datetime | None = None) -> int:
    return min(_news_versions(entry_ids, since).count(), NEWS_MAX)


def news_list(
    *, entry_ids=None, since: datetime | None = None, offset: int = 0, limit: int = NEWS_PAGE_SIZE
) -> list[NewsItem]:
    """New entries and doctrine changes, newest first, of the given entries (None: all;
    only published ones are ever listed: pass the ids of published entries) and, with
    `since`, published after that date."""
    limit = max(0, min(limit, NEWS_MAX - offset))
    rows = (
        _news_versions(entry_ids, since)
        .order_by("-history_date", "-history_id")
        .values_list(*_NEWS_FIELDS)[offset : offset + limit]
    )
    return [_news_item(*row) for row in rows]


def news_items(*, history_ids) -> list[NewsItem]:
    """The given versions (new entries and doctrine changes only, still published then),
    oldest first: what a digest reports."""
    rows = (
        Entry.history.filter(
            history_id__in=list(history_ids),
            change_kind__in=NEWS_KINDS,
            status=Entry.Status.PUBLISHED,
        )
        .order_by("history_date", "history_id")
        .values_list(*_NEWS_FIELDS)
    )
    return [_news_item(*row) for row in rows]


_NEWS_FIELDS = (
    "history_id",
    "id",
    "history_date",
    "change_kind",
    "change_summary",
    "question",
    "answer_source",
)


def _news_item(history_id, entry_id, date, kind, summary, question, source) -> NewsItem:
    before = (
        Entry.history.filter(id=entry_id, status=Entry.Status.PUBLISHED, history_id__lt=history_id)
        .order_by("-history_id")
        .values_list("question", "answer_source")
        .first()
    )
    question_before, diff = "", ()
    if kind == Entry.ChangeKind.DOCTRINE and before is not None:
        old_text = html_to_text(render_answer(before[1]))
        new_text = html_to_text(render_answer(source))
        if old_text.split() != new_text.split():
            diff = answer_diff(old_text, new_text)
        question_before = before[0] if before[0] != question else ""
    return NewsItem(date, entry_id, kind, summary, question_before, diff, history_id)


def _news_versions(entry_ids, since):
    versions = Entry.history.filter(change_kind__in=NEWS_KINDS, status=Entry.Status.PUBLISHED)
    if entry_ids is not None:
        versions = versions.filter(id__in=list(entry_ids))
    if since is not None:
        versions = versions.filter(history_date__gt=since)
    return versions
