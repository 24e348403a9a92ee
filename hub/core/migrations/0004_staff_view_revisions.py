from django.db import migrations

from hub.core.migration_helpers import hub_staff_grant

forward, backward = hub_staff_grant("core", ["view_revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_revisions"),
        ("members", "0003_hub_staff_group"),
    ]

    operations = [migrations.RunPython(forward, backward)]
