"""Public URLs of the freshness checks, in every language (in i18n_patterns)."""

from django.urls import path

from . import views

app_name = "freshness"

urlpatterns = [
    path("verifier/<str:token>/", views.verify, name="verify"),
]
