"""Public URLs of declarations, under /declarer/ (inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "declarations"

urlpatterns = [
    path("", views.declaration_wizard, name="start"),
    path("recu/", views.receipt, name="receipt"),
    path("suivi/", views.track, name="track"),
    path("modifier/<page_id:venue_id>/", views.propose_change, name="change"),
    path("signaler/<page_id:venue_id>/", views.report, name="report"),
    path("<slug:step>/", views.declaration_wizard, name="step"),
]
