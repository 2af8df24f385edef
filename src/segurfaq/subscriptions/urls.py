from django.urls import path

from segurfaq.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("suivre/", views.follow, name="follow"),
    path("suivre/merci/", views.thanks, name="thanks"),
    path("suivre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("suivre/gerer/<str:token>/", views.manage, name="manage"),
    path("suivre/arreter/<str:token>/", views.stop, name="stop"),
]
