"""Fill the database with a large volume of realistic content, to measure the portal at size (``make bench``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.core.bulk import BulkSizes, bulk_content_exists, seed_bulk

DEFAULTS = BulkSizes()
SIZES = ("posts", "events", "projects", "organisations", "members")


class Command(BaseCommand):
    help = "Create bulk organisations, projects, members, events and posts (with search entries) for benchmarks."

    def add_arguments(self, parser):
        for name in SIZES:
            parser.add_argument(f"--{name}", type=int, default=getattr(DEFAULTS, name), help=f"how many {name}")
        parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same text)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if bulk posts already exist")
        parser.add_argument("--force", action="store_true", help="run even where demo content is switched off")

    def handle(self, *args, **options):
        if not (settings.HUB_DEMO_CONTENT_ALLOWED or options["force"]):
            # Thousands of invented posts would bury a real hub's content: never by accident.
            raise CommandError("Demo content is switched off here; add --force to load bulk content anyway.")
        sizes = BulkSizes(**{name: options[name] for name in SIZES})
        if any(value < 0 for value in vars(sizes).values()):
            raise CommandError("Sizes cannot be negative.")
        if options["if_empty"] and bulk_content_exists():
            self.stdout.write("Bulk content is already there; nothing to do.")
            return
        report = seed_bulk(sizes, seed=options["seed"], log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(report.summary()))
