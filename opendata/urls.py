from django.urls import path

from . import views

# The same files in every language: included without a language prefix.
urlpatterns = [
    path("lieux.csv", views.venues_csv, name="opendata_venues_csv"),
    path("lieux.json", views.venues_json, name="opendata_venues_json"),
    path(
        "data-inclusion/structures.json",
        views.data_inclusion_structures,
        name="opendata_data_inclusion_structures",
    ),
    path(
        "data-inclusion/services.json",
        views.data_inclusion_services,
        name="opendata_data_inclusion_services",
    ),
]
