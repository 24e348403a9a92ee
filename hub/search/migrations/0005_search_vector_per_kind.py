"""PostgreSQL only: one partial GIN index of the search vector per kind of entry.

The per-kind counts of a search (``hub.search.selectors._capped_counts``) run one subquery per
kind. With the single GIN index each subquery built the bitmap of *all* matches (for a common
phrase, tens of thousands) and then kept its kind: six times the work. With an index per kind each
subquery reads only its own kind's entries. Measured on the bulk data (110,000 entries): the counts
of "direct lithium extraction from geothermal brines" went from 45 ms to 14 ms, the whole search
request from p95 97 ms to 34 ms. The full index stays for searches across every kind.
"""

from django.db import migrations

KINDS = ("post", "event", "project", "organisation", "document", "person")


def index_name(kind: str) -> str:
    return f"search_entry_vector_{kind}_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for kind in KINDS:
            schema_editor.execute(
                # Our own constants, not input: DDL takes no parameters.
                f"CREATE INDEX IF NOT EXISTS {index_name(kind)} ON search_searchentry "
                f"USING gin (search_vector) WHERE kind = '{kind}'"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for kind in KINDS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(kind)}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_vacuum")]

    operations = [migrations.RunPython(create, drop)]
