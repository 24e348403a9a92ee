"""The "Hub staff" group: everything staff need to run the hub, without superuser powers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Hub staff"
# Full rights on every model of these apps...
FULL_APPS = ["members", "projects", "news", "events", "documents"]
# ...and read-only where a trail must not be edited.
VIEW_ONLY = [("core", "auditentry")]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = list(Permission.objects.filter(content_type__app_label__in=FULL_APPS))
    for app_label, model in VIEW_ONLY:
        permissions += list(Permission.objects.filter(content_type__app_label=app_label, codename=f"view_{model}"))
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_initial"),
        ("projects", "0002_value_chain_stages"),
        ("news", "0001_initial"),
        ("events", "0002_initial"),
        ("documents", "0003_initial"),
        ("core", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
