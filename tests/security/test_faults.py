"""SECURITY.md item 25, the part the test client can check (the live outage is in scripts/soak.py):
/healthz for load balancers, and the branded 503 page instead of a trace while the database is away."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from hub.core.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """A client that receives the error pages a real visitor would get instead of the exception."""
    return Client(raise_request_exception=False)


def broken_database(error=OperationalError):
    return mock.patch("hub.core.health.connection.cursor", side_effect=error("connection refused"))


# /healthz


def test_healthz_answers_ok_for_the_database_and_the_caches(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_healthz_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")

    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_answers_503_when_the_database_does_not(client):
    with broken_database():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok"}


def test_healthz_answers_503_when_the_shared_cache_does_not(client):
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


# The 503 page


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_answers_the_branded_503_while_the_database_is_away(visitor, error):
    with mock.patch("hub.pages.views.home_context", side_effect=error("server closed the connection")):
        response = visitor.get("/")

    assert response.status_code == 503
    content = response.content.decode()
    assert "The portal is briefly unavailable" in content
    assert "Traceback" not in content and "server closed the connection" not in content
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_the_503_page_needs_no_database(visitor, django_assert_num_queries):
    failing = mock.patch("hub.pages.views.home_context", side_effect=OperationalError("down"))
    with failing, django_assert_num_queries(0):
        visitor.get("/")


def test_a_signed_in_visitor_whose_session_cannot_be_read_gets_the_503_page(visitor):
    visitor.force_login(make_user())

    with mock.patch.object(SessionStore, "load", side_effect=OperationalError("down")):
        response = visitor.get("/workspace/")

    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_any_other_error_still_answers_the_500_page(visitor):
    with mock.patch("hub.pages.views.home_context", side_effect=ValueError("a bug")):
        response = visitor.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
