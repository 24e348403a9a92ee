"""A project's dissemination figures for a period: in the workspace for its editors, as CSV there and in the admin."""

import csv
import io
from datetime import date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import (
    make_document,
    make_membership,
    make_project,
    make_published_event,
    make_published_post,
    make_user,
)
from hub.members.models import Role
from hub.stats.models import DailyCount
from hub.stats.selectors import project_figures

pytestmark = pytest.mark.django_db
JANUARY = {"start": "2025-01-01", "end": "2025-01-31"}


def at(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def count(obj, day, n, kind=DailyCount.Kind.VIEW):
    DailyCount.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, day=day, kind=kind, count=n
    )


@pytest.fixture
def project():
    """LIBRA in January 2025: two posts, one event, one document published; views and downloads on both sides
    of the month, and another project's figures that must not leak in."""
    project, other = make_project(acronym="LIBRA", slug="libra"), make_project()
    in_jan = make_published_post(projects=[project], published_at=at(date(2025, 1, 10)))
    make_published_post(projects=[project], published_at=at(date(2025, 1, 31)))
    make_published_post(projects=[project], published_at=at(date(2025, 2, 1)))
    make_published_post(projects=[other], published_at=at(date(2025, 1, 10)))
    event = make_published_event(projects=[project], published_at=at(date(2025, 1, 5)))
    document = make_document(projects=[project], status="published", published_at=at(date(2025, 1, 20)))
    count(project, date(2025, 1, 1), 10)
    count(project, date(2025, 1, 31), 5)
    count(project, date(2024, 12, 31), 100)
    count(other, date(2025, 1, 15), 1000)
    count(in_jan, date(2025, 1, 15), 7)
    count(event, date(2025, 1, 16), 3)
    count(document, date(2025, 1, 17), 4, kind=DailyCount.Kind.DOWNLOAD)
    count(document, date(2025, 2, 17), 40, kind=DailyCount.Kind.DOWNLOAD)
    return project


def editor_of(client, project, role=Role.EDITOR):
    user = make_user()
    make_membership(user=user, project=project, role=role)
    client.force_login(user)
    return client


def test_figures_count_the_period_inclusive(project):
    figures = project_figures(project, date(2025, 1, 1), date(2025, 1, 31))
    assert (figures.posts_published, figures.events_published, figures.documents_published) == (2, 1, 1)
    assert (figures.project_page_views, figures.post_views, figures.event_views) == (15, 7, 3)
    assert figures.document_downloads == 4


def test_an_editor_sees_the_figures_for_a_chosen_period(client, project):
    url = reverse("stats:project-figures", args=[project.slug])
    page = editor_of(client, project).get(url, JANUARY).content.decode()
    assert "Dissemination figures of LIBRA" in page
    assert '<th scope="row">Views of the project page</th><td>15</td>' in page
    assert "1 January 2025" in page and "31 January 2025" in page


def test_a_period_that_ends_before_it_starts_is_explained(client, project):
    url = reverse("stats:project-figures", args=[project.slug])
    response = editor_of(client, project).get(url, {"start": "2025-02-01", "end": "2025-01-01"})
    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    response = client.get(url, {"start": "yesterday", "end": "2025-01-01", "format": "csv"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()


def test_the_csv_holds_the_periods_figures(client, project):
    url = reverse("stats:project-figures", args=[project.slug])
    response = editor_of(client, project).get(url, {**JANUARY, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "figures-libra-20250101-20250131.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "project",
            "period_start",
            "period_end",
            "posts_published",
            "events_published",
            "documents_published",
            "project_page_views",
            "post_views",
            "event_views",
            "document_downloads",
        ],
        ["LIBRA", "2025-01-01", "2025-01-31", "2", "1", "1", "15", "7", "3", "4"],
    ]


@pytest.mark.parametrize("role", [Role.PARTNER, None])
def test_partners_and_outsiders_get_no_figures(client, project, role):
    if role:
        editor_of(client, project, role)
    else:
        editor_of(client, make_project())  # an editor, but of another project
    url = reverse("stats:project-figures", args=[project.slug])
    assert client.get(url, {**JANUARY, "format": "csv"}).status_code == 404


def test_visitors_are_sent_to_log_in(client, project):
    response = client.get(reverse("stats:project-figures", args=[project.slug]), {"format": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_download_the_csv_of_several_projects_from_the_admin(staff_client, project):
    other = make_project(acronym="ZINC")
    changelist = reverse("admin:projects_project_changelist")
    choose = {"action": "export_figures_csv", "_selected_action": [project.pk, other.pk]}
    page = staff_client.post(changelist, choose)
    assert page.status_code == 200 and "Download the CSV" in page.content.decode()
    response = staff_client.post(changelist, {**choose, **JANUARY, "apply": "1"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows] == ["project", "LIBRA", "ZINC"]
    assert rows[1][-4:] == ["15", "7", "3", "4"]
