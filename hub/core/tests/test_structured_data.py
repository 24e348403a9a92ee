import json
import re
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from hub.core.tests.factories import (
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
    make_user,
)
from hub.core.tests.images import gif_upload

SITE = "http://testserver"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response) -> dict:
    """The one JSON-LD description in the page's head, parsed."""
    head = response.content.decode().split("</head>")[0]
    (text,) = SCRIPT.findall(head)
    return json.loads(text)


@pytest.mark.django_db
def test_a_post_page_describes_a_news_article(client):
    author = make_user(full_name="Ana Autora", public_profile=True)
    post = make_published_post(
        title="Recycling at scale",
        lead="Three plants open.",
        author=author,
        featured_image=gif_upload("plant.gif"),
        featured_image_alt="A plant",
    )
    post.topics.set([make_topic(name="Recycling")])
    url = f"{SITE}{post.get_absolute_url()}"

    data = json_ld(client.get(post.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Recycling at scale"
    assert data["description"] == "Three plants open."
    assert datetime.fromisoformat(data["datePublished"]) == post.published_at
    assert datetime.fromisoformat(data["dateModified"]) == post.updated_at
    assert data["author"] == {"@type": "Person", "name": "Ana Autora", "url": f"{SITE}{author.get_absolute_url()}"}
    assert data["image"] == [f"{SITE}{post.featured_image.url}"]
    assert data["publisher"] == {"@type": "Organization", "name": "Cluster Hub", "url": f"{SITE}/"}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["keywords"] == ["Recycling"]


@pytest.mark.django_db
def test_a_post_by_a_former_member_is_authored_by_the_hub(client):
    post = make_published_post(author=None)

    data = json_ld(client.get(post.get_absolute_url()))

    assert data["author"] == {"@type": "Organization", "name": "Cluster Hub", "url": f"{SITE}/"}
    assert "image" not in data


@pytest.mark.django_db
def test_a_title_that_closes_the_script_element_stays_inside_it(client):
    title = '</script><script>alert("x")</script><!--'
    post = make_published_post(title=title, lead="</SCRIPT> & <b>")

    response = client.get(post.get_absolute_url())

    head = response.content.decode().split("</head>")[0]
    assert "<script>alert" not in head
    assert json_ld(response)["headline"] == title
    assert json_ld(response)["description"] == "</SCRIPT> & <b>"


def test_the_json_ld_tag_escapes_every_character_that_could_end_the_script():
    html = Template("{% load hub %}{% json_ld data %}").render(Context({"data": {"name": "a</script>&<!--b"}}))

    assert html == ('<script type="application/ld+json">{"name": "a\\u003c/script\\u003e\\u0026\\u003c!--b"}</script>')
    assert json.loads(SCRIPT.search(html).group(1)) == {"name": "a</script>&<!--b"}


def test_the_json_ld_tag_writes_nothing_for_no_data():
    assert Template("{% load hub %}{% json_ld data %}").render(Context({"data": {}})) == ""


def make_event_on_10_june_2030(**fields):
    projects = fields.pop("projects", [])
    return make_published_event(
        title="Recycling workshop",
        summary="Talks and a site visit.",
        starts_at=datetime(2030, 6, 10, 7, 0, tzinfo=UTC),
        ends_at=datetime(2030, 6, 10, 15, 30, tzinfo=UTC),
        time_zone="Europe/Brussels",
        projects=projects,
        **fields,
    )


@pytest.mark.django_db
def test_an_event_in_person_is_described_with_its_venue_dates_and_organising_projects(client):
    project = make_project(acronym="RELiEF")
    event = make_event_on_10_june_2030(
        format="in_person",
        venue_name="Square",
        venue_address="Rue Ravenstein 1",
        city="Brussels",
        country="BE",
        latitude="50.843800",
        longitude="4.357000",
        projects=[project],
    )

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["@type"] == "Event"
    assert data["name"] == "Recycling workshop"
    assert data["description"] == "Talks and a site visit."
    assert data["startDate"] == "2030-06-10T09:00:00+02:00"
    assert data["endDate"] == "2030-06-10T17:30:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Square",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Rue Ravenstein 1",
            "addressLocality": "Brussels",
            "addressCountry": "BE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 50.8438, "longitude": 4.357},
    }
    assert data["organizer"] == [
        {"@type": "Organization", "name": "RELiEF", "url": f"{SITE}{project.get_absolute_url()}"}
    ]
    assert data["url"] == f"{SITE}{event.get_absolute_url()}"


@pytest.mark.django_db
def test_an_online_event_points_to_its_page_never_to_the_members_only_link(client):
    event = make_event_on_10_june_2030(format="online", online_url="https://meet.example.org/secret-room")

    response = client.get(event.get_absolute_url())

    data = json_ld(response)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": f"{SITE}{event.get_absolute_url()}"}
    assert data["organizer"] == [{"@type": "Organization", "name": "Cluster Hub", "url": f"{SITE}/"}]
    assert "secret-room" not in response.content.decode()


@pytest.mark.django_db
def test_a_hybrid_event_has_a_place_and_a_virtual_location(client):
    event = make_event_on_10_june_2030(format="hybrid", city="Espoo", country="FI", online_url="https://x.example")

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["address"] == {"@type": "PostalAddress", "addressLocality": "Espoo", "addressCountry": "FI"}
    assert virtual == {"@type": "VirtualLocation", "url": f"{SITE}{event.get_absolute_url()}"}


@pytest.mark.django_db
def test_a_project_page_describes_a_research_project_funded_by_a_grant(client):
    project = make_project(
        acronym="EXCEED",
        full_title="Excellence in battery recycling",
        summary="Closing the loop.",
        grant_agreement_number="101058522",
        start_date=date(2022, 6, 1),
        end_date=date(2025, 5, 31),
        website="https://exceed.example.eu",
    )
    coordinator = make_organisation(name="VTT Technical Research Centre", short_name="VTT")
    make_participation(project=project, organisation=coordinator, role="coordinator")
    partner = make_participation(project=project, role="participant").organisation
    url = f"{SITE}{project.get_absolute_url()}"

    data = json_ld(client.get(project.get_absolute_url()))

    assert data["@type"] == "ResearchProject"
    assert data["name"] == "Excellence in battery recycling"
    assert data["alternateName"] == "EXCEED"
    assert data["description"] == "Closing the loop."
    assert data["url"] == url
    assert data["startDate"] == "2022-06-01"
    assert data["endDate"] == "2025-05-31"
    assert data["funding"] == {
        "@type": "Grant",
        "identifier": "101058522",
        "name": "Horizon Europe",
        "url": "https://cordis.europa.eu/project/id/101058522",
        "funder": {"@type": "Organization", "name": "European Commission"},
    }
    assert data["sponsor"] == {"@type": "Organization", "name": "European Commission"}
    assert data["sameAs"] == ["https://exceed.example.eu", "https://cordis.europa.eu/project/id/101058522"]
    assert [member["name"] for member in data["member"]] == [coordinator.name, partner.name]  # coordinator first
    assert data["member"][0] == {
        "@type": "Organization",
        "name": "VTT Technical Research Centre",
        "alternateName": "VTT",
        "url": f"{SITE}{coordinator.get_absolute_url()}",
    }


@pytest.mark.django_db
def test_an_organisation_page_describes_an_organization_with_its_country(client):
    organisation = make_organisation(
        name="Aalto University", short_name="Aalto", country="FI", city="Espoo", website="https://www.aalto.fi"
    )
    project = make_participation(organisation=organisation).project

    data = json_ld(client.get(organisation.get_absolute_url()))

    assert data["@type"] == "Organization"
    assert data["name"] == "Aalto University"
    assert data["alternateName"] == "Aalto"
    assert data["url"] == f"{SITE}{organisation.get_absolute_url()}"
    assert data["sameAs"] == ["https://www.aalto.fi"]
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Espoo", "addressCountry": "FI"}
    assert data["memberOf"] == [
        {"@type": "ResearchProject", "name": project.acronym, "url": f"{SITE}{project.get_absolute_url()}"}
    ]
