from django.core.management.base import BaseCommand

from hub.search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the whole search index from the current content."

    def handle(self, *args, **options):
        total = search_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} entries."))
