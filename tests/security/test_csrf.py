"""SECURITY.md item 21: a POST without a CSRF token, or from a foreign or null Origin, gets 403 and changes nothing."""

import pytest
from django.test import Client

from hub.pages.models import ContactMessage

pytestmark = pytest.mark.django_db

CONTACT = {"name": "Ada", "email": "ada@example.org", "organisation": "None", "message": "A question about joining."}


def _token(client: Client, path: str) -> str:
    client.get(path)
    return client.cookies["csrftoken"].value


def test_a_post_without_a_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/contact/", CONTACT)
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_a_post_from_a_foreign_or_null_origin_is_refused_even_with_a_valid_token(origin):
    client = Client(enforce_csrf_checks=True)
    token = _token(client, "/contact/")
    response = client.post("/contact/", CONTACT, headers={"X-CSRFToken": token, "Origin": origin})
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_a_login_from_a_foreign_origin_is_refused(partner, origin):
    client = Client(enforce_csrf_checks=True)
    token = _token(client, "/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {"username": partner.email, "password": "whatever-the-password"},
        headers={"X-CSRFToken": token, "Origin": origin},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_same_post_from_our_own_origin_goes_through():
    client = Client(enforce_csrf_checks=True)
    token = _token(client, "/contact/")
    response = client.post("/contact/", CONTACT, headers={"X-CSRFToken": token, "Origin": "http://testserver"})
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
