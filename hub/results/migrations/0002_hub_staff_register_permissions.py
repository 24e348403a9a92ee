"""Hub staff keep every project's deliverables and publications in the back office."""

from django.db import migrations

from hub.core.migration_helpers import hub_staff_grant

MODELS = ["deliverable", "publication"]
ACTIONS = ["add", "change", "delete", "view"]

forward, backward = hub_staff_grant("results", [f"{action}_{model}" for model in MODELS for action in ACTIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_deliverables_and_publications"),
        ("members", "0003_hub_staff_group"),
    ]

    operations = [migrations.RunPython(forward, backward)]
