"""Apply a CORDIS import once staff have seen and accepted its differences."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hub.core.services import audit_record
from hub.core.slugs import unique_slug
from hub.members.models import Organisation
from hub.projects.models import Participation, Project

from .diff import ImportPlan, cordis_import_plan, organisation_values
from .records import CordisError, ProjectRecord

AUDIT_ACTION = "cordis_import"


def cordis_import_apply(*, record: ProjectRecord, by) -> tuple[Project, ImportPlan]:
    """Write ``record`` into the portal in one transaction, as ``cordis_import_plan`` describes it now, and
    note it in the audit trail; CordisError (and nothing written) if the result would not be valid."""
    try:
        with transaction.atomic():
            plan = cordis_import_plan(record)
            project = _save_project(plan)
            _save_consortium(plan, project)
            audit_record(obj=project, action=AUDIT_ACTION, by=by, reason=plan_summary(plan))
    except ValidationError as error:
        raise CordisError(_("The import was not applied: %(errors)s") % {"errors": " ".join(error.messages)}) from None
    except IntegrityError:
        raise CordisError(_("The import was not applied: it conflicts with data saved meanwhile.")) from None
    return project, plan


def _save_project(plan: ImportPlan) -> Project:
    project = plan.project or Project()
    for name, value in plan.values().items():
        if value not in (None, ""):
            setattr(project, name, value)
    if not project.slug:
        project.slug = unique_slug(Project, project.acronym, max_length=50)
    project.full_clean()
    project.save()
    return project


def _save_consortium(plan: ImportPlan, project: Project):
    for participation in plan.demoted:
        participation.role = Participation.Role.PARTICIPANT
        participation.save(update_fields=["role"])
    # Partners who stop coordinating are saved before the new coordinator, for the one-coordinator rule.
    ordered = sorted(plan.organisations, key=lambda item: item.record.role == Participation.Role.COORDINATOR)
    for item in ordered:
        organisation = _save_organisation(item)
        participation = item.participation or Participation(project=project, organisation=organisation)
        participation.role = item.record.role
        if item.record.eu_contribution is not None:
            participation.eu_contribution = item.record.eu_contribution
        participation.save()


def _save_organisation(item) -> Organisation:
    values = organisation_values(item.record)
    if item.organisation is not None:
        if not item.changes:
            return item.organisation
        for change in item.changes:
            setattr(item.organisation, change.name, values[change.name])
        item.organisation.save(update_fields=[change.name for change in item.changes] + ["updated_at"])
        return item.organisation
    name_length = Organisation._meta.get_field("name").max_length
    organisation = Organisation(name=item.record.name[:name_length], short_name=item.record.short_name[:60], **values)
    organisation.full_clean()
    organisation.save()
    return organisation


def plan_summary(plan: ImportPlan) -> str:
    """One line for the audit trail and the success message."""
    added = sum(1 for item in plan.organisations if item.participation is None)
    changed = sum(1 for item in plan.organisations if item.participation_changes) + len(plan.demoted)
    return _(
        "From CORDIS, grant %(grant)s: %(fields)d project fields set, %(created)d organisations created, "
        "%(matched)d matched, %(added)d partners added, %(changed)d partners changed."
    ) % {
        "grant": plan.record.grant_agreement_number,
        "fields": len(plan.changes),
        "created": len(plan.created_organisations),
        "matched": len(plan.matched_organisations),
        "added": added,
        "changed": changed,
    }
