"""Make the responsive renditions of every image the site shows, for files that arrived without an upload."""

from django.core.management.base import BaseCommand

from hub.core import images
from hub.core.models import ImageRendition

BATCH = 500


class Command(BaseCommand):
    help = (
        "Store and record the missing renditions (320/640/1280 px, WebP and JPEG/PNG) of every image in use: "
        "after bulk data, a restore or a change of sizes. Safe to run again: it only makes what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remove and remake every rendition.")
        parser.add_argument("--prune", action="store_true", help="Also remove renditions of images no row shows.")
        parser.add_argument(
            "--verify", action="store_true", help="Also remake renditions whose files are missing from storage."
        )

    def handle(self, *args, force=False, prune=False, verify=False, **options):
        in_use = images.sources_in_use()
        if verify:
            lost = images.sources_with_lost_files()
            for source in lost:
                images.renditions_delete(source=source)
            self.stdout.write(f"{len(lost)} image(s) had renditions missing from storage.")
        if prune:
            pruned = images.renditions_prune(in_use)
            self.stdout.write(f"Removed the renditions of {pruned} image(s) no longer shown.")
        if force:
            for source in sorted(in_use):
                images.renditions_delete(source=source)
        names = sorted(in_use)
        before = ImageRendition.objects.count()
        for start in range(0, len(names), BATCH):
            images.renditions_ensure(names[start : start + BATCH])
        made = ImageRendition.objects.count() - before
        self.stdout.write(self.style.SUCCESS(f"{len(names)} image(s) in use; {made} rendition(s) made."))
