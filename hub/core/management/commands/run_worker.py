"""The background worker: runs queued tasks (e-mail, feed fetching) and schedules the feed fetch.

It is django-tasks-db's ``db_worker`` with the hub's defaults: both queues, no autoreload, and
the periodic feed fetch (hub/syndication/tasks.py) unless ``--batch`` or HUB_FEED_INTERVAL=0.
Run as many as you like, on any host that reaches the database; each task runs once.
"""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from hub.syndication.tasks import FeedScheduler


class Command(db_worker.Command):
    help = "Run the hub's background worker: deliver queued e-mail, fetch member projects' feeds periodically."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Autoreload would run a second process that also schedules; restart the worker instead.
        parser.set_defaults(queue_name="default,feeds", reload=False)

    def handle(self, *args, **options):
        if not options["batch"] and settings.HUB_FEED_INTERVAL > 0:
            FeedScheduler().start()
        super().handle(*args, **options)
