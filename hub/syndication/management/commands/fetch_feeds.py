"""Fetch member projects' news feeds and submit their new items for review; meant to run from cron."""

from django.core.management.base import BaseCommand

from hub.syndication.services import feeds_fetch_all


class Command(BaseCommand):
    help = (
        "Fetch every active feed of the member projects and submit each new item for review as a post. "
        "A broken feed is recorded on its source and does not stop the others."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=int, action="append", dest="source_ids", metavar="ID", help="Only this feed (repeatable)."
        )

    def handle(self, *args, source_ids=None, verbosity=1, **options):
        results = feeds_fetch_all(source_ids=source_ids)
        for result in results:
            if result.error:
                self.stdout.write(self.style.WARNING(f"{result.source}: error: {result.error}"))
            elif verbosity > 1 or (verbosity == 1 and result.imported):
                state = "not modified" if result.not_modified else f"{result.imported} new"
                self.stdout.write(f"{result.source}: {state}")
        if verbosity < 1:
            return
        imported = sum(result.imported for result in results)
        errors = sum(1 for result in results if result.error)
        summary = f"{len(results)} feeds fetched: {imported} new posts submitted for review, {errors} with errors."
        self.stdout.write(self.style.ERROR(summary) if errors else self.style.SUCCESS(summary))
