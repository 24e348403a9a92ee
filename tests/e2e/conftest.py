"""End-to-end tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked ``e2e`` (run with ``make e2e``; ``make test`` leaves them out). The ``page``
fixture watches each request the browser makes and fails the test on any host other than the live
server's, and on anything the Content-Security-Policy refused: the portal loads nothing from a third
party (no CDN, no share-button script). Failure screenshots: ``--screenshot only-on-failure`` (Makefile).
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from hub.core.tests.factories import make_published_event, make_session, make_session_role
from hub.events.models import SessionRole
from hub.members.models import Organisation
from hub.projects.models import Project

E2E_DIR = Path(__file__).parent
CHROMIUM = os.environ.get("HUB_E2E_CHROMIUM", "/usr/bin/chromium")
# The WCAG 2.0 and 2.1 A and AA rules: what EN 301 549 asks of EU public-sector sites.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread; Django then refuses ORM calls
    from it unless told it is safe (it is: the loop only drives the browser)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        # No sandbox inside containers; nothing in the background may phone home during a test.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB", "timezone_id": "Europe/Brussels"}


@pytest.fixture
def site(live_server):
    """The live server's address, without a trailing slash."""
    return live_server.url


def only_own_host(context, own_host: str) -> list[str]:
    """Abort every request ``context`` makes to a host other than ``own_host``; the list fills with them.

    Aborting, not only recording, means a test never waits on (or leaks anything to) the internet."""
    foreign = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            foreign.append(f"{route.request.resource_type} {url} (from {route.request.frame.url})")
            route.abort()

    context.route("**/*", guard)
    return foreign


def csp_refusals(page) -> list[str]:
    """What the Content-Security-Policy stopped ``page`` from loading: the browser never asks the network
    for those, so only its console tells. A refusal is a page that tries to load something it may not."""
    refused = []

    def listen(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return refused


@pytest.fixture
def page(page, live_server):
    """pytest-playwright's page, failing the test on any request to a host other than the live server's,
    and on anything the Content-Security-Policy had to refuse."""
    foreign = only_own_host(page.context, urlsplit(live_server.url).netloc)
    refused = csp_refusals(page)
    page.set_default_timeout(10_000)
    yield page
    assert not foreign, "The browser was made to request other hosts:\n" + "\n".join(foreign)
    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)


_axe = Axe()


def axe_violations(page, name: str, *, exclude: list[str] | None = None) -> list[str]:
    """The WCAG A/AA rules ``page`` breaks, each with the page name and the selectors of the offending elements.

    ``exclude`` takes CSS selectors of parts not to scan: only for vendored code we cannot fix, with a comment."""
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = _axe.run(page, context=context, options=options).response["violations"]
    return [
        f"{name} ({page.url}): {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"      {' '.join(map(str, node['target']))}" for node in violation["nodes"])
        for violation in violations
    ]


def axe_check(page, name: str, *, exclude: list[str] | None = None) -> None:
    """Fail with the page name, each violated WCAG A/AA rule and the selectors of the offending elements."""
    problems = axe_violations(page, name, exclude=exclude)
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def log_in(page, site, email: str, password: str) -> None:
    """The partner login form, as a person fills it in."""
    page.goto(site + "/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"Password\W*$")).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def base_url():
    """Addresses come from the live server; this also keeps pytest-base-url's own fixture out of the run."""
    return None


# Content


@pytest.fixture
def demo(live_server):
    """The demo content (projects, organisations, news, past events, documents) with its search index."""
    call_command("seed_demo", verbosity=0)
    call_command("search_rebuild", verbosity=0)


@pytest.fixture
def upcoming_event(demo):
    """The demo has only past events: a published workshop next month with an agenda and speakers."""
    project = Project.objects.get(acronym="RHINOCEROS")
    starts = (timezone.now() + timedelta(days=40)).replace(hour=8, minute=0, second=0, microsecond=0)
    event = make_published_event(
        title="Battery recycling clustering workshop",
        summary="Projects of the cluster compare their recycling routes.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        venue_name="Albert Borschette Conference Centre",
        city="Brussels",
        country="BE",
        projects=[project],
    )
    opening = make_session(
        event=event, title="Opening and welcome", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    make_session_role(session=opening, guest_name="Marie Dupont", organisation=Organisation.objects.get(slug="pno"))
    panel = make_session(
        event=event,
        title="Panel: black mass in Europe",
        starts_at=starts + timedelta(hours=1),
        ends_at=starts + timedelta(hours=2),
    )
    make_session_role(session=panel, guest_name="Jan Peeters", role=SessionRole.Role.MODERATOR)
    return event


def menu(page):
    """The main menu, opened first where it is collapsed behind its button (phones, narrow windows)."""
    toggle = page.get_by_role("button", name="Show the menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_role("navigation", name="Main")


def fits_width(page) -> None:
    """Nothing is wider than the window: a phone never scrolls sideways."""
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        culprits = page.evaluate(WIDER_THAN_WINDOW)
        pytest.fail(
            f"{page.url} scrolls sideways: {scroll_width}px wide in a {inner_width}px window; "
            f"elements past the right edge: {culprits}"
        )


# The innermost elements whose right edge is past the window's (their parents only contain them), leaving out
# those inside a box that scrolls or clips on its own.
WIDER_THAN_WINDOW = """() => {
  const clipped = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const past = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(el)
  );
  const innermost = past.filter((el) => !past.some((other) => other !== el && el.contains(other)));
  return innermost.slice(0, 5).map((el) => {
    const id = el.id ? "#" + el.id : "";
    const classes = el.classList.length ? "." + [...el.classList].join(".") : "";
    return `${el.tagName.toLowerCase()}${id}${classes} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`;
  });
}"""
