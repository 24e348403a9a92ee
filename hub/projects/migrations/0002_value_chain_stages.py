"""The battery value chain is a fixed list that filters and the matrix rely on, so a migration creates it."""

from django.db import migrations

STAGES = [
    ("exploration-and-mining", "Exploration and mining"),
    ("refining-and-processing", "Refining and processing"),
    ("materials", "Materials"),
    ("cells", "Cells"),
    ("second-life", "Second life"),
    ("recycling", "Recycling"),
]


def create_stages(apps, schema_editor):
    ValueChainStage = apps.get_model("projects", "ValueChainStage")
    for position, (slug, name) in enumerate(STAGES, start=1):
        ValueChainStage.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
