from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from segurfaq import pagecache
from segurfaq.analytics.selectors import most_viewed, recently_updated
from segurfaq.analytics.services import view_record
from segurfaq.faq import selectors
from segurfaq.faq.changes import NEWS_PAGE_SIZE, NewsItem, entry_changes, news_count, news_list
from segurfaq.faq.display import EntryShown
from segurfaq.faq.forms import EntryFilterForm
from segurfaq.faq.http import entry_not_found, too_many
from segurfaq.faq.selectors import EntryFilters
from segurfaq.faq.signals import SEARCH_TOKEN_MAX_LENGTH
from segurfaq.faq.structured_data import faq_page_json_ld
from segurfaq.feedback.presentation import VoteBlock, vote_blocks
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import RateLimited
from segurfaq.search.models import SearchLog
from segurfaq.search.outcomes import PREVIOUS_SEARCH_HEADER, search_outcome_record
from segurfaq.search.presentation import EntryText, entry_texts
from segurfaq.search.selectors import related_entries
from segurfaq.search.services import search_ask


@dataclass(frozen=True)
class EntryCard:
    """One entry as a public page shows it: the entry, its text with the reader's words
    marked, and its vote block. Templates read `entry`, `text` and `vote`."""

    entry: EntryShown
    text: EntryText
    vote: VoteBlock


def _cards(request, entries: list[EntryShown], search=None) -> tuple[list[EntryCard], list]:
    """The cards of these entries, and the page's other pending messages."""
    texts = entry_texts(entries, search)
    votes, page_messages = vote_blocks(request, entries)
    cards = [EntryCard(entry, texts[entry.id], votes[entry.id]) for entry in entries]
    return cards, page_messages


def _without(query_dict, key: str, value: str | None = None) -> str:
    params = query_dict.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [v for v in params.getlist(key) if v != value])
    return "?" + params.urlencode() if params else "?"


def _ask_url(query_dict) -> str:
    params = query_dict.copy()
    params.pop("page", None)
    return reverse("inquiries:ask") + ("?" + params.urlencode() if params else "")


def _with(query_dict, key: str, value: str) -> str:
    params = query_dict.copy()
    params.pop("page", None)
    if value not in params.getlist(key):
        params.appendlist(key, value)
    return "?" + params.urlencode()


def _separation_choices(request, search) -> list[dict]:
    """One link per value that tells the two close entries apart: a click narrows."""
    if search.separation is None:
        return []
    return [
        {"label": choice.label, "url": _with(request.GET, choice.facet_slug, choice.value_slug)}
        for choice in search.separation.choices
    ]


def _other_questions(request, search) -> list[dict]:
    """Each further question a reader's message asks, with the search that answers it: the
    page answers the first and offers the others, so that none is lost."""
    if search is None or search.result is None:
        return []
    return [
        # Its own search, without the filters chosen for the first question.
        {"text": other, "url": "?" + urlencode({"q": other})}
        for other in search.result.other_questions
    ]


def _active_filters(request, result) -> list[dict]:
    """The filters the reader chose, each with the address that takes it out."""
    return [
        {
            "label": value.label,
            "facet": value.facet.label,
            "remove_url": _without(request.GET, value.facet.slug, value.slug),
        }
        for value in result.active
    ]


def _filter_warnings(form, result) -> list[str]:
    return form.errors_outside_the_box() + [
        (f"Le filtre « {key} » n'existe pas : il a été ignoré.") for key in result.unknown
    ]


def _follow_url(active_values, query: str = "", *, slug: str = "") -> str:
    """« Suivre ces questions » (the selection and keywords shown) or « Suivre cette
    réponse »."""
    if slug:
        params = [("question", slug)]
    else:
        params = [(value.facet.slug, value.slug) for value in active_values]
        if query:
            params.append(("q", query))
    return reverse("subscriptions:follow") + ("?" + urlencode(params) if params else "")


def _canonical(request, active_values, page_number: int) -> str:
    # One address per filtered view: facet filters in a fixed order, no question, the page.
    params = sorted((value.facet.slug, value.slug) for value in active_values)
    if page_number > 1:
        params.append(("page", str(page_number)))
    query = "&".join(f"{key}={value}" for key, value in params)
    return request.build_absolute_uri(reverse("site:entry_list")) + (f"?{query}" if query else "")


def entry_list(request):
    if request.GET.get("q", "").strip():
        # A search is logged each time it is asked, so its page is always made anew.
        return _entry_list(request)
    return pagecache.page(request, lambda: _entry_list(request))


def _entry_list(request):
    form = EntryFilterForm(request.GET, facet_slugs=selectors.facet_slugs())
    filters = form.entry_filters()
    if request.GET.get("q", "").strip() and not filters.query:
        # A question the form refused: no search to count, still a page to make.
        return _made(request, lambda: _listing(request, form, filters))
    return _listing(request, form, filters)


def _made(request, render):
    try:
        return pagecache.made(request, render)
    except RateLimited as limited:
        return pagecache.too_many_pages(request, limited)


