from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from segurfaq.faq.changes import NewsItem, entry_changes, news_list
from segurfaq.faq.display import EntryShown
from segurfaq.faq.models import FacetValue
from segurfaq.faq.selectors import (
    FILTER_VALUES_MAX,
    EntryFilters,
    entries_for_display,
    entry_list,
    facet_slugs,
    published_entries,
)

FEED_SIZE = 50


def _shown(entries) -> list[EntryShown]:
    """The newest changed entries as the pages show them: a feed publishes what a display
    object holds, never a row's other fields (editors' notes, review dates)."""
    ids = entries.order_by("-updated_at", "-id").values_list("id", flat=True)[:FEED_SIZE]
    return entries_for_display(list(ids))


class EntriesFeed(Feed):
    """New and updated answers, newest change first (Atom)."""

    feed_type = Atom1Feed
    title = "FAQ du Ségur du numérique en santé : réponses nouvelles et mises à jour"
    subtitle = (
        "Les questions / réponses de l'Agence du numérique en santé sur le Ségur du "
        "numérique en santé."
    )

    def link(self):
        return reverse("site:entry_list")

    def items(self):
        return _shown(published_entries())

    def item_title(self, item: EntryShown):
        return item.question

    def item_description(self, item: EntryShown):
        # A reader following the feed learns what changed before rereading the answer.
        changes = entry_changes(entry_id=item.id)[:3]
        if len(changes) < 2 and (not changes or changes[0].first):
            return item.answer
        lines = format_html_join(
            "",
            "<li>{} : {}</li>",
            ((date_format(localtime(c.date), "j F Y"), c.summary()) for c in changes),
        )
        # The entry's page (the item's link) shows each change word by word.
        return format_html("<p>Modifications :</p><ul>{}</ul><hr>", lines) + item.answer

    def item_pubdate(self, item: EntryShown):
        return item.published_at

    def item_updateddate(self, item: EntryShown):
        return item.updated_at

    def item_guid(self, item: EntryShown):
        return f"segurfaq:entry:{item.slug}"

    item_guid_is_permalink = False


class FacetValueFeed(EntriesFeed):
    """The same, for one facet value (a couloir also brings its dispositifs' entries)."""

    def get_object(self, request, facet, value):
        found = (
            FacetValue.objects.select_related("facet").filter(facet__slug=facet, slug=value).first()
        )
        if found is None:
            raise Http404("Cette valeur de facette n'existe pas.")
        return found

    def title(self, obj: FacetValue):
        return f"FAQ du Ségur du numérique en santé : {obj.facet.label} « {obj.label} »"

    def link(self, obj: FacetValue):
        return reverse("site:entry_list") + f"?{obj.facet.slug}={obj.slug}"

    def items(self, obj: FacetValue):
        ids = [obj.pk, *obj.children.values_list("pk", flat=True)]
        return _shown(published_entries().filter(values__in=ids).distinct())


class NewsFeed(Feed):
    """« Nouveautés » as Atom: new entries and doctrine changes, newest first, for the facet
    values in the address (as the list's filters: ?couloir=biologie-medicale&…)."""

    feed_type = Atom1Feed
    title = "FAQ du Ségur du numérique en santé : nouveautés"
    subtitle = (
        "Les nouvelles réponses et les changements de doctrine, sans les corrections de forme."
    )

    def get_object(self, request):
        slugs = facet_slugs()
        selected = {
            slug: tuple(dict.fromkeys(v for v in request.GET.getlist(slug) if v))
            for slug in slugs
            if request.GET.getlist(slug)
        }
        filters = EntryFilters(selected=selected)
        if filters.problem():
            raise Http404(f"Trop de filtres : {FILTER_VALUES_MAX} valeurs au plus.")
        return filters

    def link(self, obj: EntryFilters):
        query = "&".join(f"{key.replace('/', '=', 1)}" for key in obj.keys)
        return reverse("site:news") + (f"?{query}" if query else "")

    def items(self, obj: EntryFilters):
        result = entry_list(filters=obj)
        items = news_list(entry_ids=result.entry_ids, limit=FEED_SIZE)
        shown = {e.id: e for e in entries_for_display([i.entry_id for i in items])}
        return [(item, shown[item.entry_id]) for item in items if item.entry_id in shown]

    def item_title(self, item):
        change, entry = item
        return f"{change.kind_label} : {entry.question}"

    def item_description(self, item):
        change, entry = item
        parts = []
        if change.what_changes:
            parts.append(format_html("<p>Ce qui change : {}</p>", change.what_changes))
        if change.question_before:
            parts.append(format_html("<p>Question avant : « {} »</p>", change.question_before))
        if change.answer:
            parts.append(format_html("<p>{}</p>", change.answer_html()))
        return format_html_join("", "{}", ((p,) for p in parts)) + entry.answer

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_pubdate(self, item):
        return item[0].date

    def item_updateddate(self, item):
        return item[0].date

    def item_guid(self, item):
        change: NewsItem = item[0]
        return f"segurfaq:change:{change.entry_id}:{change.date.isoformat()}"

    item_guid_is_permalink = False
