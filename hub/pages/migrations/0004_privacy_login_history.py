"""The privacy notice names the login history kept since partner accounts exist (members/0004)."""

from django.db import migrations

OLD = "together with the date of their last login."
NEW = (
    "together with a login history (the time, IP address and browser of each sign-in, kept for twelve months "
    "and then deleted, to detect misuse of an account)."
)


def mention_login_history(apps, schema_editor):
    # Only the text we wrote: a notice that staff have rewritten is left for them to update.
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="privacy", body__contains=OLD).first()
    if page:
        page.body = page.body.replace(OLD, NEW)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_hub_staff_page_permissions")]

    operations = [migrations.RunPython(mention_login_history, migrations.RunPython.noop)]
