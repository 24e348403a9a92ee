"""``manage.py backup <folder>``: the database and every uploaded file, with a manifest to check them by."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write every row and every media file to a new folder, with row counts and file checksums."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A new or empty folder to write the backup to.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows, files = sum(manifest["counts"].values()), len(manifest["files"])
        self.stdout.write(self.style.SUCCESS(f"Backed up {rows} rows and {files} files to {folder}."))
