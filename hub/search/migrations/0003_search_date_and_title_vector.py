"""PostgreSQL only: a stored title-only tsvector with a GIN index, and an index of public entries by date.

Both serve the candidates of a search with very many matches (see ``hub.search.selectors``): the newest
matches, and the newest entries whose title matches. The (date, id) index includes ``title_vector``,
``public_from`` and ``kind`` so that the title candidates come from an index-only scan, without reading
the table. Adding the generated column rewrites the table (about 20 s at 110,000 entries).
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(title, ''))) STORED
    """,
    "CREATE INDEX search_entry_title_vector_idx ON search_searchentry USING gin (title_vector)",
    """
    CREATE INDEX search_entry_public_date_idx ON search_searchentry (date DESC, id DESC)
    INCLUDE (public_from, kind, title_vector) WHERE is_public
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_public_date_idx",
    "DROP INDEX IF EXISTS search_entry_title_vector_idx",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_search_vector")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
