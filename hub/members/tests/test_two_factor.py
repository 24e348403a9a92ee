"""Staff two-factor login: setup with a QR code, TOTP and backup codes, guessing limits (SECURITY.md item 8)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core.demo import DEMO_TOTP_KEY
from hub.core.tests.factories import make_user
from hub.core.tests.payloads import EVIL_NEXT
from hub.members.two_factor import backup_codes_replace, demo_device_ensure
from hub.news.models import Post

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
VERIFY = reverse("accounts:two-factor-verify")
SETUP = reverse("accounts:two-factor-setup")


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def previous_code(device: TOTPDevice) -> str:
    # The code of the step before: still accepted (clock drift), and different from current_code().
    totp = TOTP(device.bin_key)
    totp.time -= totp.step
    return f"{totp.token():06d}"


@pytest.fixture
def staff(staff_user):
    """Hub staff with the group's permissions (root conftest.py), logged in with the password only."""
    return staff_user


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)


def test_staff_with_only_a_password_are_sent_to_the_code_page_before_any_admin_page(client, staff, device):
    """SECURITY.md item 8: the password alone opens no admin page; the visitor lands on our code page."""
    client.force_login(staff)

    for page in (ADMIN, reverse("admin:news_post_changelist"), reverse("admin:moderation")):
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0] == f"{VERIFY}?next={page.replace('/', '%2F')}"
        assert response.status_code == 200
        assert "Second step: your code" in response.content.decode()


def test_the_right_code_opens_the_admin_and_goes_back_to_the_page_asked_for(client, staff, device):
    """SECURITY.md item 8: a valid TOTP code marks the session verified."""
    client.force_login(staff)
    page = reverse("admin:news_post_changelist")

    response = client.post(VERIFY, {"code": current_code(device), "next": page})

    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_the_admin_stays_closed(client, staff, device):
    """SECURITY.md item 8: a wrong code does not verify the session."""
    client.force_login(staff)
    wrong = "000000" if current_code(device) != "000000" else "111111"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))


def test_a_code_is_accepted_as_typed_with_spaces(client, staff, device):
    """SECURITY.md item 8: "123 456" as the app shows it works."""
    client.force_login(staff)
    code = current_code(device)

    response = client.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})

    assert response["Location"] == ADMIN


def test_the_same_code_cannot_be_used_twice(client, staff, device):
    """SECURITY.md item 8: a TOTP code seen by someone else is useless once used."""
    code = current_code(device)
    client.force_login(staff)
    assert client.post(VERIFY, {"code": code})["Location"] == ADMIN
    client.post(reverse("logout"))
    client.force_login(staff)

    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_a_backup_code_works_once(client, staff, device):
    """SECURITY.md item 8: each backup code opens the admin once."""
    codes = backup_codes_replace(user=staff)
    client.force_login(staff)
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("logout"))
    client.force_login(staff)

    assert "This code is not right." in client.post(VERIFY, {"code": codes[0]}).content.decode()
    assert client.post(VERIFY, {"code": codes[1].upper()})["Location"] == ADMIN
    assert StaticToken.objects.count() == 8


def test_guessing_codes_stops_after_five_wrong_ones_even_for_the_right_code(client, staff, device):
    """SECURITY.md item 8: code guessing is limited (caches["shared"]), with a 429 page."""
    client.force_login(staff)
    right = current_code(device)
    wrong = next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code != right)
    for _ in range(5):
        assert client.post(VERIFY, {"code": wrong}).status_code == 200

    response = client.post(VERIFY, {"code": right})

    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_guessing_is_counted_per_account_across_clients(client, staff, device):
    """SECURITY.md item 8: a new connection does not reset the count of wrong codes."""
    client.force_login(staff)
    for number in range(5):
        client.post(VERIFY, {"code": "abcdef"}, REMOTE_ADDR=f"10.0.0.{number}")

    assert client.post(VERIFY, {"code": current_code(device)}, REMOTE_ADDR="10.0.9.9").status_code == 429


# Setting up the authenticator


def test_staff_without_an_authenticator_set_one_up_from_a_qr_code_drawn_here(client, staff):
    """SECURITY.md item 8: enrolment shows the secret as an inline SVG QR code and as text, nothing external."""
    client.force_login(staff)

    response = client.get(ADMIN, follow=True)
    page = response.content.decode()

    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "<svg" in page and "<path" in page
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    assert not re.search(r'src="(?:https?:)?//', page)  # no image service: the QR code is in the page


