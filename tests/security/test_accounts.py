"""Accounts and sessions, as SECURITY.md items 1-8 phrase them (and item 24 for password resets).

Each test sends what the checklist says and checks what must come back; the details (cool-off,
per-client counts, backup codes...) are in hub/members/tests/test_logins.py and test_two_factor.py.
"""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core.tests.factories import make_staff, make_user
from hub.core.tests.payloads import EVIL_NEXT
from hub.members.models import User

from .url_matrix import ADMIN_PUBLIC, is_admin, sample_url, url_patterns

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"
WRONG = "not the password at all"
LOGIN, ADMIN_LOGIN, LOGOUT = reverse("login"), reverse("admin:login"), reverse("logout")
RESET = reverse("password_reset")
DASHBOARD, ADMIN = reverse("workspace:dashboard"), reverse("admin:index")
VERIFY, SETUP = reverse("accounts:two-factor-verify"), reverse("accounts:two-factor-setup")
ADMIN_PAGES = [p for p in url_patterns() if is_admin(p.name) and p.name not in ADMIN_PUBLIC]


def log_in(client, email, password=PASSWORD, url=LOGIN, **data):
    return client.post(url, {"username": email, "password": password, **data})


def reset_link(mail) -> str:
    return re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.body).group(1)


def code_of(device) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_item_1_five_wrong_passwords_then_the_right_one_is_refused_even_with_a_spoofed_address(url):
    """SECURITY.md item 1: brute force is locked out (429 page) on both logins; X-Forwarded-For does not help."""
    make_staff(email="a@example.org", password=PASSWORD)
    client = Client()
    for _ in range(5):
        log_in(client, "a@example.org", WRONG, url=url)

    response = client.post(
        url, {"username": "a@example.org", "password": PASSWORD}, headers={"x-forwarded-for": "203.0.113.9"}
    )

    assert response.status_code == 429
    assert "Login paused" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()


def test_item_2_no_enumeration_at_login_or_password_reset(client, mailoutbox):
    """SECURITY.md item 2: same status and text for an unknown user; same page and one e-mail for resets."""
    make_user(email="a@example.org", password=PASSWORD)

    wrong = log_in(client, "a@example.org", WRONG)
    unknown = log_in(client, "nobody@example.org", WRONG)
    known_reset = client.post(RESET, {"email": "a@example.org"}, follow=True)
    unknown_reset = client.post(RESET, {"email": "nobody@example.org"}, follow=True)

    def errors(response):
        return re.findall(r'<div class="alert alert-danger error-summary".*?</div>', response.content.decode(), re.S)

    assert wrong.status_code == unknown.status_code == 200
    assert errors(wrong) == errors(unknown) != []
    assert known_reset.redirect_chain == unknown_reset.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert known_reset.content == unknown_reset.content
    assert [mail.to for mail in mailoutbox] == [["a@example.org"]]


