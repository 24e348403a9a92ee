"""What a CORDIS import would change: the project field by field, the organisations to create or match, and
the participations to add or change. Reading only; ``services.cordis_import_apply`` writes."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries

from hub.members.models import Organisation
from hub.projects.models import Participation, Project

from .matching import OrganisationIndex, normalised_name
from .records import CordisError, OrganisationRecord, ProjectRecord

PROJECT_FIELDS = [
    "acronym",
    "full_title",
    "programme",
    "funding_scheme",
    "grant_agreement_number",
    "call_identifier",
    "start_date",
    "end_date",
    "total_cost",
    "eu_contribution",
]
ORGANISATION_FIELDS = ["cordis_id", "vat_number", "kind", "is_sme", "country", "city"]
PARTICIPATION_FIELDS = ["role", "eu_contribution"]


@dataclass
class Change:
    """One field: its label, the value stored now and the value CORDIS gives, both as staff read them."""

    name: str
    label: str
    old: object
    new: object

    @classmethod
    def of(cls, model, name: str, old, new) -> "Change":
        model_field = model._meta.get_field(name)
        choices = dict(model_field.flatchoices)
        return cls(name, str(model_field.verbose_name), _shown(choices.get(old, old)), _shown(choices.get(new, new)))


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class OrganisationPlan:
    record: OrganisationRecord
    organisation: Organisation | None  # None: created by the import
    matched_by: str = ""
    changes: list[Change] = field(default_factory=list)
    participation: Participation | None = None  # None: the organisation joins the consortium
    participation_changes: list[Change] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Participation.Role(self.record.role).label

    @property
    def has_changes(self) -> bool:
        return not self.organisation or not self.participation or bool(self.changes or self.participation_changes)


@dataclass
class ImportPlan:
    record: ProjectRecord
    project: Project | None  # None: created by the import
    changes: list[Change] = field(default_factory=list)
    organisations: list[OrganisationPlan] = field(default_factory=list)
    demoted: list[Participation] = field(default_factory=list)  # coordinators CORDIS no longer lists

    @property
    def has_changes(self) -> bool:
        return bool(not self.project or self.changes or self.demoted) or any(
            plan.has_changes for plan in self.organisations
        )

    @property
    def created_organisations(self) -> list[OrganisationPlan]:
        return [plan for plan in self.organisations if plan.organisation is None]

    @property
    def matched_organisations(self) -> list[OrganisationPlan]:
        return [plan for plan in self.organisations if plan.organisation is not None]

    def values(self) -> dict:
        """The project's fields as CORDIS gives them, cut to what the columns hold."""
        record = self.record
        values = {name: getattr(record, name) for name in PROJECT_FIELDS}
        for name in ("acronym", "full_title", "call_identifier"):
            values[name] = values[name][: Project._meta.get_field(name).max_length]
        # The objective fills an empty description; a description partners wrote is theirs to keep.
        if record.objective and not (self.project and self.project.description):
            values["description"] = record.objective
        return values


def find_project(record: ProjectRecord) -> Project | None:
    """The project ``record`` refreshes: the one with its grant number, else one with its acronym and no number."""
    if not record.grant_agreement_number or not record.acronym:
        raise CordisError(_("The record has no grant agreement number or no acronym."))
    query = Q(grant_agreement_number=record.grant_agreement_number) | Q(acronym__iexact=record.acronym)
    # The project with the grant number first, then one with the acronym.
    grant = record.grant_agreement_number
    found = sorted(Project.objects.filter(query), key=lambda project: project.grant_agreement_number != grant)
    if not found:
        return None
    project = found[0]
    if project.grant_agreement_number not in (None, record.grant_agreement_number):
        raise CordisError(
            _("The portal's project %(acronym)s has grant number %(theirs)s, not %(ours)s: rename one first.")
            % {
                "acronym": project.acronym,
                "theirs": project.grant_agreement_number,
                "ours": record.grant_agreement_number,
            }
        )
    return project


def cordis_import_plan(record: ProjectRecord, index: OrganisationIndex | None = None) -> ImportPlan:
    """Compare ``record`` with the portal, in a fixed number of queries."""
    plan = ImportPlan(record=record, project=find_project(record))
    for name, new in plan.values().items():
        old = getattr(plan.project, name) if plan.project else None
        if new not in (None, "") and new != old:
            plan.changes.append(Change.of(Project, name, old, new))
    consortium = _consortium(plan.project)
    index = index or OrganisationIndex()
    seen = set()
    for organisation in record.organisations:
        item = _organisation_plan(organisation, index, consortium)
        key = item.organisation.pk if item.organisation else normalised_name(organisation.name)
        if key not in seen:  # CORDIS may list a partner twice (as beneficiary and third party)
            seen.add(key)
            plan.organisations.append(item)
    plan.demoted = _demoted(record, consortium, seen)
    return plan


def _consortium(project: Project | None) -> dict:
    if project is None:
        return {}
    return {item.organisation_id: item for item in project.participations.select_related("organisation")}


def _organisation_plan(record: OrganisationRecord, index: OrganisationIndex, consortium: dict) -> OrganisationPlan:
    organisation, matched_by = index.match(record)
    plan = OrganisationPlan(record=record, organisation=organisation, matched_by=matched_by if organisation else "")
    if organisation is None:
        return plan
    for name, new in organisation_values(record).items():
        old = getattr(organisation, name)
        old = old.code if name == "country" else old
        if new not in (None, "") and new != old and not (name == "kind" and new == Organisation.Kind.OTHER):
            plan.changes.append(Change.of(Organisation, name, old, new))
    plan.participation = consortium.get(organisation.pk)
    if plan.participation:
        for name in PARTICIPATION_FIELDS:
            old, new = getattr(plan.participation, name), getattr(record, name)
            if new is not None and new != old:
                plan.participation_changes.append(Change.of(Participation, name, old, new))
    return plan


def organisation_values(record: OrganisationRecord) -> dict:
    """An organisation's fields as CORDIS gives them (a country the portal's list lacks is left out)."""
    values = {name: getattr(record, name) for name in ORGANISATION_FIELDS}
    values["country"] = record.country if record.country in countries else ""
    values["city"] = record.city[: Organisation._meta.get_field("city").max_length]
    return values


def _demoted(record: ProjectRecord, consortium: dict, listed: set) -> list[Participation]:
    # A project has one coordinator: when CORDIS names a new one, the old one (if CORDIS no longer lists it)
    # stays in the consortium as a participant.
    if not any(item.role == Participation.Role.COORDINATOR for item in record.organisations):
        return []
    return [
        participation
        for organisation_id, participation in consortium.items()
        if participation.role == Participation.Role.COORDINATOR and organisation_id not in listed
    ]
