"""Logging in and out, passwords, the profile, and who may open which page of /accounts/."""

import re
from io import BytesIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from hub.core.tests.factories import make_organisation, make_user
from hub.core.tests.payloads import EVIL_NEXT
from hub.members.account_forms import MAX_PHOTO_BYTES
from hub.members.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"
LOGIN = reverse("login")
DASHBOARD = reverse("workspace:dashboard")
# Pages of /accounts/ that a visitor must reach without an account; every other one sends them to login.
PUBLIC_ACCOUNT_PAGES = {
    "login",
    "logout",  # POST only, and harmless when nobody is logged in
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accounts:invitation-accept",
}


def error_messages(response) -> list[str]:
    """The error summary as the visitor reads it."""
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', response.content.decode(), re.S)
    return re.findall(r"<li>(?:<a[^>]*>)?(.*?)(?:</a>)?</li>", summary.group(0), re.S) if summary else []


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def image_file(name="photo.jpg", image_format="JPEG", *, size=(64, 48), exif=None, tail=b"") -> SimpleUploadedFile:
    buffer = BytesIO()
    image = Image.new("RGB", size, "teal")
    image.save(buffer, format=image_format, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue() + tail, content_type=f"image/{image_format.lower()}")


def profile_data(user, **fields) -> dict:
    data = {"full_name": user.full_name, "job_title": "", "organisation": "", "bio": ""}
    return {**data, **fields}


# Logging in and out


def test_the_login_page_asks_for_an_email_address_and_a_password(client):
    page = client.get(LOGIN).content.decode()

    assert re.search(r'<label\s+for="id_username"[^>]*>\s*E-mail address', page)
    assert re.search(r'<label\s+for="id_password"[^>]*>\s*Password', page)
    assert page.count("<h1") == 1
    assert reverse("password_reset") in page


def test_login_by_email_ignores_case(client):
    make_user(email="Ana.Lopez@example.org", password=PASSWORD)

    response = log_in(client, "ana.lopez@EXAMPLE.ORG")

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client):
    make_user(email="ana@example.org", password=PASSWORD)

    wrong_password = log_in(client, "ana@example.org", "not the password at all")
    unknown_email = log_in(client, "nobody@example.org", "not the password at all")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert error_messages(wrong_password) == error_messages(unknown_email) != []
    assert SESSION_KEY not in client.session


def test_the_session_id_changes_at_login(client):
    make_user(email="ana@example.org", password=PASSWORD)
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    log_in(client, "ana@example.org")

    assert client.session.session_key != before


@pytest.mark.parametrize(
    "next_url",
    EVIL_NEXT,
)
def test_login_refuses_to_send_anyone_to_another_site(client, next_url):
    make_user(email="ana@example.org", password=PASSWORD)

    response = log_in(client, "ana@example.org", next=next_url)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_login_keeps_a_local_next_page(client):
    make_user(email="ana@example.org", password=PASSWORD)

    response = log_in(client, "ana@example.org", next="/accounts/profile/")

    assert response["Location"] == "/accounts/profile/"


def test_the_login_form_does_not_echo_a_foreign_next_page(client):
    page = client.get(LOGIN, {"next": "https://evil.example/"}).content.decode()

    assert "evil.example" not in page


def test_logout_by_get_is_refused_and_keeps_the_session(client):
    client.force_login(make_user())

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("next_url", ["", "https://evil.example/", "//evil.example/"])
def test_logout_by_post_ends_the_session_and_never_leaves_the_site(client, next_url):
    client.force_login(make_user())
    old_session = client.cookies["sessionid"].value

    response = client.post(reverse("logout"), {"next": next_url} if next_url else {})

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert SESSION_KEY not in client.session
    client.cookies["sessionid"] = old_session
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


# Passwords


def test_password_reset_mails_a_known_address_once_and_an_unknown_one_never_with_the_same_page(client, mailoutbox):
    make_user(email="ana@example.org")

    known = client.post(reverse("password_reset"), {"email": "ANA@example.org"}, follow=True)
    assert len(mailoutbox) == 1
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert mailoutbox[0].subject == "Reset your Cluster Hub password"
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert known.content == unknown.content


def test_the_reset_link_works_once_and_leaves_no_token_in_the_address(client, mailoutbox):
    user = make_user(email="ana@example.org")
    client.post(reverse("password_reset"), {"email": "ana@example.org"})
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    new = "another long and quiet river"
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    again = client.get(link, follow=True)

    assert "set-password" in set_password_url
    assert link.split("/")[-2] not in set_password_url
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)
    assert "This link no longer works" in again.content.decode()


def test_a_reset_request_for_a_foreign_host_is_refused_and_sends_nothing(client, mailoutbox):
    make_user(email="ana@example.org")

    response = client.post(reverse("password_reset"), {"email": "ana@example.org"}, headers={"host": "evil.example"})

    assert response.status_code == 400
    assert mailoutbox == []


def test_changing_the_password_logs_out_other_devices_but_not_this_one(client):
    user = make_user(password=PASSWORD)
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    new = "another long and quiet river"

    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert other_device.get(reverse("accounts:profile"))["Location"].startswith(LOGIN)


def test_a_short_new_password_is_refused_with_the_validators_message(client):
    user = make_user(password=PASSWORD)
    client.force_login(user)

    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )

    assert response.status_code == 200
    assert any("too short" in message for message in error_messages(response))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# Who may open what


