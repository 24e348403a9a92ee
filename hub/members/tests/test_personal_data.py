"""A member's personal data: the export holds everything about them and nothing about anyone else; deleting
the account erases them, ends their sessions and leaves their contributions without a name."""

import json
from io import BytesIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from hub.core.models import AuditEntry
from hub.core.services import audit_record, revision_record
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_membership,
    make_post,
    make_project,
    make_session,
    make_session_role,
    make_user,
)
from hub.events.models import SessionRole
from hub.members.models import Invitation, LoginRecord, Membership, User
from hub.news.models import Post

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"


def png_file() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def make_footprint(user, tag: str) -> None:
    """One of everything the portal can hold about ``user``, each carrying ``tag`` so it can be told apart."""
    make_membership(user=user, project=make_project(acronym=f"{tag}PRJ"))
    Invitation.objects.create(email=user.email, project=make_project(acronym=f"{tag}INV"))
    post = make_post(title=f"{tag} post", author=user)
    make_event(title=f"{tag} event", created_by=user)
    make_document(title=f"{tag} document", uploaded_by=user)
    make_session_role(person=user, session=make_session(title=f"{tag} session"), talk_title=f"{tag} talk")
    audit_record(obj=post, action="submit", by=user, from_status="draft", to_status="submitted")
    revision_record(obj=post, by=user, fields=["title"], summary=f"{tag} edit")
    address = "192.0.2.7" if tag == "Alpha" else "198.51.100.9"
    Client(REMOTE_ADDR=address).post(reverse("login"), {"username": user.email, "password": PASSWORD})


@pytest.fixture
def alpha(db):
    user = make_user(email="alpha@example.org", full_name="Alpha Person", password=PASSWORD, job_title="Alpha chemist")
    make_footprint(user, "Alpha")
    return user


@pytest.fixture
def bravo(db):
    user = make_user(
        email="bravo@example.org", full_name="Bravo Person", password=PASSWORD, job_title="Bravo engineer"
    )
    make_footprint(user, "Bravo")
    return user


def export_of(client, user) -> tuple:
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    return response, json.loads(response.content)


# Export


def test_the_export_is_a_json_download(client, alpha):
    response, _data = export_of(client, alpha)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="cluster-hub-personal-data-')
    assert "no-store" in response["Cache-Control"]


def test_the_export_holds_everything_about_the_member(client, alpha, bravo):
    _response, data = export_of(client, alpha)

    assert data["profile"]["email"] == "alpha@example.org"
    assert data["profile"]["job_title"] == "Alpha chemist"
    assert [m["project"] for m in data["memberships"]] == ["AlphaPRJ"]
    assert [i["project"] for i in data["invitations"]] == ["AlphaINV"]
    assert [(p["title"], p["status"]) for p in data["posts"]] == [("Alpha post", "draft")]
    assert {"created_at", "published_at"} <= set(data["posts"][0])
    assert [e["title"] for e in data["events"]] == ["Alpha event"]
    assert [d["title"] for d in data["documents"]] == ["Alpha document"]
    assert [(r["session"], r["talk_title"]) for r in data["session_roles"]] == [("Alpha session", "Alpha talk")]
    assert [(a["object"], a["action"]) for a in data["audit_entries"]] == [("Alpha post", "submit")]
    assert [r["summary"] for r in data["revisions"]] == ["Alpha edit"]
    assert "192.0.2.7" in [login["ip_address"] for login in data["logins"]]


def test_the_export_holds_nothing_about_anyone_else(client, alpha, bravo):
    response, _data = export_of(client, alpha)

    text = response.content.decode()
    assert "Bravo" not in text
    assert "bravo@example.org" not in text
    assert "198.51.100.9" not in text


def test_the_export_never_contains_a_session_key_or_the_password_hash(client, alpha):
    response, _data = export_of(client, alpha)

    text = response.content.decode()
    assert alpha.password not in text
    for key in LoginRecord.objects.exclude(session_key="").values_list("session_key", flat=True):
        assert key not in text


def test_each_login_is_recorded_with_its_address_and_browser(client):
    user = make_user(email="ana@example.org", password=PASSWORD)

    client.post(
        reverse("login"),
        {"username": "ana@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_USER_AGENT="Firefox/140",
    )

    record = LoginRecord.objects.get(user=user)
    assert (record.ip_address, record.user_agent) == ("203.0.113.5", "Firefox/140")
    assert record.session_key == client.session.session_key
    assert "203.0.113.5" in client.get(reverse("accounts:profile")).content.decode()


# Deletion


def delete_account(client, password=PASSWORD):
    return client.post(reverse("accounts:delete"), {"password": password})


def test_the_delete_page_explains_what_happens_and_asks_for_the_password(client, alpha):
    client.force_login(alpha)

    page = client.get(reverse("accounts:delete")).content.decode()

    assert "cannot be undone" in page
    assert "Your current password" in page
    assert page.count("<h1") == 1


def test_a_wrong_password_deletes_nothing(client, alpha):
    client.force_login(alpha)

    response = delete_account(client, "not my password")

    assert response.status_code == 200
    assert "This is not your current password. Your account has not been deleted." in response.content.decode()
    assert User.objects.filter(pk=alpha.pk).exists()


def test_deleting_the_account_erases_the_member_and_keeps_their_contributions(
    client, alpha, bravo, django_capture_on_commit_callbacks
):
    client.force_login(alpha)
    post = Post.objects.get(title="Alpha post")

    with django_capture_on_commit_callbacks(execute=True):
        response = delete_account(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(email="alpha@example.org").exists()
    post.refresh_from_db()
    assert post.author is None
    assert SessionRole.objects.get(talk_title="Alpha talk").guest_name == "Alpha Person"
    assert not Membership.objects.filter(project__acronym="AlphaPRJ").exists()
    assert not Invitation.objects.filter(email__iexact="alpha@example.org").exists()
    assert AuditEntry.objects.get(object_repr="Alpha post").actor is None
    assert not LoginRecord.objects.filter(user_id=alpha.pk).exists()
    # Bravo is untouched.
    assert User.objects.filter(pk=bravo.pk).exists()
    assert Invitation.objects.filter(email="bravo@example.org").exists()


def test_after_deletion_the_member_cannot_log_in(client, alpha, django_capture_on_commit_callbacks):
    client.force_login(alpha)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(client)

    response = client.post(reverse("login"), {"username": "alpha@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_deleting_the_account_ends_its_sessions_on_every_device(client, alpha, django_capture_on_commit_callbacks):
    other_device = Client()
    other_device.force_login(alpha)
    other_key = other_device.session.session_key
    client.force_login(alpha)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(client)

    assert not Session.objects.filter(session_key=other_key).exists()
    assert other_device.get(reverse("accounts:profile"))["Location"].startswith(reverse("login"))


def test_deleting_the_account_removes_the_photo_file(client, alpha, django_capture_on_commit_callbacks):
    client.force_login(alpha)
    client.post(reverse("accounts:profile"), {"full_name": alpha.full_name, "photo": png_file()})
    alpha.refresh_from_db()
    storage, name = alpha.photo.storage, alpha.photo.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(client)

    assert not storage.exists(name)
