"""Hub staff see every feed with its last result, fetch one on demand, and browse the import history."""

import pytest

from hub.core.tests.admin_helpers import admin_url, messages_of
from hub.core.tests.factories import make_project
from hub.news.models import Post
from hub.syndication.models import FeedSource, SyndicatedItem

pytestmark = pytest.mark.django_db


def test_staff_see_the_feeds_with_their_last_result(staff_client, feed_server):
    project = make_project(acronym="ALPHA")
    FeedSource.objects.create(
        project=project, url=feed_server.url("/error.xml"), last_status="error", last_error="HTTP 500"
    )

    page = staff_client.get(admin_url(FeedSource, "changelist")).content.decode()

    assert "ALPHA" in page and feed_server.url("/error.xml") in page and "HTTP 500" in page


def test_fetch_now_imports_the_selected_feeds_and_reports_each(staff_client, feed_server):
    good = FeedSource.objects.create(project=make_project(), url=feed_server.url("/rss.xml"))
    broken = FeedSource.objects.create(project=make_project(), url=feed_server.url("/error.xml"))

    response = staff_client.post(
        admin_url(FeedSource, "changelist"),
        {"action": "fetch_now", "_selected_action": [good.pk, broken.pk]},
        follow=True,
    )

    assert Post.objects.submitted().count() == 2
    assert f"{good}: 2 new posts submitted for review." in messages_of(response)
    assert any(message.startswith(f"{broken}: The server answered HTTP 500") for message in messages_of(response))


def test_staff_add_a_feed_and_are_recorded_as_who_added_it(staff_client, staff_user, feed_server):
    project = make_project()

    response = staff_client.post(
        admin_url(FeedSource, "add"), {"project": project.pk, "url": feed_server.url("/rss.xml"), "is_active": "on"}
    )

    assert response.status_code == 302
    assert FeedSource.objects.get().added_by == staff_user


def test_the_admin_refuses_a_feed_on_a_private_address_in_production(staff_client, settings):
    settings.HUB_FEEDS_ALLOW_PRIVATE_HOSTS = False
    project = make_project()

    response = staff_client.post(admin_url(FeedSource, "add"), {"project": project.pk, "url": "http://127.0.0.1/"})

    assert response.status_code == 200
    assert "not a public web server" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_staff_browse_the_import_history_but_cannot_add_to_it(staff_client, feed_server):
    source = FeedSource.objects.create(project=make_project(), url=feed_server.url("/atom.xml"))
    staff_client.post(admin_url(FeedSource, "changelist"), {"action": "fetch_now", "_selected_action": [source.pk]})
    item = SyndicatedItem.objects.get()

    assert "geothermal" in staff_client.get(admin_url(SyndicatedItem, "changelist")).content.decode()
    assert staff_client.get(admin_url(SyndicatedItem, "change", item.pk)).status_code == 200
    assert staff_client.get(admin_url(SyndicatedItem, "add")).status_code == 403