def _listing(request, form, filters):
    try:
        asked = search_ask(
            filters=filters,
            source=SearchLog.Source.PAGE,
            network=client_network(request),
            returned=settings.SEGURFAQ_PAGE_SIZE,
            # Later pages of the same search are not new searches.
            log=form.page_number() == 1,
            previous_token=request.headers.get(PREVIOUS_SEARCH_HEADER, ""),
        )
    except RateLimited as limited:
        return too_many(
            request,
            title="Trop de recherches en peu de temps",
            message=(
                "Trop de recherches sont venues de votre réseau dans la dernière minute : "
                "votre recherche n'a pas été faite."
            ),
            retry_after=limited.retry_after,
        )
    search, token = asked.found, asked.token
    result = search.listing

    paginator = Paginator(result.entry_ids, settings.SEGURFAQ_PAGE_SIZE)
    page = paginator.get_page(form.page_number())
    page.pages_list = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    entries = selectors.entries_for_display(list(page.object_list))
    cards, page_messages = _cards(request, entries, search)

    active_filters = _active_filters(request, result)
    warnings = _filter_warnings(form, result)
    browsing = not filters.query and not result.active and page.number == 1
    # A page that updates its results as the reader types gets the results alone.
    template = "site/_results.html" if request.htmx else "site/entry_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "query": filters.query,
            "result": result,
            "search": search,
            "ask_url": _ask_url(request.GET),
            "separation_choices": _separation_choices(request, search),
            "other_questions": _other_questions(request, search),
            "search_token": token,
            "page_obj": page,
            "cards": cards,
            # A confident, unambiguous first answer is shown open ("Meilleure réponse").
            "best_slug": cards[0].entry.slug
            if cards
            and search.result is not None
            and not search.low_confidence
            and not search.ambiguous
            and page.number == 1
            else "",
            "active_filters": active_filters,
            "follow_url": _follow_url(result.active, filters.query),
            "news_url": reverse("site:news")
            + (
                "?" + urlencode([(v.facet.slug, v.slug) for v in result.active])
                if result.active
                else ""
            ),
            "clear_filters_url": "?" + (urlencode({"q": filters.query}) if filters.query else ""),
            "filter_warnings": warnings,
            # A page of results (not the home page): its count takes the focus on loading.
            "focus_results": not browsing,
            "page_messages": page_messages,
            "json_ld": faq_page_json_ld(request, entries),
            "canonical_url": _canonical(request, result.active, page.number),
            # Only a reader who is browsing, on the first page, sees these two lists.
            "most_viewed": most_viewed(limit=5) if browsing else [],
            "recently_updated": recently_updated(limit=5) if browsing else [],
        },
        # The page still shows what it could, and says what was wrong with the address.
        status=400 if form.errors or warnings else 200,
    )


def entry_detail(request, slug):
    # The id is enough to count the reading; the whole entry is loaded only when the page
    # is not in the cache.
    reference = selectors.entry_ref_published(slug=slug)
    if reference is None:
        raise entry_not_found()
    view_record(entry=reference, network=client_network(request))
    token = request.GET.get("recherche", "")[:SEARCH_TOKEN_MAX_LENGTH]
    if token:
        # Reached from a search: the page carries that search, so it is made for this
        # reader (and counted as such) after the search learns it was opened.
        return _made(request, lambda: _entry_opened(request, slug, reference, token))
    return pagecache.page(request, lambda: _entry_detail(request, slug))


def _entry_opened(request, slug, reference, token: str):
    opened = search_outcome_record(
        token=token, entry_id=reference.id, outcome=SearchLog.Outcome.OPENED
    )
    return _entry_detail(request, slug, search_token=token if opened else "")


def _entry_detail(request, slug, search_token: str = ""):
    entry = selectors.entry_get_published(slug=slug)
    if entry is None:  # unpublished since the line above
        raise entry_not_found()
    (card,), page_messages = _cards(request, [entry])
    return render(
        request,
        "site/entry_detail.html",
        {
            "entry": entry,
            "text": card.text,
            "vote": card.vote,
            "related": related_entries(entry=entry),
            "changes": entry_changes(entry_id=entry.id),
            "follow_url": _follow_url([], slug=entry.slug),
            "json_ld": faq_page_json_ld(request, [entry]),
            "canonical_url": request.build_absolute_uri(entry.get_absolute_url()),
            "page_messages": page_messages,
            "search_token": search_token,
        },
    )


@dataclass(frozen=True)
class NewsRow:
    """A line of « Nouveautés »: the change and the entry as it is now."""

    change: NewsItem
    entry: EntryShown


def news(request):
    return pagecache.page(request, lambda: _news(request))


def _news(request):
    """New entries and doctrine changes, newest first, narrowed by the list's facet
    filters (a keyword is not a filter here: changes are not searched)."""
    form = EntryFilterForm(request.GET, facet_slugs=selectors.facet_slugs())
    filters = EntryFilters(selected=form.entry_filters().selected)
    result = selectors.entry_list(filters=filters)
    count = news_count(entry_ids=result.entry_ids)
    paginator = Paginator(range(count), NEWS_PAGE_SIZE)
    page = paginator.get_page(form.page_number())
    page.pages_list = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    items = news_list(entry_ids=result.entry_ids, offset=page.start_index() - 1 if count else 0)
    shown = {e.id: e for e in selectors.entries_for_display([i.entry_id for i in items])}
    warnings = _filter_warnings(form, result)
    selection = urlencode([(value.facet.slug, value.slug) for value in result.active], doseq=True)
    return render(
        request,
        "site/news.html",
        {
            "form": form,
            "result": result,
            "rows": [NewsRow(i, shown[i.entry_id]) for i in items if i.entry_id in shown],
            "count": count,
            "page_obj": page,
            "active_filters": _active_filters(request, result),
            "filter_warnings": warnings,
            "feed_url": reverse("news_feed") + (f"?{selection}" if selection else ""),
            "list_url": reverse("site:entry_list") + (f"?{selection}" if selection else ""),
            "canonical_url": request.build_absolute_uri(reverse("site:news"))
            + (f"?{selection}" if selection else ""),
        },
        status=400 if form.errors or warnings else 200,
    )
