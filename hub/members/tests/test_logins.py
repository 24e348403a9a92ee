"""Logins under attack: lockout, enumeration, passwords, sessions, redirects, reset limits (SECURITY.md 1-7, 24)."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import make_staff, make_user
from hub.core.tests.payloads import EVIL_NEXT
from hub.members.models import LoginRecord, User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"
WRONG = "not the password at all"
LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
DASHBOARD = reverse("workspace:dashboard")
RESET = reverse("password_reset")


def log_in(client, username, password=PASSWORD, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail_five_times(client, username, **extra):
    answers = [log_in(client, username, WRONG, **extra).status_code for _ in range(5)]
    # The fifth wrong password already gets the lockout page.
    assert answers == [200, 200, 200, 200, 429]


# Lockout (django-axes)


def test_five_wrong_passwords_lock_the_account_out_with_our_page_even_for_the_right_one(client):
    """SECURITY.md item 1: the sixth try, with the right password, gets the branded 429 page."""
    make_user(email="ana@example.org", password=PASSWORD)
    fail_five_times(client, "ana@example.org")

    response = log_in(client, "ana@example.org")

    assert response.status_code == 429
    assert "Login paused" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    assert "<nav" in response.content.decode()  # the site's own layout, not a bare text page
    assert SESSION_KEY not in client.session


def test_the_lockout_follows_the_account_whatever_the_case_and_the_client(client):
    """SECURITY.md item 1: a lockout per account, counted across clients and letter case."""
    make_user(email="ana@example.org", password=PASSWORD)
    for number in range(5):
        log_in(Client(REMOTE_ADDR=f"10.0.0.{number}"), "ANA@example.org" if number % 2 else "ana@example.org", WRONG)

    assert log_in(Client(REMOTE_ADDR="10.0.1.1"), "ana@example.org").status_code == 429


def test_the_lockout_follows_the_client_across_accounts(client):
    """SECURITY.md item 1: one client guessing many accounts is locked out too, for every account."""
    make_user(email="ana@example.org", password=PASSWORD)
    for number in range(5):
        log_in(client, f"guess{number}@example.org", WRONG)

    assert log_in(client, "ana@example.org").status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), "ana@example.org").status_code == 302


def test_a_spoofed_forwarded_for_header_does_not_escape_the_lockout(client):
    """SECURITY.md item 1: X-Forwarded-For is ignored unless HUB_TRUSTED_PROXY_COUNT says a proxy sets it."""
    make_user(email="ana@example.org", password=PASSWORD)
    for number in range(5):
        log_in(client, f"guess{number}@example.org", WRONG, headers={"x-forwarded-for": f"198.51.100.{number}"})

    response = log_in(client, "ana@example.org", headers={"x-forwarded-for": "203.0.113.7"})

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, settings):
    """SECURITY.md item 1: with one proxy, the last X-Forwarded-For entry (the proxy's view) is the client."""
    settings.HUB_TRUSTED_PROXY_COUNT = 1
    make_user(email="ana@example.org", password=PASSWORD)
    for number in range(5):
        # The client forges the first entry each time; the proxy appends the real address.
        log_in(
            client, f"guess{number}@example.org", WRONG, headers={"x-forwarded-for": f"1.2.3.{number}, 198.51.100.7"}
        )

    assert log_in(client, "ana@example.org", headers={"x-forwarded-for": "9.9.9.9, 198.51.100.7"}).status_code == 429
    assert log_in(client, "ana@example.org", headers={"x-forwarded-for": "198.51.100.8"}).status_code == 302


def test_the_admin_login_counts_and_locks_out_too(client):
    """SECURITY.md item 1: the admin login is covered by the same lockout."""
    make_staff(email="staff@example.org", password=PASSWORD)
    for _ in range(5):
        log_in(client, "staff@example.org", WRONG, url=ADMIN_LOGIN)

    assert log_in(client, "staff@example.org", url=ADMIN_LOGIN).status_code == 429
    assert log_in(Client(REMOTE_ADDR="10.1.1.1"), "staff@example.org").status_code == 429


def test_after_the_cool_off_the_right_password_works_again(client):
    """SECURITY.md item 1: the lockout ends after the documented cool-off (15 minutes)."""
    make_user(email="ana@example.org", password=PASSWORD)
    fail_five_times(client, "ana@example.org")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert log_in(client, "ana@example.org")["Location"] == DASHBOARD


def test_a_success_before_the_limit_starts_the_count_again(client):
    """SECURITY.md item 1: four typos then the right password leave nothing held against the account."""
    make_user(email="ana@example.org", password=PASSWORD)
    for _ in range(4):
        log_in(client, "ana@example.org", WRONG)
    log_in(client, "ana@example.org")
    client.post(reverse("logout"))

    for _ in range(4):
        log_in(client, "ana@example.org", WRONG)
    assert log_in(client, "ana@example.org").status_code == 302


def test_purging_forgets_old_failed_attempts_and_year_old_login_history(client):
    """SECURITY.md item 1 (records purged after a documented period): purge_login_records."""
    user = make_user(email="ana@example.org", password=PASSWORD)
    log_in(client, "ana@example.org", WRONG)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    old = LoginRecord.objects.create(user=user, at=timezone.now() - timedelta(days=366))
    recent = LoginRecord.objects.create(user=user, at=timezone.now() - timedelta(days=30))

    call_command("purge_login_records", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not AccessAttempt.objects.exists()
    assert list(LoginRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not LoginRecord.objects.filter(pk=old.pk).exists()


# Enumeration


def test_the_admin_login_answers_an_unknown_address_like_a_wrong_password(client):
    """SECURITY.md item 2: no enumeration on the admin login either."""
    make_staff(email="staff@example.org", password=PASSWORD)

    wrong_password = log_in(client, "staff@example.org", WRONG, url=ADMIN_LOGIN)
    unknown = log_in(client, "nobody@example.org", WRONG, url=ADMIN_LOGIN)

    assert wrong_password.status_code == unknown.status_code == 200
    strip_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|value="[^"]*@example.org"')
    assert strip_token.sub("", wrong_password.content.decode()) == strip_token.sub("", unknown.content.decode())


def test_an_inactive_account_gets_the_same_answer_as_a_wrong_password(client):
    """SECURITY.md item 2: a deactivated account is not revealed by a different message."""
    make_user(email="gone@example.org", password=PASSWORD, is_active=False)
    make_user(email="ana@example.org", password=PASSWORD)

    inactive = log_in(client, "gone@example.org")
    wrong = log_in(client, "ana@example.org", WRONG)

    assert inactive.status_code == wrong.status_code == 200

    def errors(response):
        return re.findall(r"<li>(.*?)</li>", response.content.decode())

    assert errors(inactive) == errors(wrong) != []


# Sessions


def test_deactivating_a_member_ends_their_sessions(client):
    """SECURITY.md item 4: once staff set a member inactive, the member's open session is anonymous."""
    member = make_user(password=PASSWORD)
    client.force_login(member)
    assert client.get(DASHBOARD).status_code == 200

    User.objects.filter(pk=member.pk).update(is_active=False)

    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


# Passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("482910573629", "This password is entirely numeric."),
        ("ana.lopez.example", "The password is too similar to the e-mail address."),
    ],
)
def test_weak_new_passwords_are_refused_with_the_reason(client, password, message):
    """SECURITY.md item 5: short, common, numeric and look-alike passwords are refused."""
    make_user(email="ana.lopez@example.org", password=PASSWORD)
    client.force_login(User.objects.get())

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get().check_password(PASSWORD)


