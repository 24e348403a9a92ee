"""The IDOR matrix (SECURITY.md items 10 and 12): every URL of the URL configuration has an entry in
``url_matrix.ACCESS``, and each entry holds: public pages open, private ones send visitors to login, the
admin is for staff, and partner A reaches none of project B's objects and changes nothing of B's."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from hub.core.tests.factories import make_user

from .url_matrix import (
    ACCESS,
    ADMIN_PUBLIC,
    LoginRequired,
    ObjectScoped,
    Public,
    is_admin,
    missing_entries,
    sample_url,
    url_patterns,
)
from .world import build_world, snapshot

pytestmark = pytest.mark.django_db

PATTERNS = url_patterns()
OBJECT_SCOPED = sorted(name for name, entry in ACCESS.items() if isinstance(entry, ObjectScoped))
PRIVATE = sorted(
    name
    for name, entry in ACCESS.items()
    if isinstance(entry, LoginRequired) or (isinstance(entry, ObjectScoped) and entry.login_for_anonymous)
)
PUBLIC = sorted(name for name, entry in ACCESS.items() if isinstance(entry, Public))
ADMIN_STAFF_ONLY = [p for p in PATTERNS if is_admin(p.name) and p.name not in ADMIN_PUBLIC]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(media):
    return build_world()


def url_of(name: str, world, side: str = "b") -> str:
    entry = ACCESS[name]
    if isinstance(entry, ObjectScoped):
        return reverse(name, kwargs=entry.kwargs(world, side))
    if isinstance(entry, Public) and entry.kwargs:
        return reverse(name, kwargs=entry.kwargs(world))
    return reverse(name)


def login_url(next_url: str) -> str:
    return redirect_to_login(next_url)["Location"]


# The table covers the URL configuration


def test_the_generator_finds_the_workspace_the_api_and_the_admin_with_their_converters():
    by_name = {pattern.name: pattern for pattern in PATTERNS}

    assert by_name["workspace:post-document-remove"].converters == {"pk": "int", "document_pk": "int"}
    assert by_name["api:post-detail"].converters == {"slug": "regex"}
    assert by_name["admin:news_post_change"].converters == {"object_id": "path"}
    assert len([p for p in PATTERNS if is_admin(p.name)]) > 50


def test_every_url_has_an_entry_in_the_access_table():
    missing = missing_entries(PATTERNS)

    assert not missing, f"URLs without an entry in tests/security/url_matrix.py ACCESS: {', '.join(missing)}"


def test_the_access_table_names_no_url_that_is_gone():
    names = {pattern.name for pattern in PATTERNS}

    assert not set(ACCESS) - names, f"ACCESS entries for URLs that no longer exist: {set(ACCESS) - names}"


def test_every_object_in_a_url_is_scoped_or_public_by_design():
    """A workspace or account URL with a kwarg is someone's object: it must be ObjectScoped to be tested."""
    for pattern in PATTERNS:
        private_area = pattern.route.startswith(("workspace/", "accounts/profile"))
        if private_area and pattern.converters:
            assert isinstance(ACCESS[pattern.name], ObjectScoped), pattern.name


# Object-scoped: A on B's objects


@pytest.mark.parametrize("name", OBJECT_SCOPED)
def test_partner_a_gets_404_on_project_bs_object_and_changes_nothing(client, world, name):
    entry = ACCESS[name]
    url = url_of(name, world, "b")
    client.force_login(world.a.editor)
    before = snapshot(world.b)

    for method in entry.methods:
        response = getattr(client, method)(url, entry.data if method == "post" else None)
        assert response.status_code in (403, 404), f"{method.upper()} {url} answered {response.status_code}"

    assert snapshot(world.b) == before


@pytest.mark.parametrize("name", [n for n in OBJECT_SCOPED if ACCESS[n].nested])
def test_partner_a_cannot_reach_bs_child_object_through_their_own_parent(client, world, name):
    """E.g. /workspace/projects/<A's project>/feeds/<B's feed>/delete/: the child is looked up in the parent."""
    entry = ACCESS[name]
    url = url_of(name, world, "mixed")
    client.force_login(world.a.editor)
    before = snapshot(world.b)

    for method in entry.methods:
        response = getattr(client, method)(url, entry.data if method == "post" else None)
        assert response.status_code in (403, 404), f"{method.upper()} {url} answered {response.status_code}"

    assert snapshot(world.b) == before


@pytest.mark.parametrize("name", [n for n in OBJECT_SCOPED if "get" in ACCESS[n].methods])
def test_partner_a_reaches_the_same_page_of_their_own_object(client, world, name):
    """The control for the test above: the kwargs name a real object, so a 404 there means refusal."""
    client.force_login(world.a.editor)

    response = client.get(url_of(name, world, "a"))

    assert response.status_code == 200, f"GET {url_of(name, world, 'a')} answered {response.status_code}"


@pytest.mark.parametrize("name", OBJECT_SCOPED)
def test_a_member_of_no_project_gets_404_on_every_object(client, world, name):
    client.force_login(make_user())
    before = snapshot(world.b)

    for method in ACCESS[name].methods:
        response = getattr(client, method)(url_of(name, world, "b"), ACCESS[name].data if method == "post" else None)
        assert response.status_code in (403, 404), (method, name, response.status_code)

    assert snapshot(world.b) == before


