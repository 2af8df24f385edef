from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from segurfaq.accounts.forms import ThrottledAdminLoginForm
from segurfaq.api.api import api
from segurfaq.faq.feeds import EntriesFeed, FacetValueFeed, NewsFeed
from segurfaq.faq.sitemaps import EntrySitemap, ListSitemap
from segurfaq.pagecache import shared
from segurfaq.views import accessibility, healthz, personal_data, readyz, robots_txt

admin.site.site_header = "Rédaction de la FAQ Ségur"
admin.site.site_title = "Rédaction FAQ Ségur"
admin.site.index_title = "Espace de rédaction"
admin.site.login_form = ThrottledAdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Public reads made from the content alone: shared by readers, limited per address.
    path("flux.atom", shared(EntriesFeed()), name="feed"),
    path("flux/<slug:facet>/<slug:value>.atom", shared(FacetValueFeed()), name="feed_value"),
    path("nouveautes.atom", shared(NewsFeed()), name="news_feed"),
    path(
        "sitemap.xml",
        shared(sitemap),
        {"sitemaps": {"liste": ListSitemap, "questions": EntrySitemap}},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("donnees-personnelles/", personal_data, name="personal_data"),
    path("accessibilite/", accessibility, name="accessibility"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Browsers ask for it on every page, the back office's included.
    path("favicon.ico", RedirectView.as_view(url=static("dsfr/dist/favicon/favicon.ico"))),
    path("", include("segurfaq.feedback.urls")),
    path("", include("segurfaq.search.urls")),
    path("", include("segurfaq.inquiries.urls")),
    path("", include("segurfaq.subscriptions.urls")),
    path("", include("segurfaq.site.urls")),
]

handler400 = "segurfaq.views.bad_request"
handler404 = "segurfaq.views.page_not_found"
handler500 = "segurfaq.views.server_error"
