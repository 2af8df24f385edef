"""Every change to searchable content bumps the index revision.

Receivers here only invalidate a cache: each server process compares the revision with the
one its engine was built from, and rebuilds when they differ, so an entry saved in the
admin is searchable in the other workers without a restart. PerRevision keeps such reads:
the engines, and what every listing and vote reads of the content.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue

T = TypeVar("T")


def _bump(**kwargs):
    from segurfaq.search.models import IndexRevision

    if kwargs.get("raw"):
        return
    # Inside the writer's transaction: the new revision is seen exactly when the change is.
    IndexRevision.bump()


def _bump_after_restore(**kwargs):
    from segurfaq.search.models import IndexRevision

    IndexRevision.bump()


def connect():
    from segurfaq.operations.backups import restored
    from segurfaq.search.models import GlossaryTerm

    # The restored content is new to every process, whatever revision it was saved under.
    restored.connect(_bump_after_restore, dispatch_uid="search-bump-restore")
    for model in (Entry, EntryLink, Facet, FacetValue, GlossaryTerm):
        post_save.connect(_bump, sender=model, dispatch_uid=f"search-bump-save-{model.__name__}")
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"search-bump-delete-{model.__name__}"
        )
    m2m_changed.connect(_bump, sender=Entry.values.through, dispatch_uid="search-bump-values")


class PerRevision(Generic[T]):
    """What `read` returns, kept in this process until the content revision changes.

    The revision is bumped in the transaction of any edit of entries, facets, values, links
    or glossary, so a kept value is never older than the content a request can see, and
    checking it is one plain query where the reads it saves are several ORM queries (or a
    whole engine). Reads are serialised: two threads do not build the same thing twice.
    """

    def __init__(self, read: Callable[[], T]):
        self._read = read
        self._lock = threading.Lock()
        self._kept: tuple[str | None, T | None] = (None, None)

    def get(self) -> T:
        from segurfaq.search.models import IndexRevision

        # The revision is read before the content: an edit committed in between is kept
        # under the older revision, and read again on the next call.
        revision = IndexRevision.current()
        read_at, value = self._kept
        if read_at == revision:
            return value
        with self._lock:
            read_at, value = self._kept
            if read_at != revision:
                value = self._read()
                self._kept = (revision, value)
            return value

    def forget(self) -> None:
        """Read again on the next call, as a new process would."""
        self._kept = (None, None)
