from datetime import date

import pytest
from django.urls import reverse

from hub.core.tests.factories import (
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
)

from .content import at, in_days, make_hidden_content, make_published_document

pytestmark = pytest.mark.django_db


def slugs(client, name, **params):
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def catalogue():
    """Two projects on two topics, with events, posts and documents of each."""
    recycling, mining = make_topic(slug="recycling"), make_topic(slug="mining")
    reuse = make_project(acronym="REUSE", slug="reuse", start_date=date(2020, 1, 1), end_date=date(2022, 12, 31))
    dig = make_project(acronym="DIG", slug="dig", programme="H2020", start_date=date(2099, 1, 1), end_date=None)
    reuse.topics.add(recycling)
    dig.topics.add(mining)
    make_participation(project=reuse, organisation=make_organisation(name="Umicore", slug="umicore", kind="PRC"))
    make_participation(project=dig, organisation=make_organisation(name="LTU", slug="ltu", kind="HES", country="SE"))

    def event(slug, starts_at, project, topic, kind="workshop"):
        made = make_published_event(slug=slug, starts_at=starts_at, projects=[project], kind=kind)
        made.topics.add(topic)
        return made

    event("old-workshop", at(2021, 3, 1, 9), reuse, recycling)
    event("next-webinar", in_days(20), dig, mining, kind="webinar")
    soon = event("soon-workshop", in_days(2), reuse, recycling)
    for slug, when, project, topic, kind in [
        ("old-news", at(2021, 5, 1, 12), reuse, recycling, "news"),
        ("new-release", at(2024, 5, 1, 12), dig, mining, "press_release"),
    ]:
        post = make_published_post(slug=slug, published_at=when, projects=[project], kind=kind)
        post.topics.add(topic)
    slides = make_published_document(slug="slides", kind="slides", projects=[reuse], event=soon)
    slides.topics.add(recycling)
    make_published_document(slug="brief", kind="policy_brief", projects=[dig])


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("project", {"topic": "mining"}, ["dig"]),
        ("project", {"status": "closed"}, ["reuse"]),
        ("project", {"status": "upcoming"}, ["dig"]),
        ("project", {"status": "ongoing"}, []),
        ("project", {"programme": "H2020"}, ["dig"]),
        ("organisation", {"project": "dig"}, ["ltu"]),
        ("organisation", {"kind": "PRC"}, ["umicore"]),
        ("organisation", {"country": "SE"}, ["ltu"]),
        ("event", {}, ["old-workshop", "soon-workshop", "next-webinar"]),
        ("event", {"status": "upcoming"}, ["soon-workshop", "next-webinar"]),
        ("event", {"status": "past"}, ["old-workshop"]),
        ("event", {"project": "reuse"}, ["old-workshop", "soon-workshop"]),
        ("event", {"topic": "mining"}, ["next-webinar"]),
        ("event", {"kind": "webinar"}, ["next-webinar"]),
        ("event", {"starts_after": "2021-03-01", "starts_before": "2021-03-01"}, ["old-workshop"]),
        ("event", {"starts_before": "2020-12-31"}, []),
        ("post", {}, ["new-release", "old-news"]),
        ("post", {"project": "reuse"}, ["old-news"]),
        ("post", {"topic": "mining"}, ["new-release"]),
        ("post", {"kind": "news"}, ["old-news"]),
        ("post", {"published_after": "2022-01-01"}, ["new-release"]),
        ("post", {"published_before": "2021-05-01"}, ["old-news"]),
        ("post", {"published_after": "2021-01-01", "published_before": "2025-01-01", "kind": "news"}, ["old-news"]),
        ("document", {"project": "dig"}, ["brief"]),
        ("document", {"topic": "recycling"}, ["slides"]),
        ("document", {"kind": "slides"}, ["slides"]),
        ("document", {"event": "soon-workshop"}, ["slides"]),
    ],
)
def test_filters_narrow_the_lists(client, name, params, expected):
    assert slugs(client, name, **params) == expected


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("project", {"topic": "no-such-topic"}),
        ("project", {"topic": "bad slug!"}),
        ("project", {"topic": "nul\x00byte"}),
        ("project", {"status": "soon"}),
        ("project", {"programme": "H2021"}),
        ("project", {"stage": "nowhere"}),
        ("organisation", {"country": "XX"}),
        ("organisation", {"kind": "ABC"}),
        ("organisation", {"project": "no-such-project"}),
        ("event", {"status": "tomorrow"}),
        ("event", {"starts_after": "next week"}),
        ("event", {"starts_before": "2024-02-30"}),
        ("event", {"kind": "party"}),
        ("post", {"published_after": "yesterday"}),
        ("post", {"published_before": "2024-13-01"}),
        ("post", {"project": "no-such-project"}),
        ("document", {"kind": "poster"}),
        ("document", {"event": "no-such-event"}),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_parameter(client, name, params):
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)
    assert all(isinstance(message, str) for message in next(iter(response.json().values())))


def test_a_document_of_a_hidden_event_cannot_be_found_by_filtering_on_it(client):
    scheduled = make_hidden_content()["events"][-1]
    assert client.get(reverse("api:document-list"), {"event": scheduled.slug}).status_code == 400


def test_pages_hold_fifty_items_in_a_stable_order_and_a_page_past_the_last_is_a_404(client):
    for n in range(60):
        # Same start for many: the primary key breaks the tie, so no item moves between pages.
        make_published_event(slug=f"event-{n:02d}", starts_at=at(2024, 1, 1 + n % 3, 9))
    first = client.get(reverse("api:event-list")).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 60 and len(first["results"]) == 50 and len(second["results"]) == 10
    assert second["next"] is None and second["previous"] == "http://testserver/api/events/"
    listed = [event["slug"] for event in first["results"] + second["results"]]
    assert sorted(listed) == [f"event-{n:02d}" for n in range(60)]
    assert client.get(reverse("api:event-list")).json() == first
    assert client.get(reverse("api:event-list"), {"page": 3}).status_code == 404
    assert client.get(reverse("api:event-list"), {"page": "last"}).json()["results"] == second["results"]


def test_posts_and_documents_published_at_the_same_moment_come_newest_created_first(client):
    same_time = in_days(-1)
    posts = [make_published_post(published_at=same_time) for _ in range(3)]
    documents = [make_published_document(published_at=same_time) for _ in range(3)]
    assert slugs(client, "post") == [post.slug for post in reversed(posts)]
    assert slugs(client, "document") == [document.slug for document in reversed(documents)]
