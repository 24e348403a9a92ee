import re

import pytest
from django.contrib.auth.models import Group, Permission

from hub.core.tests.factories import make_participation
from hub.pages.models import Page

pytestmark = pytest.mark.django_db

PAGE_URLS = ["/about/", "/accessibility/", "/privacy/", "/legal/"]
PUBLIC_URLS = ["/", *PAGE_URLS, "/contact/", "/contact/thanks/"]


def assert_meets_the_quality_bar(html: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one <h1>"
    assert " style=" not in html, "no inline style attribute"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script"
    # Links to other sites are fine; loading anything from them is not.
    # <link rel="canonical"> and rel="alternate" name this page and its feeds; a browser loads neither.
    named_only = r'(?![^>]*\brel="(?:canonical|alternate)")'
    loaded = re.findall(rf"""\bsrc=["']([^"']*)|<link{named_only}[^>]*\bhref=["']([^"']*)""", html)
    assert not [url for pair in loaded for url in pair if url.startswith(("http:", "https:", "//"))]
    for img in re.findall(r"<img[^>]*>", html):
        assert "alt=" in img


@pytest.mark.parametrize("url", ["/", *PAGE_URLS, "/contact/thanks/"])
def test_public_pages_answer_anonymous_visitors_without_setting_cookies(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_have_one_heading_no_inline_code_and_nothing_from_another_host(client, url):
    assert_meets_the_quality_bar(client.get(url).content.decode())


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/about/", "About the hub"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/legal/", "Legal notice"),
    ],
)
def test_each_page_shows_the_text_created_by_the_migration(client, url, title):
    page = client.get(url).content.decode()

    assert f"<h1>{title}</h1>" in page
    assert "<h2>" in page  # the body, rendered as rich text and not escaped


def test_the_migration_writes_what_the_pages_must_say():
    texts = {page.slug: f"{page.lead} {page.body}" for page in Page.objects.all()}

    assert {"about", "contact", "accessibility", "privacy", "legal"} <= texts.keys()
    assert "PNO Innovation Belgium" in texts["about"] and "Raw Materials Week" in texts["about"]
    assert "WCAG 2.1" in texts["accessibility"] and "EN 301 549" in texts["accessibility"]
    assert "General Data Protection Regulation" in texts["privacy"] and "cookie" in texts["privacy"]
    assert "PNO Innovation Belgium" in texts["legal"] and "granting authority" in texts["legal"]


def test_a_deleted_page_answers_404(client):
    Page.objects.filter(slug="privacy").delete()

    assert client.get("/privacy/").status_code == 404


def test_page_body_is_sanitised_on_save():
    page = Page.objects.create(slug="test", title="Test", body='<p onclick="x()">Hi</p><script>alert(1)</script>')

    assert page.body == "<p>Hi</p>"


def test_the_page_meta_description_goes_into_the_head(client):
    Page.objects.filter(slug="legal").update(meta_description="Who publishes the portal.")

    assert '<meta name="description" content="Who publishes the portal.">' in client.get("/legal/").content.decode()


def test_about_page_shows_key_figures_and_links_to_projects_and_contact(client):
    make_participation()

    response = client.get("/about/")
    page = response.content.decode()

    assert response.context["figures"]["projects"] == 1
    assert "Member projects" in page
    assert 'href="/projects/"' in page
    assert 'href="/contact/"' in page


def test_page_text_edited_by_staff_in_the_admin_shows_on_the_public_page(staff_client):
    page = Page.objects.get(slug="accessibility")
    url = f"/admin/pages/page/{page.pk}/change/"
    assert staff_client.get(url).status_code == 200

    response = staff_client.post(
        url,
        {
            "title": "Accessibility",
            "slug": "renamed",  # ignored: the slug of a fixed page is read-only
            "lead": "A new lead.",
            "body": "<p>We fixed the <strong>contrast</strong>.</p><script>alert(1)</script>",
            "meta_description": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    public = staff_client.get("/accessibility/").content.decode()
    assert "<h1>Accessibility</h1>" in public
    assert "<p>We fixed the <strong>contrast</strong>.</p>" in public
    assert "alert(1)" not in public


def test_staff_can_add_a_page_of_their_own_in_the_admin(staff_client):
    assert staff_client.get("/admin/pages/page/add/").status_code == 200
    assert staff_client.get("/admin/pages/page/").status_code == 200


def test_hub_staff_group_may_manage_pages_and_contact_messages():
    granted = set(
        Group.objects.get(name="Hub staff")
        .permissions.filter(content_type__app_label="pages")
        .values_list("codename", flat=True)
    )

    expected = {
        f"{action}_{model}" for model in ("page", "contactmessage") for action in ("add", "change", "delete", "view")
    }
    assert granted == expected
    assert Permission.objects.filter(content_type__app_label="pages").count() == len(expected)
