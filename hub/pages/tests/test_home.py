from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_event,
    make_participation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
)

pytestmark = pytest.mark.django_db


def test_home_answers_anonymous_visitors_without_setting_cookies(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies


def test_home_shows_published_news_and_events_only(client):
    make_published_post(title="Visible news")
    make_post(title="Draft news")
    make_post(title="Rejected news", status=PublicationStatus.REJECTED)
    make_published_post(title="Scheduled news", published_at=timezone.now() + timedelta(days=1))
    make_published_event(title="Visible event")
    make_event(title="Draft event")

    page = client.get("/").content.decode()

    assert "Visible news" in page and "Visible event" in page
    for hidden in ("Draft news", "Rejected news", "Scheduled news", "Draft event"):
        assert hidden not in page


def test_key_figures_are_computed_from_the_data(client):
    project = make_project(acronym="LICORNE")
    make_participation(project=project)
    make_participation(project=project, organisation=make_participation().organisation)
    make_published_event(starts_at=timezone.now() - timedelta(days=10))

    figures = client.get("/").context["figures"]

    assert figures == {"projects": 2, "organisations": 2, "countries": 1, "events_held": 1}


@pytest.mark.parametrize("size", [3, 30])
def test_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_published_post(projects=[make_project()])
        make_published_event()
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def count_home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_runs_the_same_queries_whatever_the_amount_of_content(client):
    def add_content(size):
        for _ in range(size):
            project = make_project()
            make_participation(project=project)
            make_published_post(projects=[project])
            make_published_event(projects=[project])

    add_content(2)
    few = count_home_queries(client)
    add_content(20)

    assert count_home_queries(client) == few


def test_home_links_news_events_and_project_tiles_to_their_pages(client):
    post = make_published_post(title="Recycling results")
    event = make_published_event(title="Annual workshop")
    with_logo = make_project(acronym="LOGOPROJ", logo="projects/logo.png")
    without_logo = make_project(acronym="TEXTPROJ")

    page = client.get("/").content.decode()

    assert f'<a href="{post.get_absolute_url()}">Recycling results</a>' in page
    assert f'<a href="{event.get_absolute_url()}">Annual workshop</a>' in page
    assert f'href="{with_logo.get_absolute_url()}"' in page
    assert 'alt="LOGOPROJ"' in page
    assert f'href="{without_logo.get_absolute_url()}"' in page and ">TEXTPROJ</a>" in page
    for label, url in (("All news", "/news/"), ("All events", "/events/"), ("All projects", "/projects/")):
        assert f'<a href="{url}">{label}</a>' in page
    assert 'href="/contact/">Ask to join the hub</a>' in page


def test_home_shows_event_times_in_the_event_zone_with_its_name(client):
    starts = datetime(2031, 3, 4, 14, 0, tzinfo=UTC)  # 09:00 in New York, 15:00 in Brussels
    make_published_event(title="Webinar", starts_at=starts, time_zone="America/New_York")

    page = client.get("/").content.decode()

    assert "4 March 2031, 09:00" in page
    assert "(America/New_York)" in page
