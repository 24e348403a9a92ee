"""Helpers for tests that run the background worker against the database task queue."""

import signal

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "feeds"]}}


def use_database_tasks(settings, monkeypatch) -> None:
    """Queue tasks in the database as in production (tests otherwise run them at once)."""
    settings.TASKS = DATABASE_TASKS
    # The worker drops "stale" connections between tasks; here that one connection holds the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker() -> None:
    """One pass of the real worker command over every task that is due, as `manage.py run_worker --batch`."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        for sig, handler in handlers.items():  # the worker installs its own; give pytest its back
            signal.signal(sig, handler)
