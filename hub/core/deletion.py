"""Deleting without losing anything by accident.

- A project that still has posts, events, documents or members is not deleted: the admin (delete page and
  bulk action) lists what is attached instead, and any other path (a service, the shell) gets ProtectedError.
- A member's content outlives them: every author/uploader/creator link is SET_NULL (tested).
- A deleted row's files are removed from storage after the transaction commits, and only if no row of any
  model still names them.
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext as _


def project_attachments(project) -> list[str]:
    """One line per post, event, document and membership that still belongs to ``project``."""
    members = [membership.user for membership in project.memberships.select_related("user")]
    groups = (
        (_("News post"), project.posts.order_by("title")),
        (_("Event"), project.events.order_by("title")),
        (_("Document"), project.documents.order_by("title")),
        (_("Member"), members),
    )
    return [f"{label}: {item}" for label, rows in groups for item in rows]


def refuse_project_with_content(sender, instance, **kwargs):
    attached = project_attachments(instance)
    if attached:
        message = _("The project %(project)s still has content; move or delete it first: %(list)s") % {
            "project": instance,
            "list": "; ".join(attached),
        }
        raise ProtectedError(message, set())


# Files


def file_fields():
    """(model, field name) for every FileField of every installed model."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def file_in_use(name: str) -> bool:
    """Whether any row of any model still names the stored file ``name``."""
    return any(model._base_manager.filter(Q(**{field: name})).exists() for model, field in file_fields())


def forget_files_of(instance) -> None:
    """After the deletion commits, remove ``instance``'s files that no remaining row uses."""
    for field in instance._meta.get_fields():
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.name)
            if stored and stored.name:
                transaction.on_commit(lambda storage=stored.storage, name=stored.name: _delete_unused(storage, name))


def _delete_unused(storage, name: str) -> None:
    if not file_in_use(name):
        storage.delete(name)


def _files_of_deleted_row(sender, instance, **kwargs):
    forget_files_of(instance)


def connect() -> None:
    for model in {model for model, _field in file_fields()}:
        post_delete.connect(_files_of_deleted_row, sender=model, dispatch_uid=f"files-of-{model._meta.label}")
    pre_delete.connect(
        refuse_project_with_content, sender="projects.Project", dispatch_uid="refuse-project-with-content"
    )
