from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import (
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.events.models import Event, SessionRole
from hub.projects.models import Participation

from .content import HIDDEN, at, in_days, make_hidden_content, make_public_content, make_published_document

pytestmark = pytest.mark.django_db

RESOURCES = ["project", "organisation", "topic", "event", "post", "document"]
LISTS = [reverse(f"api:{name}-list") for name in RESOURCES]


def get_json(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize("name", RESOURCES)
def test_every_list_and_detail_answers_json_without_cookies(client, name):
    make_public_content(2)
    response = client.get(reverse(f"api:{name}-list"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert not response.cookies
    listing = response.json()
    assert listing["count"] >= 2 and listing["next"] is None and listing["previous"] is None

    first = listing["results"][0]
    assert get_json(client, reverse(f"api:{name}-detail", kwargs={"slug": first["slug"]})) == first


@pytest.mark.parametrize("name", RESOURCES)
def test_an_unknown_slug_is_not_found(client, name):
    assert client.get(reverse(f"api:{name}-detail", kwargs={"slug": "no-such-thing"})).status_code == 404


def test_the_api_root_links_every_resource(client):
    root = get_json(client, reverse("api:api-root"))
    # Deliverables and publications (hub.results) are found by id, not slug, so they are not in RESOURCES.
    assert sorted(root) == sorted([*(f"{name}s" for name in RESOURCES), "deliverables", "publications"])


def test_writes_are_refused(client):
    content = make_public_content()
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(reverse("api:project-list"), {}).status_code == 405
        detail = reverse("api:project-detail", kwargs={"slug": content["project"].slug})
        assert method(detail, {}, content_type="application/json").status_code == 405


def test_a_project_shows_its_cordis_record_and_consortium(client):
    topic = make_topic(name="Recycling", slug="recycling")
    project = make_project(
        acronym="RHINOCEROS",
        slug="rhinoceros",
        full_title="Recycling of batteries",
        programme="HORIZON",
        funding_scheme="IA",
        grant_agreement_number="101069685",
        start_date=at(2022, 6, 1).date(),
        end_date=at(2099, 5, 31).date(),
        total_cost=Decimal("9000000.00"),
        eu_contribution=Decimal("7500000.50"),
        website="https://rhinoceros.example.eu",
    )
    project.topics.add(topic)
    coordinator = make_organisation(name="VTT", country="FI", slug="vtt")
    make_participation(project=project, organisation=make_organisation(name="Aalto", country="FI"))
    make_participation(project=project, organisation=coordinator, role=Participation.Role.COORDINATOR)

    data = get_json(client, reverse("api:project-detail", kwargs={"slug": "rhinoceros"}))

    assert data["acronym"] == "RHINOCEROS" and data["full_title"] == "Recycling of batteries"
    assert data["programme"] == "HORIZON" and data["programme_name"] == "Horizon Europe"
    assert data["funding_scheme"] == "IA" and data["grant_agreement_number"] == "101069685"
    assert (data["start_date"], data["end_date"], data["status"]) == ("2022-06-01", "2099-05-31", "ongoing")
    assert (data["total_cost"], data["eu_contribution"]) == ("9000000.00", "7500000.50")
    assert data["coordinator"] == {
        "slug": "vtt",
        "name": "VTT",
        "short_name": "",
        "country": "FI",
        "country_name": "Finland",
    }
    assert [(p["name"], p["role"], p["country"]) for p in data["participants"]] == [
        ("VTT", "coordinator", "FI"),
        ("Aalto", "participant", "FI"),
    ]
    assert data["topics"] == [{"slug": "recycling", "name": "Recycling"}]
    assert data["website"] == "https://rhinoceros.example.eu"
    assert data["cordis_url"] == "https://cordis.europa.eu/project/id/101069685"
    assert data["url"] == "http://testserver/projects/rhinoceros/"


def test_a_project_without_grant_number_or_coordinator_says_null(client):
    make_project(slug="plain", grant_agreement_number="")
    data = get_json(client, reverse("api:project-detail", kwargs={"slug": "plain"}))
    assert data["coordinator"] is None and data["cordis_url"] is None and data["grant_agreement_number"] is None


def test_an_organisation_lists_the_slugs_of_its_projects(client):
    organisation = make_organisation(name="Fraunhofer", short_name="FhG", kind="REC", country="DE", city="Munich")
    for acronym in ("ZETA", "ALPHA"):
        make_participation(organisation=organisation, project=make_project(acronym=acronym, slug=acronym.lower()))

    data = get_json(client, reverse("api:organisation-detail", kwargs={"slug": organisation.slug}))

    assert data["projects"] == ["alpha", "zeta"]
    assert (data["kind"], data["kind_name"]) == ("REC", "Research organisation")
    assert (data["country"], data["country_name"], data["city"]) == ("DE", "Germany", "Munich")
    assert data["url"] == f"http://testserver/organisations/{organisation.slug}/"


def test_a_topic_links_to_its_news_archive(client):
    make_topic(name="Mining", slug="mining")
    data = get_json(client, reverse("api:topic-detail", kwargs={"slug": "mining"}))
    assert data == {
        "slug": "mining",
        "name": "Mining",
        "description": "",
        "url": "http://testserver/news/topic/mining/",
    }


def test_event_times_carry_the_offset_of_the_events_own_zone_and_its_name(client):
    # 08:00 UTC in January is 10:00 in Helsinki.
    event = make_published_event(
        starts_at=at(2024, 1, 10, 8),
        ends_at=at(2024, 1, 10, 15),
        time_zone="Europe/Helsinki",
        registration_deadline=at(2024, 1, 5, 22),
    )
    make_session(event=event, title="Opening", starts_at=at(2024, 1, 10, 8), ends_at=at(2024, 1, 10, 8, 30))
    make_session(event=event, title="Coffee", order=1)

    data = get_json(client, reverse("api:event-detail", kwargs={"slug": event.slug}))

    assert data["starts_at"] == "2024-01-10T10:00:00+02:00" and data["ends_at"] == "2024-01-10T17:00:00+02:00"
    assert data["registration_deadline"] == "2024-01-06T00:00:00+02:00"
    assert data["time_zone"] == "Europe/Helsinki"
    opening, coffee = data["sessions"]
    assert (opening["starts_at"], opening["ends_at"]) == ("2024-01-10T10:00:00+02:00", "2024-01-10T10:30:00+02:00")
    assert (coffee["starts_at"], coffee["ends_at"]) == (None, None)


def test_an_agenda_names_people_with_their_role_organisation_and_project_never_their_email(client):
    event = make_published_event(online_url="https://meet.example.org/secret-room")
    session = make_session(event=event, title="Panel")
    organisation, project = make_organisation(name="BRGM"), make_project(acronym="EXCEED")
    make_session_role(session=session, guest_name="Ada Guest", role=SessionRole.Role.CHAIR, organisation=organisation)
    make_session_role(session=session, person=make_user(full_name="Bo Member"), project=project, talk_title="Results")
    make_session_role(session=session, person=make_user(full_name="", email="nameless@example.org"))

    response = client.get(reverse("api:event-detail", kwargs={"slug": event.slug}))
    people = response.json()["sessions"][0]["people"]

    assert people == [
        {"name": "Ada Guest", "role": "chair", "organisation": "BRGM", "project": None, "talk_title": ""},
        {"name": "Bo Member", "role": "speaker", "organisation": None, "project": "EXCEED", "talk_title": "Results"},
        {"name": "A member of the hub", "role": "speaker", "organisation": None, "project": None, "talk_title": ""},
    ]
    assert b"nameless@example.org" not in response.content


def test_the_online_link_of_an_event_is_never_in_the_api(client):
    event = make_published_event(online_url="https://meet.example.org/members-only", format=Event.Format.ONLINE)
    urls = [reverse("api:event-list"), reverse("api:event-detail", kwargs={"slug": event.slug})]
    urls += [reverse("api:event-list") + "?status=upcoming", reverse("api:export-events")]
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"members-only" not in body and b"online_url" not in body


def test_a_post_shows_its_body_kind_date_relations_and_author(client):
    topic, project = make_topic(slug="gdex"), make_project(slug="exceed")
    post = make_published_post(
        title="Results",
        body="<p>Sanitised <strong>body</strong></p><script>alert(1)</script>",
        kind="press_release",
        projects=[project],
        author=make_user(full_name="Cleo Writer"),
    )
    post.topics.add(topic)

    data = get_json(client, reverse("api:post-detail", kwargs={"slug": post.slug}))

    assert data["body"] == "<p>Sanitised <strong>body</strong></p>"
    assert (data["kind"], data["kind_name"]) == ("press_release", "Press release")
    assert data["published_at"] == timezone.localtime(post.published_at).isoformat()
    assert (data["projects"], data["topics"]) == (["exceed"], ["gdex"])
    assert data["author"] == "Cleo Writer"
    assert data["featured_image"] is None
    assert data["url"] == f"http://testserver/news/{post.slug}/"


def test_a_post_whose_author_left_says_former_member(client):
    post = make_published_post(author=None)
    assert get_json(client, reverse("api:post-detail", kwargs={"slug": post.slug}))["author"] == "Former member"


def test_a_document_gives_its_link_and_what_it_belongs_to(client):
    event, post = make_published_event(), make_published_post()
    linked = make_published_document(url="https://zenodo.example.org/records/1", kind="slides", event=event)
    attached = make_published_document(post=post)

    data = get_json(client, reverse("api:document-detail", kwargs={"slug": linked.slug}))
    assert (data["href"], data["kind"], data["event"], data["post"]) == (
        "https://zenodo.example.org/records/1",
        "slides",
        event.slug,
        None,
    )
    assert get_json(client, reverse("api:document-detail", kwargs={"slug": attached.slug}))["post"] == post.slug


# Only published content


def test_hidden_content_never_appears_in_any_list_filter_or_export(client):
    make_public_content()
    hidden = make_hidden_content()
    project, topic = hidden["events"][0].projects.get(), hidden["events"][0].topics.get()
    queries = [{}, {"project": project.slug}, {"topic": topic.slug}]
    urls = LISTS + [reverse(f"api:export-{kind}") for kind in ("projects", "organisations", "events")]
    bodies = []
    for url in urls:
        for query in queries:
            response = client.get(url, query)  # a filter an endpoint does not take is ignored
            assert response.status_code == 200
            bodies.append(b"".join(response.streaming_content) if response.streaming else response.content)
    for status in ("upcoming", "past"):
        bodies.append(client.get(reverse("api:event-list"), {"status": status}).content)
    bodies.append(client.get(reverse("api:event-list"), {"starts_after": "2000-01-01"}).content)
    bodies.append(client.get(reverse("api:post-list"), {"published_after": "2000-01-01"}).content)

    for body in bodies:
        assert HIDDEN.encode() not in body.lower()


def test_hidden_content_has_no_detail(client):
    hidden = make_hidden_content()
    for name in ("event", "post", "document"):
        for item in hidden[f"{name}s"]:
            assert client.get(reverse(f"api:{name}-detail", kwargs={"slug": item.slug})).status_code == 404


def test_a_hidden_event_cannot_be_told_from_a_missing_one_by_filtering(client):
    draft = make_hidden_content()["events"][0]
    hidden_answer = client.get(reverse("api:document-list"), {"event": draft.slug})
    missing_answer = client.get(reverse("api:document-list"), {"event": "no-such-event"})
    assert hidden_answer.status_code == missing_answer.status_code == 400
    assert hidden_answer.json() == missing_answer.json()


def test_a_scheduled_post_appears_once_its_time_comes_without_a_restart(client, monkeypatch):
    post = make_published_post(published_at=in_days(1))
    url = reverse("api:post-detail", kwargs={"slug": post.slug})
    assert client.get(url).status_code == 404

    later = in_days(1) + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert client.get(url).status_code == 200
    assert get_json(client, reverse("api:post-list"))["count"] == 1
