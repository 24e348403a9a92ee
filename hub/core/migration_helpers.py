"""Helpers for data migrations that keep the "Hub staff" group's permissions in step with new models."""

from django.contrib.auth.management import create_permissions

HUB_STAFF_GROUP = "Hub staff"


def _ensure_permissions(apps) -> None:
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def hub_staff_grant(app_label: str, codenames: list[str]):
    """A (forward, backward) pair for RunPython granting ``codenames`` of ``app_label`` to hub staff."""

    def permissions(apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def forward(apps, schema_editor):
        _ensure_permissions(apps)
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=HUB_STAFF_GROUP)
        group.permissions.add(*permissions(apps))

    def backward(apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.filter(name=HUB_STAFF_GROUP).first()
        if group:
            group.permissions.remove(*permissions(apps))

    return forward, backward
