from django.urls import path

from segurfaq.inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("poser-une-question/", views.ask, name="ask"),
    path("poser-une-question/merci/", views.thanks, name="thanks"),
    path("poser-une-question/confirmer/<str:token>/", views.confirm, name="confirm"),
]
