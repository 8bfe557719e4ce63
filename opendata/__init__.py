"""Open data: the national schema of digital mediation places, imported and published.

``schema.py`` holds the schema's rules, ``venues.py`` turns a venue into a row and back,
``importer.py`` and ``exporter.py`` run whole files, ``views.py`` serves /donnees/.
"""
