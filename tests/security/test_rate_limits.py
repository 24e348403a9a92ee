"""SECURITY.md item 24: limits on contact messages, invitations and uploads, counted in caches["shared"]."""

import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from PIL import Image

from hub.core import ratelimit
from hub.core.tests.admin_helpers import admin_url
from hub.core.tests.factories import make_membership, make_post, make_project, make_user
from hub.documents.models import Document
from hub.members.models import Invitation
from hub.pages.models import ContactMessage

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Ana Ferreira",
    "email": "ana@example.org",
    "organisation": "Lab",
    "project": "",
    "message": "Hello hub.",
    "website": "",
}


@pytest.fixture
def low_limits(settings):
    settings.HUB_RATE_LIMITS = {**settings.HUB_RATE_LIMITS, "contact": (2, 3600), "invitation": (2, 3600)}
    settings.HUB_RATE_LIMITS["upload"] = (2, 3600)
    settings.HUB_STAFF_EMAILS = ["hub@example.org"]


# The helper


def test_hit_allows_the_limit_then_refuses_and_counts_in_the_shared_cache(settings):
    results = [ratelimit.hit("email:ana@example.org", "test", limit=3, window=60) for _ in range(5)]

    assert results == [True, True, True, False, False]
    assert any(key.startswith(":1:ratelimit:test:") for key in caches["shared"]._cache)
    assert not any("ratelimit" in key for key in caches["default"]._cache)


def test_limits_are_separate_per_identity_and_scope():
    for _ in range(2):
        ratelimit.hit("user:1", "test", limit=2, window=60)

    assert not ratelimit.hit("user:1", "test", limit=2, window=60)
    assert ratelimit.hit("user:2", "test", limit=2, window=60)
    assert ratelimit.hit("user:1", "other", limit=2, window=60)


def test_a_spoofed_forwarded_for_header_does_not_give_a_fresh_count(rf):
    requests = [rf.post("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}") for n in range(3)]

    assert [ratelimit.hit(request, "test", limit=2, window=60) for request in requests] == [True, True, False]


def test_behind_one_trusted_proxy_the_address_it_appended_is_used(rf, settings):
    settings.HUB_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")

    assert ratelimit.client_ip(request) == "198.51.100.4"


def test_a_forged_or_missing_address_gives_no_invalid_value(rf, settings):
    settings.HUB_TRUSTED_PROXY_COUNT = 1

    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="<script>")) == "192.0.2.1"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="")) == ""


def test_an_unknown_scope_without_limits_is_a_programming_error():
    with pytest.raises(ValueError, match="No rate limit configured"):
        ratelimit.hit("x", "no-such-scope")


def test_the_decorator_answers_the_branded_429_page_with_retry_after(rf):
    @ratelimit.rate_limited("test", limit=1, window=60)
    def view(request):
        return HttpResponse("sent")

    first, second = (view(rf.post("/", REMOTE_ADDR="192.0.2.9")) for _ in range(2))

    assert first.status_code == 200
    assert second.status_code == 429
    assert second["Retry-After"] == "60"
    assert "Too many requests" in second.content.decode()
    assert view(rf.get("/", REMOTE_ADDR="192.0.2.9")).status_code == 200  # reading is not limited


# Contact form


def test_the_third_contact_message_from_one_client_is_refused_and_not_stored(
    client, low_limits, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post("/contact/", CONTACT).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert ContactMessage.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_refused_contact_message_keeps_the_visitors_text_and_says_why(client, low_limits):
    for _ in range(2):
        client.post("/contact/", CONTACT)

    response = client.post("/contact/", CONTACT)

    content = response.content.decode()
    assert "several messages in a short time" in content
    assert "Hello hub." in content


def test_another_client_can_still_send_a_message(client, low_limits):
    for _ in range(3):
        client.post("/contact/", CONTACT, REMOTE_ADDR="192.0.2.1")

    assert client.post("/contact/", CONTACT, REMOTE_ADDR="192.0.2.2").status_code == 302


# Invitations (staff, in the admin)


def test_the_third_invitation_within_the_hour_is_refused_with_a_form_error(
    staff_client, low_limits, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project()
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            staff_client.post(
                admin_url(Invitation, "add"), {"email": f"g{n}@example.org", "project": project.pk, "role": "partner"}
            )
            for n in range(3)
        ]

    assert [response.status_code for response in responses] == [302, 302, 200]
    assert "many invitations in the last hour" in responses[2].content.decode()
    assert Invitation.objects.count() == 2
    assert len(mailoutbox) == 2


# Uploads (workspace)


def pdf(name="slides.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), "image/png")


@pytest.fixture
def partner_with_draft(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project()
    partner = make_membership(project=project, user=make_user()).user
    return partner, make_post(author=partner, projects=[project], title="Draft")


def test_the_third_upload_within_the_hour_is_refused_and_nothing_is_stored(client, low_limits, partner_with_draft):
    partner, post = partner_with_draft
    client.force_login(partner)
    url = reverse("workspace:post-document-add", kwargs={"pk": post.pk})

    statuses = [client.post(url, {"title": f"S{n}", "kind": "slides", "file": pdf()}).status_code for n in range(3)]

    assert statuses == [302, 302, 200]
    assert Document.objects.filter(post=post).count() == 2


def test_a_refused_upload_says_why(client, low_limits, partner_with_draft):
    partner, post = partner_with_draft
    client.force_login(partner)
    url = reverse("workspace:post-document-add", kwargs={"pk": post.pk})
    for n in range(2):
        client.post(url, {"title": f"S{n}", "kind": "slides", "file": pdf()})

    response = client.post(url, {"title": "S3", "kind": "slides", "file": pdf()})

    assert "uploaded too many files in the last hour" in response.content.decode()


def test_saving_without_a_file_does_not_count_as_an_upload(client, low_limits, partner_with_draft):
    partner, post = partner_with_draft
    client.force_login(partner)
    url = reverse("workspace:post-document-add", kwargs={"pk": post.pk})

    statuses = [
        client.post(url, {"title": f"L{n}", "kind": "video", "url": f"https://v.example.org/{n}"}).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 302]


def test_the_upload_limit_covers_the_profile_photo(client, low_limits, partner_with_draft):
    partner, _post = partner_with_draft
    client.force_login(partner)
    url = reverse("accounts:profile")
    data = {"full_name": partner.full_name, "email": partner.email}
    for _ in range(2):
        client.post(url, {**data, "photo": png()})

    response = client.post(url, {**data, "photo": png()})

    assert "uploaded too many files in the last hour" in response.content.decode()
