"""Hub staff manage the member projects' feeds and the import history in the back office."""

from django.db import migrations

from hub.core.migration_helpers import hub_staff_grant

MODELS = ["feedsource", "syndicateditem"]
ACTIONS = ["add", "change", "delete", "view"]

forward, backward = hub_staff_grant("syndication", [f"{action}_{model}" for model in MODELS for action in ACTIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("syndication", "0001_initial"),
        ("members", "0003_hub_staff_group"),
    ]

    operations = [migrations.RunPython(forward, backward)]
