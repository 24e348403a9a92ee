import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.api.exports import safe_cell
from hub.core.tests.factories import (
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_topic,
)
from hub.projects.models import Participation

from .content import HIDDEN, at, in_days, make_hidden_content

pytestmark = pytest.mark.django_db


def download(client, export, /, **params) -> tuple[object, list[list[str]]]:
    response = client.get(reverse(f"api:export-{export}"), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the byte order mark that makes Excel read UTF-8
    return response, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", ["projects", "organisations", "events"])
def test_each_export_streams_a_csv_attachment(client, kind):
    response, rows = download(client, kind)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{kind}.csv"'
    assert len(rows) == 1  # the header alone, for an empty list


def test_the_projects_export_has_a_row_per_project_with_its_coordinator(client):
    project = make_project(
        acronym="RHINOCEROS",
        slug="rhinoceros",
        full_title="Recycling of batteries",
        programme="HORIZON",
        funding_scheme="IA",
        grant_agreement_number="101069685",
        start_date=date(2022, 6, 1),
        end_date=date(2099, 5, 31),
        total_cost=Decimal("9000000.00"),
        website="https://rhinoceros.example.eu",
    )
    project.topics.add(make_topic(name="Recycling"))
    make_participation(project=project, organisation=make_organisation(name="VTT", country="FI"), role="coordinator")
    make_project(acronym="ALONE", grant_agreement_number="")

    _, (header, alone, rhinoceros) = download(client, "projects")

    assert header[:9] == [
        "Acronym",
        "Title",
        "Programme",
        "Funding scheme",
        "Grant agreement number",
        "Start",
        "End",
        "Status",
        "Coordinator",
    ]
    row = dict(zip(header, rhinoceros, strict=True))
    assert row["Acronym"] == "RHINOCEROS" and row["Programme"] == "Horizon Europe"
    assert (row["Grant agreement number"], row["Start"], row["End"]) == ("101069685", "2022-06-01", "2099-05-31")
    assert (row["Status"], row["Coordinator"], row["Coordinator country"]) == ("Ongoing", "VTT", "Finland")
    assert row["Total cost (EUR)"] == "9000000.00" and row["Topics"] == "Recycling"
    assert row["Website"] == "https://rhinoceros.example.eu"
    assert row["Page"] == "http://testserver/projects/rhinoceros/"
    assert row["CORDIS"] == "https://cordis.europa.eu/project/id/101069685"
    assert dict(zip(header, alone, strict=True))["Coordinator"] == ""


def test_the_organisations_export_counts_each_organisations_projects(client):
    umicore = make_organisation(name="Umicore", short_name="UMI", kind="PRC", country="BE", city="Brussels")
    for _ in range(2):
        make_participation(organisation=umicore, role=Participation.Role.PARTICIPANT)
    make_organisation(name="Idle")

    _, (header, idle, row) = download(client, "organisations")

    assert header == [
        "Name",
        "Short name",
        "Kind",
        "Country",
        "City",
        "Website",
        "Number of projects",
        "Page",
    ]
    assert row == [
        "Umicore",
        "UMI",
        "Private company",
        "Belgium",
        "Brussels",
        "",
        "2",
        f"http://testserver/organisations/{umicore.slug}/",
    ]
    assert idle[0] == "Idle" and idle[6] == "0"


def test_the_events_export_gives_times_in_the_events_zone_and_only_published_events(client):
    make_hidden_content()
    make_published_event(
        title="Annual meeting",
        starts_at=at(2024, 1, 10, 8),
        ends_at=at(2024, 1, 10, 15),
        time_zone="Europe/Helsinki",
        format="hybrid",
        city="Espoo",
        country="FI",
        projects=[make_project(acronym="BATRAW"), make_project(acronym="ANODE")],
    )

    _, rows = download(client, "events")

    header, row = rows
    assert header == [
        "Title",
        "Kind",
        "Start",
        "End",
        "Time zone",
        "Format",
        "Venue",
        "City",
        "Country",
        "Organising projects",
        "Page",
    ]
    assert row[:6] == [
        "Annual meeting",
        "Workshop",
        "2024-01-10 10:00",
        "2024-01-10 17:00",
        "Europe/Helsinki",
        "Hybrid",
    ]
    assert row[7:10] == ["Espoo", "Finland", "ANODE; BATRAW"]
    assert row[10].startswith("http://testserver/events/")
    assert not any(HIDDEN in cell.lower() for row in rows for cell in row)


def test_the_events_export_takes_the_api_filters(client):
    make_published_event(title="Coming", starts_at=in_days(3))
    make_published_event(title="Gone", starts_at=in_days(-3))
    assert [row[0] for row in download(client, "events", status="upcoming")[1][1:]] == ["Coming"]
    assert [row[0] for row in download(client, "events", status="past")[1][1:]] == ["Gone"]


def test_an_invalid_filter_is_refused_before_any_row_is_sent_with_the_reason_as_csv(client):
    response = client.get(reverse("api:export-projects"), {"status": "someday"})
    assert response.status_code == 400 and not response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        ["parameter", "message"],
        ["status", "Select a valid choice. someday is not one of the available choices."],
    ]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_a_quote(formula):
    assert safe_cell(formula) == "'" + formula


@pytest.mark.parametrize("value", ["Umicore", "", None, 3, "a=b", "e-mail"])
def test_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == ("" if value is None else str(value))


def test_an_export_defuses_formulas_in_the_data(client):
    make_organisation(name="=cmd|' /C calc'!A0", city="@evil", short_name="+x")
    _, (_, row) = download(client, "organisations")
    assert row[:2] == ["'=cmd|' /C calc'!A0", "'+x"] and row[4] == "'@evil"


# The "Download as CSV" links of the list pages


def test_the_project_list_links_its_csv_with_the_filters_it_applies(client):
    topic = make_topic(slug="mining")
    make_project(acronym="DIG").topics.add(topic)
    make_project(acronym="OTHER")
    html = client.get("/projects/", {"topic": "mining", "status": "bogus", "page": "1"}).content.decode()

    # The page ignores the invalid status, so the export leaves it out too; the page number is not a filter.
    assert '<a href="/api/export/projects.csv?topic=mining" download>Download as CSV</a>' in html
    _, rows = download(client, "projects", topic="mining")
    assert [row[0] for row in rows[1:]] == ["DIG"]


def test_the_organisation_list_links_its_csv_with_its_filters(client):
    make_organisation(name="Umicore", country="BE", kind="PRC")
    make_organisation(name="LTU", country="SE", kind="HES")
    html = client.get("/organisations/", {"country": "BE", "kind": "PRC"}).content.decode()
    assert '<a href="/api/export/organisations.csv?country=BE&amp;kind=PRC" download>' in html
    _, rows = download(client, "organisations", country="BE", kind="PRC")
    assert [row[0] for row in rows[1:]] == ["Umicore"]


@pytest.mark.parametrize(("url", "status"), [("/events/", "upcoming"), ("/events/past/", "past")])
def test_each_event_list_links_the_csv_of_the_events_it_lists(client, url, status):
    html = client.get(url).content.decode()
    assert f'<a href="/api/export/events.csv?status={status}" download>Download as CSV</a>' in html
