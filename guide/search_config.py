"""French full-text search on both databases: accents ignored, words reduced to their stem.

Wagtail's database search backend indexes with PostgreSQL's default configuration and SQLite's
default FTS5 tokenizer, neither of which stems French words or ignores accents on both sides, so
"demarche" would not find "Démarches". The migration that calls these functions fixes that once:

- PostgreSQL: a ``french_unaccent`` text search configuration (the ``unaccent`` extension, a
  trusted extension the database owner may create, followed by the French Snowball stemmer);
  settings point ``SEARCH_CONFIG`` to it.
- SQLite: the FTS5 index table is rebuilt with ``porter unicode61 remove_diacritics 2``. FTS5 has
  no French stemmer; Porter removes the plural and final-e endings that matter most in French
  queries, and unicode61 drops the accents.
"""

POSTGRES_CONFIGURATION = "french_unaccent"
SQLITE_INDEX_TABLE = "wagtailsearch_indexentry"
SQLITE_FTS_TABLE = f"{SQLITE_INDEX_TABLE}_fts"
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


def configure_french_search(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _configure_postgres(schema_editor)
    elif connection.vendor == "sqlite" and _table_exists(connection, SQLITE_FTS_TABLE):
        _configure_sqlite(schema_editor)


def _configure_postgres(schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {POSTGRES_CONFIGURATION}; "
        f"CREATE TEXT SEARCH CONFIGURATION {POSTGRES_CONFIGURATION} (COPY = french); "
        f"ALTER TEXT SEARCH CONFIGURATION {POSTGRES_CONFIGURATION} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
    )


def _configure_sqlite(schema_editor):
    """Recreate the FTS5 table with the tokenizer, refill it, and keep Wagtail's sync triggers."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s",
            [f"%{SQLITE_FTS_TABLE}%"],
        )
        triggers = cursor.fetchall()
    for name, _sql in triggers:
        schema_editor.execute(f"DROP TRIGGER {name}")
    schema_editor.execute(f"DROP TABLE {SQLITE_FTS_TABLE}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {SQLITE_FTS_TABLE} USING fts5(autocomplete, body, title, "
        f"tokenize = '{SQLITE_TOKENIZER}')"
    )
    schema_editor.execute(  # the module's constant table names, no input
        f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, autocomplete, body, title) "  # nosec B608
        f"SELECT id, autocomplete, body, title FROM {SQLITE_INDEX_TABLE}"
    )
    for _name, sql in triggers:
        schema_editor.execute(sql)


def _table_exists(connection, name):
    with connection.cursor() as cursor:
        return name in connection.introspection.table_names(cursor)
