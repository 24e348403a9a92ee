import logging
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from hub.core.tests.factories import make_staff
from hub.pages.models import MESSAGE_MAX_LENGTH, ContactMessage, Page
from hub.pages.services import contact_message_create

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ana Ferreira",
    "email": "ana@example.org",
    "organisation": "Lab of Batteries",
    "project": "LICORNE",
    "message": "Our project would like to join the hub.",
    "website": "",
}


@pytest.fixture
def staff_address(settings):
    settings.HUB_STAFF_EMAILS = ["hub@example.org"]
    return "hub@example.org"


def send(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/contact/", {**VALID, **changes})


def test_contact_page_shows_the_page_text_and_a_labelled_form(client):
    page = client.get("/contact/").content.decode()

    assert "Contact the hub" in page
    assert 'name="csrfmiddlewaretoken"' in page
    for field in ("name", "email", "organisation", "project", "message"):
        assert f'for="id_{field}"' in page


def test_contact_form_page_sets_only_the_csrf_cookie(client):
    # The form needs Django's CSRF cookie to be posted; it is the one cookie of the public site.
    assert set(client.get("/contact/").cookies) == {"csrftoken"}


def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    page = client.get("/contact/").content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="website" tabindex="-1" autocomplete="off"' in page


def test_a_valid_message_is_stored_mailed_to_staff_and_redirects_to_thanks(
    client, mailoutbox, django_capture_on_commit_callbacks, staff_address
):
    response = send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == "/contact/thanks/"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.project, message.handled) == (
        "Ana Ferreira",
        "ana@example.org",
        "LICORNE",
        False,
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff_address]
    assert mailoutbox[0].reply_to == ["ana@example.org"]
    assert "Our project would like to join the hub." in mailoutbox[0].body
    assert client.get(response.url).status_code == 200


def test_without_configured_addresses_the_message_goes_to_active_staff(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.HUB_STAFF_EMAILS = []
    make_staff(email="coordinator@example.org")
    make_staff(email="gone@example.org", is_active=False)

    send(client, django_capture_on_commit_callbacks)

    assert mailoutbox[0].to == ["coordinator@example.org"]


def test_markup_in_a_message_reaches_staff_as_plain_text(
    client, mailoutbox, django_capture_on_commit_callbacks, staff_address
):
    send(client, django_capture_on_commit_callbacks, name="<img src=x onerror=alert(1)>\nBcc: x@evil.example")

    assert mailoutbox[0].subject.endswith("<img src=x onerror=alert(1)> Bcc: x@evil.example")
    assert "Name: <img src=x onerror=alert(1)>" in mailoutbox[0].body
    assert mailoutbox[0].bcc == []


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"email": ""}, "email", "Enter your e-mail address"),
        ({"email": "not-an-address"}, "email", "Enter an e-mail address in the form"),
        ({"message": ""}, "message", "Write your message."),
        ({"message": "x" * (MESSAGE_MAX_LENGTH + 1)}, "message", "Shorten your message to 5000 characters"),
        ({"name": "  "}, "name", "Enter your name."),
    ],
)
def test_an_invalid_message_shows_the_errors_and_stores_and_sends_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, staff_address, changes, field, error
):
    response = send(client, django_capture_on_commit_callbacks, **changes)
    page = response.content.decode()

    assert response.status_code == 200
    assert error in response.context["form"].errors[field][0]
    assert "Your message was not sent" in page  # the summary at the top
    assert f'<a href="#id_{field}">' in page  # links to the field
    assert f'aria-describedby="id_{field}' in page and f'{field}_error"' in page
    assert "<title>Error: " in page
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, staff_address
):
    response = send(client, django_capture_on_commit_callbacks, website="https://spam.example")

    assert response.status_code == 302
    assert response.url == "/contact/thanks/"
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


def test_a_filled_honeypot_wins_even_over_invalid_fields(client, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, website="x", email="nonsense")

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 0


def test_a_mail_server_failure_keeps_the_message_and_still_thanks_the_visitor(
    client, django_capture_on_commit_callbacks, staff_address, monkeypatch, caplog
):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)

    with caplog.at_level(logging.ERROR, logger="hub.pages.services"):
        response = send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == "/contact/thanks/"
    assert ContactMessage.objects.count() == 1
    assert "Could not e-mail staff" in caplog.text


def test_the_mail_is_sent_only_after_the_message_is_committed(
    mailoutbox, staff_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        contact_message_create(name="A", email="a@example.org", organisation="O", message="Hello")

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_the_form_works_when_staff_deleted_the_contact_text(client):
    Page.objects.filter(slug="contact").delete()

    page = client.get("/contact/").content.decode()

    assert "<h1>Contact the hub</h1>" in page
    assert 'name="message"' in page


def test_staff_see_contact_messages_in_the_admin_and_mark_them_handled(staff_client):
    message = contact_message_create(
        name="Ana", email="ana@example.org", organisation="Lab", message="Hello <b>hub</b>"
    )

    changelist = staff_client.get("/admin/pages/contactmessage/")
    assert changelist.status_code == 200
    assert "ana@example.org" in changelist.content.decode()
    assert staff_client.get(f"/admin/pages/contactmessage/{message.pk}/change/").status_code == 200
    assert staff_client.get("/admin/pages/contactmessage/add/").status_code == 403

    response = staff_client.post(
        "/admin/pages/contactmessage/", {"action": "mark_handled", "_selected_action": [message.pk]}
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.handled


def test_staff_cannot_rewrite_what_a_visitor_sent(staff_client):
    message = contact_message_create(name="Ana", email="ana@example.org", organisation="Lab", message="Original")

    staff_client.post(
        f"/admin/pages/contactmessage/{message.pk}/change/",
        {"message": "Rewritten", "handled": "on", "_save": "Save"},
    )

    message.refresh_from_db()
    assert (message.message, message.handled) == ("Original", True)
