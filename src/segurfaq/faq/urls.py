from django.urls import path

from segurfaq.faq import views

app_name = "faq"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("questions/<slug:slug>/", views.entry_detail, name="entry_detail"),
]