# Login required


@pytest.mark.parametrize("name", PRIVATE)
def test_an_anonymous_visitor_is_sent_to_login_and_changes_nothing(client, world, name):
    url = url_of(name, world, "b")
    before = snapshot(world.b)

    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{method.upper()} {url} answered {response.status_code}"
        assert response["Location"] == login_url(url)

    assert snapshot(world.b) == before


# Public


@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_url_answers_an_anonymous_visitor(client, world, name):
    entry = ACCESS[name]

    response = getattr(client, entry.method)(url_of(name, world))

    assert response.status_code in entry.statuses, f"{name} answered {response.status_code}"


# Staff only: the admin


@pytest.mark.parametrize("pattern", ADMIN_STAFF_ONLY, ids=lambda p: p.name)
def test_a_signed_in_partner_cannot_enter_any_admin_page(client, partner, pattern):
    client.force_login(partner)
    url = sample_url(pattern)

    response = client.get(url, follow=True)

    # Redirects (e.g. the admin's logout back to its index) end on the admin login, or a refusal.
    final = response.wsgi_request.path
    assert response.status_code in (200, 403, 404, 405), f"{url} answered {response.status_code}"
    if response.status_code == 200:
        assert final == reverse("admin:login"), f"{url} led to {final}"


@pytest.mark.parametrize("pattern", ADMIN_STAFF_ONLY[:: max(1, len(ADMIN_STAFF_ONLY) // 10)], ids=lambda p: p.name)
def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, pattern):
    response = client.get(sample_url(pattern))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_enter_the_admin(staff_client):
    assert staff_client.get(reverse("admin:index")).status_code == 200


# Drafts are invisible everywhere (item 12)

DRAFT_MARK = "secret draft"


def listing_urls(world) -> list[str]:
    """Every public place a post, an event or a document could show, B's project and topic pages included."""
    project, topic = world.b.project.slug, world.topic.slug
    names = [
        "pages:home", "news:post-list", "news:feed-rss", "news:feed-atom", "events:event-list", "events:event-past",
        "events:calendar-ics", "documents:document-list", "sitemap",
        "api:post-list", "api:event-list", "api:document-list", "syndication:news-widget",
    ]  # fmt: skip
    with_project = ["projects:project-detail", "news:project-feed-rss", "news:project-feed-atom"]
    with_project += ["events:project-calendar-ics", "api:project-detail"]
    with_topic = ["news:topic-detail", "news:topic-feed-rss", "news:topic-feed-atom"]
    return [
        *[reverse(name) for name in names],
        *[reverse(name, kwargs={"slug": project}) for name in with_project],
        *[reverse(name, kwargs={"slug": topic}) for name in with_topic],
        *[reverse("sitemap-section", kwargs={"section": section}) for section in ("news", "events", "topics")],
        f"{reverse('search:results')}?q=bravo",
        f"{reverse('api:search')}?q=bravo",
        f"{reverse('search:results')}?q=published+news",
    ]


def detail_urls(world) -> list[str]:
    post, event, document = world.b.post, world.b.event, world.b.draft_document
    return [
        reverse("news:post-detail", kwargs={"slug": post.slug}),
        reverse("api:post-detail", kwargs={"slug": post.slug}),
        reverse("events:event-detail", kwargs={"slug": event.slug}),
        reverse("events:event-ics", kwargs={"slug": event.slug}),
        reverse("api:event-detail", kwargs={"slug": event.slug}),
        reverse("api:document-detail", kwargs={"slug": document.slug}),
    ]


@pytest.fixture
def world_with_drafts(live_search_index, media):
    world = build_world()
    for side in (world.a, world.b):
        side.post.topics.add(world.topic)
    world.b.draft_document = world.b.document  # attached to the draft post: public only with it
    return world


@pytest.mark.parametrize("who", ["anonymous", "partner of A"])
def test_bs_drafts_are_on_no_list_feed_search_sitemap_or_api(client, world_with_drafts, who):
    world = world_with_drafts
    if who != "anonymous":
        client.force_login(world.a.editor)

    for url in listing_urls(world):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        text = response.content.decode()
        assert DRAFT_MARK not in text.lower(), f"a draft shows on {url}"
        assert f"/{world.b.post.slug}/" not in text, f"the draft's address shows on {url}"


@pytest.mark.parametrize("who", ["anonymous", "partner of A"])
def test_bs_drafts_own_pages_answer_404(client, world_with_drafts, who):
    world = world_with_drafts
    if who != "anonymous":
        client.force_login(world.a.editor)

    for url in detail_urls(world):
        assert client.get(url).status_code == 404, url


def test_the_same_places_do_show_published_content(client, world_with_drafts):
    """The control for the tests above: the pages list content, so an absent draft means a filtered one."""
    world = world_with_drafts
    published = world.published_post

    sitemap = reverse("sitemap-section", kwargs={"section": "news"})
    for url in [reverse("news:post-list"), reverse("news:feed-rss"), reverse("api:post-list"), sitemap]:
        assert published.slug in client.get(url).content.decode(), url
    assert published.title in client.get(f"{reverse('search:results')}?q=published+news").content.decode()
    assert published.title in client.get(f"{reverse('search:results')}?q=bravo").content.decode()
