"""Every change to searchable content bumps the index revision.

Receivers here only invalidate a cache: each server process compares the revision with the
one its engine was built from, and rebuilds when they differ, so an entry saved in the
admin is searchable in the other workers without a restart.
"""

from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save

from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue

_paused = False


@contextmanager
def paused():
    """Load data without a bump per row (a restore); the caller bumps once at the end."""
    global _paused
    _paused = True
    try:
        yield
    finally:
        _paused = False


def _bump(**kwargs):
    from segurfaq.search.models import IndexRevision

    if kwargs.get("raw") or _paused:
        return
    # Inside the writer's transaction: the new revision is seen exactly when the change is.
    IndexRevision.bump()


def connect():
    from segurfaq.search.models import GlossaryTerm

    for model in (Entry, EntryLink, Facet, FacetValue, GlossaryTerm):
        post_save.connect(_bump, sender=model, dispatch_uid=f"search-bump-save-{model.__name__}")
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"search-bump-delete-{model.__name__}"
        )
    m2m_changed.connect(_bump, sender=Entry.values.through, dispatch_uid="search-bump-values")
