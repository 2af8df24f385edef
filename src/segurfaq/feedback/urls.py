from django.urls import path

from segurfaq.feedback import views

app_name = "feedback"

urlpatterns = [
    path("questions/<slug:slug>/avis/", views.vote_submit, name="vote"),
    path("questions/<slug:slug>/avis/raison/", views.vote_reason_submit, name="vote_reason"),
]
