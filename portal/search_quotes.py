"""SQLite full-text search: a double quote typed into a search must not break the query.

The database search backend on SQLite (modelsearch's, behind Wagtail's) writes each search term
as an FTS5 string, ``"term"``, without doubling the double quotes inside it, as FTS5 requires.
A visitor typing ``a"b`` in the venue search or the API's ``?search=`` therefore ended the
string early and got a server error ("unterminated string"): wagtail/wagtail#13227, still open in
modelsearch 1.3.2. ``escape_quotes_in_search_terms`` (called once, from ``PortalConfig.ready``)
wraps the term's SQL to double them. PostgreSQL's backend passes terms as parameters to its own
functions and needs nothing. Remove this module once modelsearch escapes the quotes itself.
"""

from django.db import connection


def escape_quotes_in_search_terms():
    if connection.vendor != "sqlite":
        return  # the SQLite backend's module exists only with SQLite's index model
    from modelsearch.backends.database.sqlite.query import Lexeme

    if getattr(Lexeme.as_sql, "escapes_quotes", False):
        return
    unescaped_as_sql = Lexeme.as_sql

    def as_sql(self, compiler, connection):
        template, params = unescaped_as_sql(self, compiler, connection)
        return template, [param.replace('"', '""') for param in params]

    as_sql.escapes_quotes = True
    Lexeme.as_sql = as_sql
