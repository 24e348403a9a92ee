import pytest
from django.template.loader import render_to_string

MENU = 'aria-label="Main"'  # the site's main navigation landmark
FOOTER = '<footer class="site-footer'


def assert_branded(html: str, heading: str) -> None:
    assert MENU in html
    assert FOOTER in html
    assert f"<h1>{heading}</h1>" in html
    assert html.count("<h1") == 1
    assert "Traceback" not in html


@pytest.mark.django_db
def test_the_500_page_renders_without_a_request_and_without_any_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert_branded(html, "Something went wrong on our side")
    assert 'href="/about/"' in html and 'href="/contact/"' in html


def test_the_500_page_renders_with_the_database_out_of_reach():
    # Without the django_db mark, pytest-django makes any database access fail, as a dead database would.
    assert_branded(render_to_string("500.html"), "Something went wrong on our side")


def test_the_400_page_renders_without_a_request_and_without_the_database():
    assert_branded(render_to_string("400.html"), "Bad request")


@pytest.mark.django_db
@pytest.mark.urls("hub.pages.tests.urls_error")
def test_a_crashing_view_answers_with_the_branded_500_page(client):
    client.raise_request_exception = False

    response = client.get("/test-errors/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert_branded(html, "Something went wrong on our side")
    assert "A bug in a view" not in html


@pytest.mark.django_db
@pytest.mark.urls("hub.pages.tests.urls_error")
def test_a_refused_request_answers_with_the_branded_403_page(client):
    response = client.get("/test-errors/forbidden/")

    assert response.status_code == 403
    assert_branded(response.content.decode(), "Access denied")


@pytest.mark.django_db
@pytest.mark.urls("hub.pages.tests.urls_error")
def test_a_malformed_request_answers_with_the_branded_400_page(client):
    response = client.get("/test-errors/bad-request/")

    assert response.status_code == 400
    assert_branded(response.content.decode(), "Bad request")


@pytest.mark.django_db
def test_an_unknown_address_answers_with_the_branded_404_page_and_no_cookie(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_branded(response.content.decode(), "Page not found")
    assert not response.cookies


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_branded_403():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/", {"name": "x"})

    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()
    assert 'aria-label="Main"' in response.content.decode()