def test_the_first_code_confirms_the_authenticator_and_shows_ten_backup_codes_once(client, staff):
    """SECURITY.md item 8: confirmation with a first code, then backup codes, then the admin opens."""
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(SETUP, {"code": current_code(device), "next": ADMIN})

    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200
    assert client.get(SETUP)["Location"].startswith(VERIFY)  # shown once: the page does not come back


def test_a_wrong_first_code_leaves_the_authenticator_unconfirmed(client, staff):
    """SECURITY.md item 8: setup needs a code from the app."""
    client.force_login(staff)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "12345"})

    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get(ADMIN).status_code == 302


def test_a_password_alone_cannot_add_a_second_authenticator(client, staff, device):
    """SECURITY.md item 8: once set up, the setup page is closed to a session without the second factor."""
    client.force_login(staff)

    response = client.get(SETUP)

    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


# Partners and redirects


def test_partners_are_not_asked_for_a_second_factor(client):
    """SECURITY.md item 8: only staff pass a second factor; a partner goes straight to the workspace."""
    make_user(email="ana@example.org", password="a long and quiet river")

    login = client.post(reverse("login"), {"username": "ana@example.org", "password": "a long and quiet river"})

    assert login["Location"] == reverse("workspace:dashboard")
    assert client.get(VERIFY)["Location"] == reverse("workspace:dashboard")
    assert client.get(SETUP)["Location"] == reverse("workspace:dashboard")
    assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))  # and no admin, as before


def test_anonymous_visitors_are_sent_to_login_from_the_code_pages(client):
    """SECURITY.md item 8: the code pages are for logged-in staff only."""
    assert client.get(VERIFY)["Location"] == f"{reverse('login')}?next={VERIFY}"


@pytest.mark.parametrize("next_url", EVIL_NEXT)
def test_the_code_page_refuses_a_next_page_on_another_site(client, staff, device, next_url):
    """SECURITY.md item 7: the two-factor page keeps visitors on the site."""
    client.force_login(staff)

    response = client.post(VERIFY, {"code": current_code(device), "next": next_url})

    assert response["Location"] == ADMIN


@pytest.mark.parametrize("next_url", EVIL_NEXT)
def test_the_setup_page_refuses_a_next_page_on_another_site(client, staff, next_url):
    """SECURITY.md item 7: the link after the backup codes stays on the site."""
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)

    page = client.post(SETUP, {"code": current_code(device), "next": next_url}).content.decode()

    assert "evil.example" not in page and "javascript:" not in page
    assert f'href="{ADMIN}"' in page


def test_a_verified_staff_member_following_an_old_link_to_the_code_page_goes_on(client, staff, device):
    """SECURITY.md item 7: already verified, the page forwards to a local next page only."""
    client.force_login(staff)
    client.post(VERIFY, {"code": previous_code(device)})

    assert client.get(VERIFY, {"next": "//evil.example/"})["Location"] == ADMIN
    assert client.get(VERIFY, {"next": "/admin/news/post/"})["Location"] == "/admin/news/post/"


# Demo


def test_the_demo_code_command_prints_a_code_the_demo_staff_account_accepts(client, staff):
    """SECURITY.md item 8 (demo): `manage.py demo_totp` lets the demo staff member in."""
    demo_device_ensure(user=staff, key=DEMO_TOTP_KEY)
    out = StringIO()
    call_command("demo_totp", stdout=out)
    client.force_login(staff)

    assert client.post(VERIFY, {"code": out.getvalue().split()[0]})["Location"] == ADMIN
    assert Post.objects.count() == 0  # nothing else was created on the way


def test_the_demo_code_command_refuses_where_demo_content_is_off(settings):
    """SECURITY.md item 8 (demo): no demo secret where demo content is switched off."""
    settings.HUB_DEMO_CONTENT_ALLOWED = False

    with pytest.raises(Exception, match="Demo content is switched off"):
        call_command("demo_totp", stdout=StringIO())


def test_demo_logins_tell_how_staff_pass_the_second_step():
    """SECURITY.md item 8 (demo): `make run` prints the way in for the demo staff account."""
    out = StringIO()
    call_command("demo_logins", stdout=out)

    assert "manage.py demo_totp" in out.getvalue()
