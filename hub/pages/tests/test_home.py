from datetime import timedelta

import pytest
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
