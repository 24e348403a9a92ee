"""SECURITY.md item 22 (and the CSP half of 23): the headers on every kind of page, and no inline
script or style in any rendered template, so the strict Content-Security-Policy breaks nothing."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from hub.core.tests.admin_helpers import admin_url
from hub.core.tests.factories import (
    make_membership,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_user,
)
from hub.members.models import Invitation
from hub.news.models import Post

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_common_headers(response):
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(csp["script-src"] + csp["style-src"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def assert_not_framable(response):
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def partner():
    project = make_project(acronym="ALPHA")
    return make_membership(project=project, user=make_user()).user


def test_a_public_page_has_the_full_header_set_and_may_be_cached(client):
    response = client.get("/")

    assert response.status_code == 200
    assert_common_headers(response)
    assert_not_framable(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_error_pages_have_the_headers_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_common_headers(response)
    assert_not_framable(response)


def test_a_workspace_page_is_no_store_and_allows_the_editors_images(client, partner):
    client.force_login(partner)

    response = client.get(reverse("workspace:dashboard"))

    assert response.status_code == 200
    assert_common_headers(response)
    assert_not_framable(response)
    assert "no-store" in response["Cache-Control"]
    assert directives(response)["img-src"] == ["'self'", "data:", "blob:"]


def test_a_public_page_is_no_store_for_a_signed_in_visitor(client, partner):
    client.force_login(partner)

    response = client.get("/")

    assert "no-store" in response["Cache-Control"]
    assert "blob:" not in directives(response)["img-src"]


def test_the_editors_style_element_gets_the_nonce_the_policy_allows(client, partner):
    client.force_login(partner)

    response = client.get(reverse("workspace:post-create"))

    nonce = re.search(r'<meta name="trix-csp-nonce" content="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert client.get(reverse("workspace:post-create")).content.decode().count(nonce) == 0  # fresh per request


def test_pages_without_the_editor_send_no_nonce(client):
    assert "nonce" not in client.get("/")["Content-Security-Policy"]


def test_an_admin_page_has_the_headers_and_is_no_store(staff_client):
    response = staff_client.get(admin_url(Invitation, "add"))

    assert response.status_code == 200
    assert_common_headers(response)
    assert_not_framable(response)
    assert "no-store" in response["Cache-Control"]


def test_the_admin_login_page_has_the_headers(client):
    response = client.get(reverse("admin:login"))

    assert_common_headers(response)
    assert_not_framable(response)


def test_the_news_widget_keeps_the_policy_but_any_site_may_frame_it(client):
    response = client.get(reverse("syndication:news-widget"))

    assert response.status_code == 200
    assert_common_headers(response)
    assert directives(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response


def test_the_health_check_has_the_headers(client):
    assert_common_headers(client.get("/healthz"))


# No inline code: every page type rendered and parsed.

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: script elements with code, event-handler attributes,
    javascript: URLs, style attributes and style elements."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.in_code_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element")
        self.in_code_script = (
            tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES
        )

    def handle_data(self, data):
        if self.in_code_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_code_script = False


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_spots_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
        '<p style="color:red"></p><style>p{}</style><script src="/static/x.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>'
    )

    assert len(inline_code(html)) == 5


@pytest.fixture
def site(partner):
    project = partner.memberships.get().project
    post = make_published_post(projects=[project], title="Published news")
    event = make_published_event(projects=[project], title="Public event")
    draft = make_post(author=partner, projects=[project], title="My draft")
    return type("Site", (), {"project": project, "post": post, "event": event, "draft": draft, "partner": partner})


def public_urls(site) -> list[str]:
    return [
        "/",
        reverse("projects:project-list"),
        site.project.get_absolute_url(),
        reverse("news:post-list"),
        site.post.get_absolute_url(),
        reverse("events:event-list"),
        site.event.get_absolute_url(),
        reverse("documents:document-list"),
        reverse("search:results") + "?q=news",
        reverse("pages:contact"),
        reverse("syndication:widget-help"),
        reverse("syndication:news-widget"),
        reverse("login"),
        reverse("password_reset"),
        "/no-such-page/",
    ]


def workspace_urls(site) -> list[str]:
    return [
        reverse("workspace:dashboard"),
        reverse("workspace:post-list"),
        reverse("workspace:post-create"),
        reverse("workspace:post-edit", kwargs={"pk": site.draft.pk}),
        reverse("workspace:post-preview", kwargs={"pk": site.draft.pk}),
        reverse("workspace:post-document-add", kwargs={"pk": site.draft.pk}),
        reverse("workspace:event-list"),
        reverse("workspace:event-create"),
        reverse("workspace:project-list"),
        reverse("accounts:profile"),
    ]


def admin_urls(site) -> list[str]:
    return [
        reverse("admin:index"),
        admin_url(Post, "changelist"),
        admin_url(Post, "change", site.post.pk),  # autocomplete (select2) widgets
        admin_url(Invitation, "add"),
        reverse("admin:moderation"),
    ]


def assert_no_inline_code(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert inline_code(response.content.decode()) == [], url


def test_public_pages_contain_no_inline_code(client, site):
    assert_no_inline_code(client, public_urls(site))


def test_workspace_pages_contain_no_inline_code(client, site):
    client.force_login(site.partner)
    assert_no_inline_code(client, workspace_urls(site))


def test_admin_pages_contain_no_inline_code(staff_client, site):
    assert_no_inline_code(staff_client, admin_urls(site))
