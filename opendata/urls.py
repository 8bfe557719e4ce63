from django.urls import path

from . import views

# The same files in every language: included without a language prefix.
urlpatterns = [
    path("lieux.csv", views.venues_csv, name="opendata_venues_csv"),
    path("lieux.json", views.venues_json, name="opendata_venues_json"),
]
