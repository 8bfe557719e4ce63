"""The bridge to data·inclusion, the national hub of social-inclusion services.

Its schema is the ``data-inclusion-schema`` package (pydantic models ``Structure`` and
``Service``, their vocabularies and a quality score): ``thematiques`` maps the guide's detailed
services to its thématiques, ``export`` publishes the venues in its format.
"""
