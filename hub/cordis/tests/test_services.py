"""What an import would change, and what accepting it writes."""

import io
from datetime import date
from decimal import Decimal

import pytest

from hub.cordis.diff import cordis_import_plan
from hub.cordis.matching import normalised_name
from hub.cordis.parsers import parse_project_csv, parse_project_xml
from hub.cordis.records import CordisError
from hub.cordis.services import cordis_import_apply
from hub.core.models import AuditEntry
from hub.core.tests.factories import make_organisation, make_participation, make_project, make_staff
from hub.members.models import Organisation
from hub.projects.models import Participation, Project

from .samples import GRANT, sample

pytestmark = pytest.mark.django_db


def xml_record():
    return parse_project_xml(sample("project_101091234.xml"))


def test_a_new_project_from_xml_is_shown_as_new_and_written_only_on_apply():
    staff = make_staff()
    plan = cordis_import_plan(xml_record())

    assert plan.project is None and len(plan.created_organisations) == 5
    assert Project.objects.count() == 0 and Organisation.objects.count() == 0

    project, _ = cordis_import_apply(record=xml_record(), by=staff)

    project.refresh_from_db()
    assert (project.acronym, project.slug, project.grant_agreement_number) == ("ECOLITH", "ecolith", GRANT)
    assert (project.programme, project.funding_scheme) == ("HORIZON", "RIA")
    assert (project.end_date, project.eu_contribution) == (date(2026, 12, 31), Decimal("6499875.00"))
    assert project.description.startswith("ECOLITH develops")
    assert project.coordinator.short_name == "TECNALIA"
    leeds = Participation.objects.get(project=project, organisation__name="UNIVERSITY OF LEEDS")
    assert leeds.role == "associated" and leeds.organisation.country == "GB" and leeds.organisation.kind == "HES"
    assert Organisation.objects.get(short_name="KELIBER").is_sme
    entry = AuditEntry.objects.get(action="cordis_import")
    assert entry.actor == staff and entry.object_id == project.pk and "5 organisations created" in entry.reason


def test_a_new_project_from_the_csv_files():
    [record] = parse_project_csv(io.BytesIO(sample("project.csv")), io.BytesIO(sample("organization.csv")), [GRANT])

    project, _ = cordis_import_apply(record=record, by=None)

    assert project.total_cost == Decimal("7845210.25")
    assert sorted(project.organisations.values_list("cordis_id", flat=True)) == ["999864458", "999888643"]


def test_a_refresh_shows_the_two_changed_fields_and_applies_them_only_when_accepted():
    project, _ = cordis_import_apply(record=xml_record(), by=None)
    Project.objects.filter(pk=project.pk).update(end_date=date(2026, 6, 30), full_title="Old title")

    plan = cordis_import_plan(xml_record())

    assert [(change.name, change.old, change.new) for change in plan.changes] == [
        ("full_title", "Old title", xml_record().full_title),
        ("end_date", "2026-06-30", "2026-12-31"),
    ]
    assert not any(item.has_changes for item in plan.organisations)
    project.refresh_from_db()
    assert project.end_date == date(2026, 6, 30)  # looking changes nothing

    cordis_import_apply(record=xml_record(), by=None)

    project.refresh_from_db()
    assert (project.end_date, project.full_title) == (date(2026, 12, 31), xml_record().full_title)


def test_an_organisation_already_present_is_matched_by_name_not_duplicated():
    keliber = make_organisation(name="Keliber Lithium Technology", country="FI")  # no legal form, no PIC
    freiberg = make_organisation(name="TU Bergakademie Freiberg", cordis_id="999888643")

    plan = cordis_import_plan(xml_record())
    matches = {item.organisation: item.matched_by for item in plan.matched_organisations}

    assert matches == {keliber: "name", freiberg: "PIC"}
    cordis_import_apply(record=xml_record(), by=None)
    assert Organisation.objects.count() == 5
    keliber.refresh_from_db()
    assert (keliber.name, keliber.cordis_id, keliber.kind, keliber.is_sme) == (
        "Keliber Lithium Technology",  # the portal's own spelling stays
        "887654321",
        "PRC",
        True,
    )


def test_names_compare_without_case_punctuation_accents_or_legal_form():
    assert normalised_name("ACME Batteries G.m.b.H.") == normalised_name("Acme-Batteries") == "acme batteries"
    assert normalised_name("Université de Liège S.A.") == "universite de liege"


def test_an_existing_project_without_grant_number_is_refreshed_not_duplicated():
    existing = make_project(acronym="Ecolith", slug="ecolith-project", description="Written by the partners.")
    old_coordinator = make_participation(project=existing, role="coordinator").organisation

    project, _ = cordis_import_apply(record=xml_record(), by=None)

    assert project.pk == existing.pk and project.grant_agreement_number == GRANT
    assert project.description == "Written by the partners."  # the objective never overwrites their text
    assert Participation.objects.get(project=project, organisation=old_coordinator).role == "participant"
    assert project.coordinator.short_name == "TECNALIA"


def test_a_record_that_would_break_a_rule_changes_nothing():
    make_organisation(name="Unrelated", cordis_id="999")
    record = xml_record()
    record.total_cost = Decimal("100")  # below the EU contribution

    with pytest.raises(CordisError, match="EU contribution cannot exceed the total cost"):
        cordis_import_apply(record=record, by=None)

    assert Project.objects.count() == 0 and Organisation.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_grant_number_clash_is_explained():
    make_project(acronym="ECOLITH", grant_agreement_number="100000001")

    with pytest.raises(CordisError, match="has grant number 100000001"):
        cordis_import_plan(xml_record())


@pytest.mark.parametrize("partners", [2, 20])
def test_comparing_takes_a_fixed_number_of_queries(partners, django_assert_max_num_queries):
    project, _ = cordis_import_apply(record=xml_record(), by=None)
    for _ in range(partners):
        make_participation(project=project)

    with django_assert_max_num_queries(3):
        plan = cordis_import_plan(xml_record())
    assert not plan.has_changes
