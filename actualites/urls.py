"""The subscription's public URLs, under /lettre/ beside the archive page (in i18n_patterns)."""

from django.urls import path

from . import views

app_name = "actualites"

urlpatterns = [
    path("lettre/abonnement/", views.subscribe, name="subscribe"),
    path("lettre/abonnement/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
