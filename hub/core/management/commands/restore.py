"""``manage.py restore <folder>``: put back what ``manage.py backup`` wrote, after checking every checksum."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the rows and media files of a backup folder into an empty database (or --force)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace every row of a database that is not empty (e.g. one just created by `migrate`).",
        )

    def handle(self, *args, folder, force, **options):
        try:
            report = restore(folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {report.rows} rows and {report.files} files; counts and checksums match.")
        )
