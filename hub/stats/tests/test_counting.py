"""Views and downloads are counted on the server: no cookie, nothing personal, bots and members left out,
pages from the cache counted too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import make_document, make_post, make_project, make_published_post, make_user
from hub.stats import counting
from hub.stats.models import DailyCount

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def visit(client, url, user_agent=BROWSER, **extra):
    return client.get(url, HTTP_USER_AGENT=user_agent, REMOTE_ADDR="203.0.113.7", **extra)


def views_of(obj, kind=DailyCount.Kind.VIEW) -> int:
    return DailyCount.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name, kind=kind).total()


def test_a_view_is_counted_without_a_cookie_or_anything_about_the_visitor(client):
    project = make_project()
    response = visit(client, project.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response
    row = DailyCount.objects.get()
    assert (row.object_id, row.day, row.kind, row.count) == (project.pk, timezone.localdate(), "view", 1)
    # The row holds what it is about and when, nothing about who: no address, agent or user field.
    assert {field.name for field in DailyCount._meta.get_fields()} == {
        "id",
        "content_type",
        "object_id",
        "day",
        "kind",
        "count",
    }
    assert "203.0.113.7" not in str(DailyCount.objects.values().get())


def test_repeat_views_add_up_on_one_row_per_day(client):
    post = make_published_post()
    for _ in range(3):
        visit(client, post.get_absolute_url())
    assert DailyCount.objects.get().count == 3


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2",
    ],
)
def test_bots_and_clients_without_a_user_agent_are_not_counted(client, user_agent):
    project = make_project()
    assert visit(client, project.get_absolute_url(), user_agent=user_agent).status_code == 200
    assert not DailyCount.objects.exists()


def test_signed_in_members_are_not_counted(client):
    project = make_project()
    client.force_login(make_user())
    visit(client, project.get_absolute_url())
    assert not DailyCount.objects.exists()


def test_missing_and_unpublished_pages_are_not_counted(client):
    draft = make_post()
    assert visit(client, draft.get_absolute_url()).status_code == 404
    assert visit(client, "/projects/no-such-project/").status_code == 404
    assert visit(client, reverse("projects:project-list")).status_code == 200  # a list, not an object
    assert not DailyCount.objects.exists()


def test_pages_served_from_the_page_cache_are_counted_too(client, page_cache):
    project = make_project()
    assert visit(client, project.get_absolute_url())["X-Cache"] == "miss"
    assert visit(client, project.get_absolute_url())["X-Cache"] == "hit"
    assert views_of(project) == 2


def test_a_download_is_counted_and_sends_the_visitor_on(client):
    document = make_document(status="published", url="https://zenodo.org/records/7")
    response = visit(client, reverse("stats:document-download", args=[document.slug]))
    assert (response.status_code, response["Location"]) == (302, "https://zenodo.org/records/7")
    assert views_of(document, DailyCount.Kind.DOWNLOAD) == 1
    assert not response.cookies


def test_an_unpublished_document_cannot_be_downloaded_or_counted(client):
    document = make_document()
    assert visit(client, reverse("stats:document-download", args=[document.slug])).status_code == 404
    assert not DailyCount.objects.exists()


def test_counts_wait_in_memory_until_the_flush_is_due(client, settings):
    settings.HUB_STATS_FLUSH_SECONDS = 3600
    counting.tally.take()  # start the interval now
    project = make_project()
    visit(client, project.get_absolute_url())
    visit(client, project.get_absolute_url())
    assert not DailyCount.objects.exists()
    assert counting.flush() == 1
    assert views_of(project) == 2


def test_a_flush_adds_to_the_days_row(client):
    project = make_project()
    visit(client, project.get_absolute_url())
    today = timezone.localdate()
    counts = {("projects.Project", project.slug, today, "view"): 4, ("projects.Project", "gone", today, "view"): 1}
    counting.flush(counting.Counter(counts))
    assert views_of(project) == 5
    counting.flush(counting.Counter({("projects.Project", project.slug, today - timedelta(days=1), "view"): 2}))
    assert DailyCount.objects.count() == 2


def test_counting_costs_no_query_on_the_request(client, settings, django_assert_num_queries, page_cache):
    settings.HUB_STATS_FLUSH_SECONDS = 3600
    project = make_project()
    visit(client, project.get_absolute_url())  # fills the page cache
    counting.tally.take()
    with django_assert_num_queries(0):
        assert visit(client, project.get_absolute_url())["X-Cache"] == "hit"
    assert sum(counting.tally.take().values()) == 1
