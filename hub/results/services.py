"""Writes to the register: one path for the workspace, the admin and the project's start date."""

from django.db import transaction

from .duedates import month_end
from .models import Deliverable, Publication


@transaction.atomic
def deliverable_save(*, deliverable: Deliverable) -> Deliverable:
    """Validate and store ``deliverable``; its due date follows from the project's start and the due month."""
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_delete(*, deliverable: Deliverable) -> None:
    deliverable.delete()


@transaction.atomic
def publication_save(*, publication: Publication, projects) -> Publication:
    """Validate and store ``publication`` with the projects it came from (at least the one given)."""
    publication.full_clean(exclude=["projects"])
    publication.save()
    publication.projects.add(*projects)
    return publication


@transaction.atomic
def publication_remove_from_project(*, publication: Publication, project) -> None:
    """A project's editors take the publication off their register; shared with other projects, it stays theirs."""
    publication.projects.remove(project)
    if not publication.projects.exists():
        publication.delete()


def deliverables_refresh_due_dates(*, project) -> int:
    """Recompute the due dates of ``project``'s deliverables after its start date changed; returns how many moved."""
    changed = []
    for deliverable in Deliverable.objects.for_project(project).only("pk", "due_month", "due_date"):
        due = month_end(project.start_date, deliverable.due_month) if project.start_date else None
        if due != deliverable.due_date:
            deliverable.due_date = due
            changed.append(deliverable)
    Deliverable.objects.bulk_update(changed, ["due_date"])
    return len(changed)