def test_item_3_the_session_id_changes_at_login_and_logout_is_post_only_and_final(client):
    """SECURITY.md item 3: new session id at login; GET logout refused; the old id is anonymous afterwards."""
    make_user(email="a@example.org", password=PASSWORD)
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    log_in(client, "a@example.org")
    logged_in = client.cookies["sessionid"].value

    assert logged_in != before
    assert client.get(LOGOUT).status_code == 405
    assert client.get(DASHBOARD).status_code == 200
    client.post(LOGOUT)
    client.cookies["sessionid"] = logged_in
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_item_4_a_password_change_ends_other_sessions_and_deactivation_ends_all(client):
    """SECURITY.md item 4: other devices are logged out by a password change; a deactivated user by the change."""
    user = make_user(email="a@example.org", password=PASSWORD)
    phone, laptop = Client(), Client()
    phone.force_login(user)
    laptop.force_login(user)
    new = "another long and quiet river"

    laptop.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})

    assert phone.get(DASHBOARD)["Location"].startswith(LOGIN)
    assert laptop.get(DASHBOARD).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert laptop.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_item_5_short_and_common_passwords_are_refused_and_a_long_passphrase_works_as_typed(client):
    """SECURITY.md item 5: validators refuse short and common passwords; 64 characters with spaces and accents work."""
    user = make_user(email="a@example.org", password=PASSWORD)
    client.force_login(user)
    change = reverse("password_change")
    passphrase = "Über den Wolken, où l'été brûle: ça déménage près du lac Léman!"
    passphrase = passphrase + " " * (64 - len(passphrase))
    assert len(passphrase) == 64

    for weak in ("short", "password1234"):
        page = client.post(change, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        assert page.status_code == 200
    done = client.post(change, {"old_password": PASSWORD, "new_password1": passphrase, "new_password2": passphrase})
    client.post(LOGOUT)

    assert done["Location"] == reverse("password_change_done")
    assert log_in(client, "a@example.org", passphrase)["Location"] == DASHBOARD


def test_item_6_the_reset_link_works_once_expires_and_leaves_no_token_and_foreign_hosts_get_400(
    client, mailoutbox, settings
):
    """SECURITY.md item 6: single use, expiry, no token in the final URL, foreign Host refused before any mail."""
    user = make_user(email="a@example.org", password=PASSWORD)
    assert client.post(RESET, {"email": "a@example.org"}, headers={"host": "evil.example"}).status_code == 400
    assert mailoutbox == []

    client.post(RESET, {"email": "a@example.org"})
    link = reset_link(mailoutbox[0])
    form = client.get(link, follow=True)
    final_url = form.redirect_chain[-1][0]
    new = "another long and quiet river"
    client.post(final_url, {"new_password1": new, "new_password2": new})

    assert link.split("/")[-2] not in final_url
    user.refresh_from_db()
    assert user.check_password(new)
    assert "This link no longer works" in client.get(link, follow=True).content.decode()

    client.post(RESET, {"email": "a@example.org"})
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert "This link no longer works" in client.get(reset_link(mailoutbox[1]), follow=True).content.decode()


def _login_redirect(client, url, next_url):
    make_staff(email="s@example.org", password=PASSWORD)
    return log_in(client, "s@example.org", url=url, next=next_url)["Location"]


def _logout_redirect(client, next_url):
    client.force_login(make_user())
    return client.post(LOGOUT, {"next": next_url})["Location"]


def _two_factor_redirect(client, next_url):
    staff = make_staff(email="s@example.org")
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    return client.post(VERIFY, {"code": code_of(device), "next": next_url})["Location"]


def _setup_link(client, next_url):
    staff = make_staff(email="s@example.org")
    client.force_login(staff)
    client.get(SETUP)
    page = client.post(SETUP, {"code": code_of(TOTPDevice.objects.get(user=staff)), "next": next_url})
    return re.search(r'href="([^"]*)">I have kept them', page.content.decode()).group(1)


NEXT_READERS = {
    "login": (lambda client, next_url: _login_redirect(client, LOGIN, next_url), DASHBOARD),
    # Django's admin login falls back to LOGIN_REDIRECT_URL when the posted next is refused.
    "admin login": (lambda client, next_url: _login_redirect(client, ADMIN_LOGIN, next_url), DASHBOARD),
    "logout": (_logout_redirect, reverse("pages:home")),
    "two-factor code": (_two_factor_redirect, ADMIN),
    "two-factor setup": (_setup_link, ADMIN),
}


@pytest.mark.parametrize("next_url", EVIL_NEXT)
@pytest.mark.parametrize("reader", sorted(NEXT_READERS))
def test_item_7_every_view_reading_next_refuses_other_sites(client, reader, next_url):
    """SECURITY.md item 7: each foreign or script `next` goes to the view's default page instead."""
    follow, default = NEXT_READERS[reader]

    assert follow(client, next_url) == default


@pytest.mark.parametrize("reader", sorted(NEXT_READERS))
def test_item_7_every_view_reading_next_keeps_a_local_path(client, reader):
    """SECURITY.md item 7: a local path is kept."""
    follow, _ = NEXT_READERS[reader]

    assert follow(client, "/news/") == "/news/"


@pytest.mark.parametrize("pattern", ADMIN_PAGES, ids=lambda p: p.name)
def test_item_8_staff_with_only_a_password_reach_no_admin_page(client, pattern):
    """SECURITY.md item 8: every admin URL of the URL configuration asks staff for the TOTP code first."""
    staff = make_staff(email="s@example.org", password=PASSWORD)
    TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    staff.user_permissions.set([])  # permissions do not matter: the second factor comes first
    client.force_login(staff)
    url = sample_url(pattern)

    response = client.get(url, follow=True)

    if response.status_code == 405:  # the admin's logout: POST only, and it opens nothing
        return
    assert response.wsgi_request.path == VERIFY, f"{url} led to {response.wsgi_request.path}"
    assert response.status_code == 200


def test_item_8_the_code_opens_the_admin_and_partners_are_never_asked(client):
    """SECURITY.md item 8: after a valid TOTP code the admin opens; a partner logs in without any code."""
    staff = make_staff(email="s@example.org", password=PASSWORD)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    log_in(client, "s@example.org", url=ADMIN_LOGIN)
    assert client.get(ADMIN, follow=True).wsgi_request.path == VERIFY

    client.post(VERIFY, {"code": code_of(device)})

    assert client.get(ADMIN).status_code == 200
    make_user(email="p@example.org", password=PASSWORD)
    assert log_in(Client(), "p@example.org")["Location"] == DASHBOARD


def test_item_24_the_sixth_reset_request_in_an_hour_is_refused_and_sends_no_mail(client, mailoutbox):
    """SECURITY.md item 24 (password reset): per address and per client, counted in caches["shared"]."""
    make_user(email="a@example.org")
    for _ in range(5):
        client.post(RESET, {"email": "a@example.org"})

    refused = client.post(RESET, {"email": "a@example.org"})

    assert refused.status_code == 429
    assert len(mailoutbox) == 5
