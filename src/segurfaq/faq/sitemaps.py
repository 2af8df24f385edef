from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from segurfaq.faq.selectors import published_entries


class EntrySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return published_entries().order_by("id")

    def lastmod(self, item):
        return item.updated_at


class ListSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["site:entry_list"]

    def location(self, item):
        return reverse(item)
