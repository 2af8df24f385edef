"""The content revision: every change to the content bumps it, in the writer's transaction.

Receivers here only invalidate: each server process compares the revision with the one its
engines and kept reads were made from, and makes them again when they differ, so an entry
saved in the back office is served by every worker and instance at its next request.
PerRevision keeps such reads: the engines, and what every listing and vote reads of the
content. Apps above this one that hold content of their own (the search glossary) call
`revision_follows` for their models.
"""

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

from segurfaq.faq.models import ContentRevision, Entry, EntryLink, Facet, FacetValue
from segurfaq.operations.backups import restored

T = TypeVar("T")

logger = logging.getLogger(__name__)


def _bump(**kwargs):
    if kwargs.get("raw"):
        return
    # Inside the writer's transaction: the new revision is seen exactly when the change is.
    ContentRevision.bump()


def _bump_after_restore(**kwargs):
    ContentRevision.bump()


def revision_follows(model) -> None:
    """Bump the content revision whenever a row of `model` is saved or deleted."""
    name = f"{model._meta.app_label}.{model.__name__}"
    post_save.connect(_bump, sender=model, dispatch_uid=f"revision-save-{name}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"revision-delete-{name}")


def connect() -> None:
    # The restored content is new to every process, whatever revision it was saved under.
    restored.connect(_bump_after_restore, dispatch_uid="revision-restore")
    for model in (Entry, EntryLink, Facet, FacetValue):
        revision_follows(model)
    m2m_changed.connect(_bump, sender=Entry.values.through, dispatch_uid="revision-values")


class PerRevision(Generic[T]):
    """What `read` returns, kept in this process until the content revision changes.

    The revision is bumped in the transaction of any edit of entries, facets, values, links
    or glossary, so a kept value is never older than the content a request can see, and
    checking it is one plain query where the reads it saves are several ORM queries (or a
    whole engine). Reads are serialised: two threads do not build the same thing twice.
    """

    # Every instance, so that segurfaq.process_state can list and forget them all.
    instances: "weakref.WeakSet[PerRevision]" = weakref.WeakSet()

    def __init__(self, read: Callable[[], T], *, name: str = ""):
        self._read = read
        self.name = name or f"{read.__module__}.{read.__qualname__}"
        self._lock = threading.Lock()
        self._kept: tuple[str | None, T | None] = (None, None)
        PerRevision.instances.add(self)

    def get(self) -> T:
        # The revision is read before the content: an edit committed in between is kept
        # under the older revision, and read again on the next call.
        revision = ContentRevision.current()
        read_at, value = self._kept
        if read_at == revision:
            return value
        with self._lock:
            read_at, value = self._kept
            if read_at != revision:
                started = time.perf_counter()
                value = self._read()
                self._kept = (revision, value)
                logger.info(
                    "%s read again for content revision %s in %.1f ms",
                    self.name,
                    revision[:8] or "(none)",
                    (time.perf_counter() - started) * 1000,
                )
            return value

    def forget(self) -> None:
        """Read again on the next call, as a new process would."""
        self._kept = (None, None)
