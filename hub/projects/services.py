"""Writes for member projects outside the admin.

A project's editors keep its public page (summary, description, website, logo, topics, value-chain
stages). It is their own page, so a change is public at once, without review; a revision records it.
The grant data (acronym, title, programme, grant number, dates, costs) stays with hub staff.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core.services import revision_record
from hub.members.permissions import can_edit_project

from .models import Project

PUBLIC_PAGE_FIELDS = ("summary", "description", "website", "logo")


@transaction.atomic
def project_update_public_page(*, project: Project, by, topics=None, value_chain_stages=None, **fields) -> Project:
    """Save an editor's change to ``project``'s public page; no review, as the page is the editors' own."""
    unknown = set(fields) - set(PUBLIC_PAGE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable on the public page: {', '.join(sorted(unknown))}")
    if not can_edit_project(by, project):
        raise PermissionDenied(_("Only the project's editors can change its page."))
    stored_logo = Project.objects.values_list("logo", flat=True).get(pk=project.pk)
    for name, value in fields.items():
        setattr(project, name, "" if name == "logo" and value is False else value)  # False: "clear the logo"
    project.full_clean()
    project.save(update_fields=[*fields, "updated_at"])
    if topics is not None:
        project.topics.set(topics)
    if value_chain_stages is not None:
        project.value_chain_stages.set(value_chain_stages)
    revision_record(
        obj=project, by=by, fields=[*PUBLIC_PAGE_FIELDS, "topics", "value_chain_stages"], summary=_("Public page")
    )
    _forget_replaced_logo(project, stored_logo)
    return project


def _forget_replaced_logo(project: Project, stored_name: str) -> None:
    """Delete the previous logo file once the change is committed, unless some project still uses it."""
    if not stored_name or stored_name == project.logo.name:
        return
    if Project.objects.filter(logo=stored_name).exists():
        return
    storage = project.logo.storage
    transaction.on_commit(lambda: storage.delete(stored_name))


# Everything staff may change on a project, for the revision kept after a back-office edit.
STAFF_FIELDS = (
    "acronym", "full_title", "programme", "funding_scheme", "grant_agreement_number", "call_identifier",
    "start_date", "end_date", "total_cost", "eu_contribution", "joined_hub_on", *PUBLIC_PAGE_FIELDS,
)  # fmt: skip


def project_staff_saved(*, project: Project, by) -> None:
    """Keep a revision of a project after staff edited it in the back office."""
    revision_record(
        obj=project,
        by=by,
        fields=[*STAFF_FIELDS, "topics", "value_chain_stages"],
        summary=_("Edited in the back office"),
    )
