"""A visitor's journey through the public site, on a desktop screen and on a phone (360 x 740)."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from hub.news.models import Post
from hub.projects.models import Project

from .conftest import DESKTOP, PHONE, fits_width, menu

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def screen(request, page):
    page.set_viewport_size(request.param)
    return request.param


def arrive(page, heading) -> None:
    """The page has loaded with its heading, and (on a phone too) it never scrolls sideways."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading, ignore_case=True)
    fits_width(page)


def test_visitor_reads_news_and_shares_a_post(page, site, demo, screen):
    post = Post.objects.published().latest_first().first()
    page.goto(site + "/")
    arrive(page, "")
    menu(page).get_by_role("link", name="News").click()
    arrive(page, "News")
    page.get_by_role("link", name=post.title).first.click()
    arrive(page, post.title)

    share = page.get_by_role("region", name="Share this post")
    linkedin = share.get_by_role("link", name="Share on LinkedIn")
    x = share.get_by_role("link", name="Share on X")
    expect(linkedin).to_have_attribute("href", re.compile(r"^https://www\.linkedin\.com/sharing/share-offsite/\?url="))
    expect(x).to_have_attribute("href", re.compile(r"^https://x\.com/intent/post\?url="))
    # Plain links: no widget script or frame from those sites (the page fixture fails on any request to them).
    assert page.locator("script[src*='linkedin'], script[src*='x.com'], script[src*='twitter'], iframe").count() == 0


def test_visitor_finds_an_event_and_adds_it_to_a_calendar(page, site, upcoming_event, screen):
    page.goto(site + "/")
    menu(page).get_by_role("link", name="Events").click()
    arrive(page, "Events")
    page.get_by_role("link", name=upcoming_event.title).first.click()
    arrive(page, upcoming_event.title)

    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Opening and welcome")
    expect(agenda).to_contain_text("Marie Dupont")
    expect(agenda).to_contain_text("Panel: black mass in Europe")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == upcoming_event.title
    assert vevent.decoded("DTSTART") == upcoming_event.starts_at
    assert "Brussels" in str(vevent["LOCATION"])


def test_visitor_sees_a_projects_eu_funding(page, site, demo, screen):
    page.goto(site + "/")
    menu(page).get_by_role("link", name="Projects").click()
    arrive(page, "Projects")
    page.locator("main .card-title a").first.click()
    project = Project.objects.get(slug=page.url.rstrip("/").rsplit("/", 1)[1])
    arrive(page, project.acronym)
    expect(page.get_by_text("Funded by the European Union").first).to_be_visible()
    if project.grant_agreement_number:
        expect(page.locator("main")).to_contain_text(project.grant_agreement_number)


def test_visitor_searches(page, site, demo, screen):
    page.goto(site + "/")
    menu(page).get_by_role("searchbox", name="Search the hub").fill("lithium")
    page.keyboard.press("Enter")
    arrive(page, "Search results for “lithium”")
    results = page.locator("ol.search-results > li")
    assert results.count() >= 3
    results.first.get_by_role("link").click()
    fits_width(page)


def test_visitor_writes_to_the_hub(page, site, demo, screen):
    page.goto(site + "/")
    menu(page).get_by_role("link", name="Contact").click()
    arrive(page, "Contact")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your message was not sent")
    expect(summary).to_contain_text("Write your message.")
    fits_width(page)

    page.get_by_label("Your name").fill("Eva Visitor")
    page.get_by_label("Your e-mail address").fill("eva@example.org")
    page.get_by_label("Organisation").fill("Ministry of Raw Materials")
    page.get_by_role("textbox", name="Message").fill("Could our project join the cluster?")
    page.get_by_role("button", name="Send message").click()
    arrive(page, "Thank you for your message")
