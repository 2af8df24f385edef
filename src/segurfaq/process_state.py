"""Everything a server process keeps between requests, what it holds and when it is dropped.

Nothing else in segurfaq keeps state at module level. Each item below is either made again
when the content revision changes (so it is never older than what a request can see), or
cannot become stale. `forget_all()` drops them all, as a new process would start: tests use
it between cases, and a command may use it after it changed the database behind the
process's back.

- **Per-revision reads** (`faq.revision.PerRevision` instances): the readers' and editors'
  engines (`search.index`); the facets and values, the published entries' references and
  the entries loaded for display (`faq.selectors`); the API's Last-Modified (`api.api`).
  Each holds the result of one read, made again at the first request after the content
  revision moved, and logged then at INFO with its duration.
- **Visitors' salts** (`feedback.visitor`): the monthly salts that key the visitors'
  hashes, and the hashes whose older votes were already carried over to this month's
  (at most 20,000). Dropped when salts are purged; a salt never changes otherwise.
- **Redis outages** (`operations.cache`): per Redis location, down since when, the next
  retry and the last ERROR log. Dropped when Redis answers again.
- **`/readyz` failure logs** (`operations.health`): when each dependency's failure was last
  logged at ERROR, so that a failing probe logs once a minute, not at every call.
- Never dropped, because they cannot become stale: the embedding model
  (`engine.semantic.shared_embedder`, read-only); the vectors this process computed lately
  (`search.index._recent`, at most 20,000, keyed by the hash of the texts embedded: a
  database restored to an older state does not cost the model again); the analysis of each
  word seen (`engine.analysis`, a pure function); the parsed trusted proxies
  (`operations.client_address`, keyed by the setting's value); the BLAS thread-pool
  controller (`engine.core`).
"""


def forget_all() -> None:
    """Drop every kept read that can become stale; the next request reads anew."""
    from segurfaq.faq.revision import PerRevision
    from segurfaq.feedback.visitor import forget_cached_salts
    from segurfaq.operations.cache import forget_outages
    from segurfaq.operations.health import forget_logged_failures

    for kept in list(PerRevision.instances):
        kept.forget()
    forget_cached_salts()
    forget_outages()
    forget_logged_failures()


def kept_reads() -> list[str]:
    """The names of this process's per-revision reads (see the table above)."""
    from segurfaq.faq.revision import PerRevision

    return sorted(kept.name for kept in PerRevision.instances)
