"""Reading CORDIS records: the XML of one project and the open-data CSV files."""

import io
from datetime import date
from decimal import Decimal

import pytest

from hub.cordis.parsers import parse_project_csv, parse_project_xml
from hub.cordis.records import CordisError, ProjectRecord

from .samples import GRANT, sample


def csv_records(grants=(GRANT,)):
    return parse_project_csv(io.BytesIO(sample("project.csv")), io.BytesIO(sample("organization.csv")), list(grants))


def test_xml_record_gives_the_project_in_the_hubs_vocabulary():
    record = parse_project_xml(sample("project_101091234.xml"))

    assert (record.grant_agreement_number, record.acronym) == (GRANT, "ECOLITH")
    assert (record.programme, record.funding_scheme) == ("HORIZON", "RIA")
    assert record.call_identifier == "HORIZON-CL4-2022-RESILIENCE-01-06"
    assert (record.start_date, record.end_date) == (date(2023, 1, 1), date(2026, 12, 31))
    assert (record.total_cost, record.eu_contribution) == (Decimal("7845210.25"), Decimal("6499875"))
    assert record.objective.startswith("ECOLITH develops direct lithium extraction")


def test_xml_record_lists_the_consortium_with_roles_kinds_and_iso_countries():
    organisations = {
        item.short_name: item for item in parse_project_xml(sample("project_101091234.xml")).organisations
    }

    assert list(organisations) == ["TECNALIA", "TUBAF", "KELIBER", "CERTH", "UNIVLEEDS"]
    tecnalia = organisations["TECNALIA"]
    assert (tecnalia.role, tecnalia.kind, tecnalia.country, tecnalia.cordis_id) == (
        "coordinator",
        "REC",
        "ES",
        "999864458",
    )
    assert tecnalia.eu_contribution == Decimal("1850000")
    assert organisations["KELIBER"].is_sme and organisations["KELIBER"].kind == "PRC"
    assert organisations["CERTH"].country == "GR"  # CORDIS writes EL
    assert (organisations["UNIVLEEDS"].country, organisations["UNIVLEEDS"].role) == ("GB", "associated")


def test_csv_files_give_the_rows_of_the_chosen_grant_only():
    [record] = csv_records()

    assert record.acronym == "ECOLITH"
    assert record.total_cost == Decimal("7845210.25")  # written "7845210,25" in the file
    assert [item.short_name for item in record.organisations] == ["TECNALIA", "TUBAF"]
    assert record.organisations[1].eu_contribution == Decimal("1420500.50")


def test_csv_files_without_a_grant_give_every_project():
    assert {record.acronym for record in csv_records(grants=())} == {"ECOLITH", "RECOBAT"}


def test_a_record_survives_the_trip_through_the_session():
    record = parse_project_xml(sample("project_101091234.xml"))

    assert ProjectRecord.from_json(record.to_json()) == record


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (sample("truncated.xml"), "not well-formed XML"),
        (b"<html><body>Service unavailable</body></html>", "not a CORDIS project record"),
        (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><project><id>1</id></project>', "entities"),
        (b"", "not well-formed XML"),
    ],
)
def test_a_file_that_is_not_a_project_record_is_refused_with_a_clear_message(content, message):
    with pytest.raises(CordisError, match=message):
        parse_project_xml(content)


def test_a_wrong_csv_file_is_refused_with_a_clear_message():
    with pytest.raises(CordisError, match="no column"):
        parse_project_csv(io.BytesIO(sample("organization.csv")), io.BytesIO(sample("organization.csv")), [GRANT])


def test_a_grant_missing_from_the_csv_files_is_named():
    with pytest.raises(CordisError, match="no project 123456"):
        csv_records(grants=("123456",))
