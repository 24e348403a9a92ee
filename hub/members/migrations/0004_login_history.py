import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from hub.core.migration_helpers import hub_staff_grant

# Staff may read a member's login history (e.g. to answer "was that me?"), never edit it.
forward, backward = hub_staff_grant("members", ["view_loginrecord"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_hub_staff_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                ("user_agent", models.CharField(blank=True, max_length=300, verbose_name="browser")),
                (
                    "session_key",
                    models.CharField(blank=True, editable=False, max_length=40, verbose_name="session key"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="login_records",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="member",
                    ),
                ),
            ],
            options={
                "verbose_name": "login record",
                "verbose_name_plural": "login history",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
