from django.urls import path

from segurfaq.search.views import search_read

app_name = "search"
urlpatterns = [path("recherche/lue/", search_read, name="read")]
