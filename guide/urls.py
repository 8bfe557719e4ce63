from django.urls import path

from .widget import embed_help, need_widget, territory_widget

# The partners' widget and how to embed it (widget.py).
urlpatterns = [
    path("integrer/", embed_help, name="embed_help"),
    path("integrer/besoin/<slug:slug>/", need_widget, name="need_widget"),
    path("integrer/territoire/<slug:slug>/", territory_widget, name="territory_widget"),
]