def account_url_names() -> dict[str, str]:
    """Every named URL under /accounts/, with a path to request (placeholders filled in)."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and route.startswith("accounts/"):
                found[namespace + pattern.name] = "/" + re.sub(r"<[^>]+>", "x", route)

    walk(get_resolver().url_patterns, "", "")
    return found


ACCOUNT_URLS = account_url_names()


def test_every_account_page_is_either_public_or_listed_here():
    private = set(ACCOUNT_URLS) - PUBLIC_ACCOUNT_PAGES
    assert private == {
        "password_change",
        "password_change_done",
        "accounts:profile",
        "accounts:export",
        "accounts:delete",
        "accounts:two-factor-verify",
        "accounts:two-factor-setup",
    }


@pytest.mark.parametrize("name", sorted(set(ACCOUNT_URLS) - PUBLIC_ACCOUNT_PAGES))
def test_every_private_account_page_sends_anonymous_visitors_to_login(client, name):
    path = ACCOUNT_URLS[name]

    for response in (client.get(path), client.post(path, {"password": PASSWORD})):
        assert response.status_code == 302, name
        assert response["Location"] == f"{LOGIN}?next={path}"


# The profile


def test_the_profile_page_explains_what_a_public_profile_shows_and_links_the_account_pages(client):
    user = make_user()
    client.force_login(user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "Off by default" in page
    assert "Your e-mail address is never shown" in page
    assert 'enctype="multipart/form-data"' in page
    for name in ("accounts:export", "accounts:delete", "password_change"):
        assert f'href="{reverse(name)}"' in page
    assert page.count("<h1") == 1
    assert not user.public_profile


def test_a_member_edits_their_profile(client):
    user = make_user(full_name="Ana Lopez")
    organisation = make_organisation(name="Universidad de Ejemplo")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        profile_data(
            user,
            full_name="Ana López García",
            job_title="Researcher",
            organisation=organisation.pk,
            bio="Hydrometallurgy.",
            public_profile="on",
            photo=image_file(),
        ),
    )

    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert (user.full_name, user.job_title, user.organisation, user.bio) == (
        "Ana López García",
        "Researcher",
        organisation,
        "Hydrometallurgy.",
    )
    assert user.public_profile
    assert user.slug
    assert user.photo.name.startswith("people/")
    assert "Your profile has been saved." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"),
        SimpleUploadedFile("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', content_type="image/svg+xml"),
        SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain"),
    ],
    ids=["html-named-jpg", "svg", "text"],
)
def test_a_file_that_is_not_an_image_is_refused_as_a_photo(client, upload):
    user = make_user(full_name="Ana Lopez")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), profile_data(user, full_name="Changed", photo=upload))

    assert response.status_code == 200
    assert any(message.startswith("Photo:") for message in error_messages(response)), error_messages(response)
    user.refresh_from_db()
    assert (user.full_name, user.photo.name) == ("Ana Lopez", "")


def test_a_photo_over_5_mb_is_refused(client):
    user = make_user()
    client.force_login(user)
    big = SimpleUploadedFile("big.jpg", b"\xff" * (MAX_PHOTO_BYTES + 1), content_type="image/jpeg")

    response = client.post(reverse("accounts:profile"), profile_data(user, photo=big))

    assert (
        "Photo: The photo is 5.0 MB: larger than 5 MB, the most we accept. Choose a smaller file."
        in error_messages(response)
    )
    user.refresh_from_db()
    assert not user.photo


def test_a_stored_photo_is_a_clean_copy_under_a_new_name(client):
    user = make_user()
    client.force_login(user)
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # camera make: stands for any metadata, GPS included
    upload = image_file("../../settings.jpg", exif=exif, size=(3000, 1500), tail=b"<script>alert(1)</script>")

    client.post(reverse("accounts:profile"), profile_data(user, photo=upload))

    user.refresh_from_db()
    stored = user.photo.read()
    assert "settings" not in user.photo.name
    assert b"SpyCam" not in stored
    assert b"<script>" not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.size == (1200, 600)
        assert not image.getexif()


def test_a_replaced_photo_file_is_deleted(client, django_capture_on_commit_callbacks):
    user = make_user()
    client.force_login(user)
    client.post(reverse("accounts:profile"), profile_data(user, photo=image_file()))
    user.refresh_from_db()
    first = user.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:profile"), profile_data(user, photo=image_file("second.png", "PNG")))

    user.refresh_from_db()
    assert user.photo.name != first
    assert not user.photo.storage.exists(first)
    assert user.photo.storage.exists(user.photo.name)


def test_the_profile_needs_a_name_and_ignores_forged_fields(client):
    user = make_user(full_name="Ana Lopez")
    client.force_login(user)

    refused = client.post(reverse("accounts:profile"), profile_data(user, full_name=""))
    saved = client.post(
        reverse("accounts:profile"),
        profile_data(user, job_title="Chemist", is_staff="on", is_superuser="on", email="boss@example.org"),
    )

    assert "Full name: Enter your full name, as colleagues know you." in error_messages(refused)
    assert saved.status_code == 302
    user.refresh_from_db()
    assert (user.job_title, user.is_staff, user.is_superuser, user.email) == ("Chemist", False, False, user.email)
    assert User.objects.filter(email="boss@example.org").count() == 0
