from django.urls import path

from segurfaq.site import views

app_name = "site"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("questions/<slug:slug>/", views.entry_detail, name="entry_detail"),
    path("nouveautes/", views.news, name="news"),
]
