"""Signals of the register: due dates follow the project's start, and public pages and search follow the register."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from hub.core.page_cache import content_changed
from hub.projects.models import Project

from .models import Deliverable, Publication
from .services import deliverables_refresh_due_dates


def _project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        deliverables_refresh_due_dates(project=instance)


def _register_changed(sender, **kwargs):
    # hub.core retires cached pages for its own list of apps; the register shows on project pages too.
    if kwargs.get("action", "post_").startswith("post_"):
        content_changed()


def connect() -> None:
    from hub.search.receivers import reindex, reindex_relation, remove

    post_save.connect(_project_saved, sender=Project, dispatch_uid="results_due_dates")
    for model in (Deliverable, Publication):
        uid = f"results_{model._meta.model_name}"
        post_save.connect(_register_changed, sender=model, dispatch_uid=f"{uid}_page_cache_save")
        post_delete.connect(_register_changed, sender=model, dispatch_uid=f"{uid}_page_cache_delete")
        post_save.connect(reindex, sender=model, dispatch_uid=f"{uid}_search_save")
        post_delete.connect(remove, sender=model, dispatch_uid=f"{uid}_search_delete")
    through = Publication.projects.through
    m2m_changed.connect(_register_changed, sender=through, dispatch_uid="results_publication_projects_cache")
    m2m_changed.connect(reindex_relation, sender=through, dispatch_uid="results_publication_projects_search")
