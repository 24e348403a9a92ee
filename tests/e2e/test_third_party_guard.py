"""The check every other e2e test relies on: a request to another host is caught, and never leaves."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import csp_refusals, only_own_host

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_request_to_another_host_is_caught(context, live_server):
    page = context.new_page()
    foreign = only_own_host(context, urlsplit(live_server.url).netloc)
    page.goto(live_server.url + "/news/")
    assert foreign == []  # the portal's own pages load nothing from elsewhere
    # (The portal's CSP already stops an <img> or <script> from another host inside a page;
    # following a link to one is a navigation, which only this guard catches.)
    with pytest.raises(PlaywrightError):
        page.goto("https://cdn.example.com/tracker.js")
    assert len(foreign) == 1
    assert foreign[0].startswith("document https://cdn.example.com/tracker.js")


def test_what_the_csp_refuses_is_caught(context, live_server):
    page = context.new_page()
    refused = csp_refusals(page)
    page.goto(live_server.url + "/news/")
    page.evaluate(
        """() => new Promise((done) => {
             const image = new Image();
             image.onerror = image.onload = done;
             image.src = "https://cdn.example.com/pixel.png";
           })"""
    )
    page.wait_for_timeout(100)  # console messages arrive asynchronously
    assert len(refused) == 1 and "https://cdn.example.com/pixel.png" in refused[0]