def test_a_64_character_passphrase_with_spaces_and_accents_is_accepted_and_logs_in_as_typed(client):
    """SECURITY.md item 5: a long passphrase is kept exactly, spaces and accents included."""
    make_user(email="ana@example.org", password=PASSWORD)
    client.force_login(User.objects.get())
    passphrase = " Élan vital, forêt noire et café crème à l'aube du Zürichsee ça "
    assert len(passphrase) == 64

    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": passphrase, "new_password2": passphrase},
    )
    client.post(reverse("logout"))

    assert log_in(client, "ana@example.org", passphrase.strip()).status_code == 200
    assert log_in(client, "ana@example.org", passphrase)["Location"] == DASHBOARD


def test_a_reset_link_expires(client, mailoutbox, settings):
    """SECURITY.md item 6: a reset link older than PASSWORD_RESET_TIMEOUT no longer works."""
    make_user(email="ana@example.org", password=PASSWORD)
    client.post(RESET, {"email": "ana@example.org"})
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = -1  # as if the three days had passed

    response = client.get(link, follow=True)

    assert "This link no longer works" in response.content.decode()


# Reset requests: rate limit


def test_the_sixth_reset_request_for_one_address_within_an_hour_is_refused_and_sends_nothing(mailoutbox):
    """SECURITY.md item 24: five requests for one address per hour, counted across clients."""
    make_user(email="ana@example.org")
    for number in range(5):
        answer = Client(REMOTE_ADDR=f"10.0.0.{number}").post(RESET, {"email": "ana@example.org"})
        assert answer["Location"] == reverse("password_reset_done")

    refused = Client(REMOTE_ADDR="10.0.0.9").post(RESET, {"email": "ANA@example.org"})

    assert refused.status_code == 429
    assert "Too many reset requests in the last hour. No e-mail was sent" in refused.content.decode()
    assert len(mailoutbox) == 5


