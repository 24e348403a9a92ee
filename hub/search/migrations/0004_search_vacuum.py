"""PostgreSQL only: VACUUM ANALYZE the index after 0003.

Rewriting the table (0003's generated column) clears its visibility map, so until a vacuum the
index-only scan of the title candidates would read the table after all; ANALYZE gives the planner
the statistics of the new column. VACUUM cannot run in a transaction, hence ``atomic = False``.
"""

from django.db import migrations


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM (ANALYZE) search_searchentry")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0003_search_date_and_title_vector")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop)]
