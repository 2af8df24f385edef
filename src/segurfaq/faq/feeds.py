from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from segurfaq.faq.changes import entry_changes
from segurfaq.faq.models import Entry, FacetValue
from segurfaq.faq.selectors import published_entries

FEED_SIZE = 50


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
        return published_entries().order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, item: Entry):
        return item.question

    def item_description(self, item: Entry):
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

    def item_pubdate(self, item: Entry):
        return item.published_at

    def item_updateddate(self, item: Entry):
        return item.updated_at

    def item_guid(self, item: Entry):
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
        return (
            published_entries()
            .filter(values__in=ids)
            .distinct()
            .order_by("-updated_at", "-id")[:FEED_SIZE]
        )