def test_the_sixth_reset_request_from_one_client_is_refused_whatever_the_address(client, mailoutbox):
    """SECURITY.md item 24: five requests per client per hour, known and unknown addresses alike."""
    make_user(email="ana@example.org")
    for number in range(5):
        client.post(RESET, {"email": f"someone{number}@example.org"})

    refused = client.post(RESET, {"email": "ana@example.org"})

    assert refused.status_code == 429
    assert mailoutbox == []


# Open redirects


@pytest.mark.parametrize("next_url", EVIL_NEXT)
@pytest.mark.parametrize("login_url", [LOGIN, ADMIN_LOGIN])
def test_both_logins_refuse_a_next_page_on_another_site(client, next_url, login_url):
    """SECURITY.md item 7: login and admin login go to their default page instead of another site."""
    make_staff(email="ana@example.org", password=PASSWORD)  # staff, so that the admin login accepts them

    response = client.post(login_url, {"username": "ana@example.org", "password": PASSWORD, "next": next_url})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript")
    assert response["Location"].startswith("/")


@pytest.mark.parametrize("next_url", EVIL_NEXT)
def test_logout_refuses_a_next_page_on_another_site(client, next_url):
    """SECURITY.md item 7: logout goes home instead."""
    client.force_login(make_user())

    response = client.post(reverse("logout"), {"next": next_url})

    assert response["Location"] == reverse("pages:home")


def test_logout_keeps_a_local_next_page(client):
    """SECURITY.md item 7: a local path is kept."""
    client.force_login(make_user())

    assert client.post(reverse("logout"), {"next": "/news/"})["Location"] == "/news/"


def test_the_workspace_sends_a_visitor_to_login_and_back_to_the_page_asked_for(client):
    """SECURITY.md item 7: the workspace's own next round-trip stays on the site."""
    make_user(email="ana@example.org", password=PASSWORD)
    page = reverse("workspace:dashboard")

    to_login = client.get(page)
    back = client.post(to_login["Location"], {"username": "ana@example.org", "password": PASSWORD, "next": page})

    assert to_login["Location"] == f"{LOGIN}?next={page}"
    assert back["Location"] == page


@pytest.mark.parametrize("next_url", EVIL_NEXT)
def test_the_admin_logout_refuses_a_next_page_on_another_site(staff_client, next_url):
    """SECURITY.md item 7: the admin's own logout stays on the site too."""
    response = staff_client.post(reverse("admin:logout"), {"next": next_url})

    assert "evil.example" not in response.get("Location", "")
    assert not response.get("Location", "").startswith("javascript")
    assert SESSION_KEY not in staff_client.session


def test_a_failed_attempt_is_stored_without_the_password_typed(client):
    """SECURITY.md item 1: what axes keeps of a failure holds no password (often a near miss of the real one)."""
    make_user(email="ana@example.org", password=PASSWORD)

    log_in(client, "ana@example.org", "a long and quiet rivet")

    assert "quiet rivet" not in AccessAttempt.objects.get().post_data
