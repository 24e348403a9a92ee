"""axe-core (bundled with axe-playwright-python, never from a CDN) on every page type: no WCAG 2.0/2.1 A or AA
violation. One test per area visits all its pages, so the demo content is loaded once, and the failure
lists every page with its rules and elements, not only the first."""

import pytest

from hub.core.demo import DEMO_PASSWORD

from .conftest import axe_violations, log_in
from .pages import DEMO_EDITOR, public_pages, workspace_pages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def scan(page, site, pages) -> None:
    problems = []
    for name, path in pages:
        response = page.goto(site + path)
        assert response.status == (404 if name == "not-found" else 200), f"{name}: {path} answered {response.status}"
        problems.extend(axe_violations(page, name))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_public_pages(page, site, upcoming_event):
    scan(page, site, public_pages(upcoming_event))


def test_public_forms_with_errors(page, site, demo):
    """Error states are pages too: the contact form and the login form, sent empty."""
    problems = []
    for name, path, button in [
        ("contact-errors", "/contact/", "Send message"),
        ("login-errors", "/accounts/login/", "Log in"),
    ]:
        page.goto(site + path)
        page.get_by_role("main").get_by_role("button", name=button).click()
        page.wait_for_load_state()
        problems.extend(axe_violations(page, name))
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_workspace_pages(page, site, demo):
    pages = workspace_pages()
    log_in(page, site, DEMO_EDITOR, DEMO_PASSWORD)
    scan(page, site, pages)
