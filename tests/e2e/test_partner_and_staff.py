"""A partner joins by invitation and writes a post; hub staff publish it; a visitor then finds it."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from hub.core.services import content_transition
from hub.core.tests.factories import make_membership, make_staff, make_user
from hub.members.models import Membership
from hub.members.services import invitation_create
from hub.news.models import Post
from hub.news.services import post_create
from hub.projects.models import Project

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "four long words together"
TITLE = "Black mass leaves the pilot plant"


def png_bytes() -> bytes:
    """A small real PNG (the upload checks look inside the file, not at its name)."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), (30, 110, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def admin_log_in(page, site, user, password) -> None:
    """Log in to the admin, past the second factor: the code comes from the user's authenticator (made here)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    page.goto(site + "/admin/")
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(user.email)
    page.get_by_label(re.compile(r"Password\W*$")).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    code = page.get_by_label("Code")
    if code.count():  # asked for the second factor (hub/members/two_factor.py)
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        code.fill(f"{totp.token():0{device.digits}d}")
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.fixture
def project(live_server):
    return Project.objects.create(
        acronym="RHINOCEROS",
        slug="rhinoceros",
        full_title="Recycling of batteries",
        grant_agreement_number="101069685",
    )


def test_partner_joins_and_submits_a_post(page, site, project):
    staff = make_staff(email="coordinator@example.org")
    invitation_create(email="robin@example.org", project=project, role=Membership.Role.PARTNER, by=staff)
    [email] = mail.outbox
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", email.body).group(0)

    # The e-mailed link (on the live server's host): choose a password, which creates the account.
    page.goto(site + urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join RHINOCEROS")
    page.get_by_label("Full name").fill("Robin Partner")
    page.get_by_label(re.compile(r"Password\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile("Password again")).fill(PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workspace")

    # Another day: log in with that password.
    page.context.clear_cookies()
    log_in(page, site, "robin@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your workspace")

    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Lead").fill("The RHINOCEROS pilot line processed its first tonne.")
    editor = page.locator("trix-editor")
    editor.click()
    page.keyboard.type("The pilot plant in Finland ")
    bold = page.get_by_role("button", name="Bold")
    bold.click()
    page.keyboard.type("recovered 95% of the cobalt")
    bold.click()
    page.keyboard.type(" from black mass.")
    page.get_by_label(re.compile("RHINOCEROS")).check()
    page.get_by_label("Image file").set_input_files(
        files=[{"name": "pilot.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_label(re.compile("alt text", re.I)).fill("The pilot line's leaching tanks")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    page.get_by_role("link", name="Preview", exact=True).click()
    expect(page.get_by_text("Preview — not published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main strong", has_text="recovered 95% of the cobalt")).to_be_visible()
    expect(page.get_by_role("img", name="The pilot line's leaching tanks")).to_have_count(1)
    page.get_by_role("link", name="Back to editing").click()

    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Saved and submitted for review.")).to_be_visible()
    page.goto(site + "/workspace/")
    posts = page.get_by_role("region", name="Your posts")
    expect(posts.get_by_role("heading", name="Waiting for review (1)")).to_be_visible()
    expect(posts.get_by_role("listitem").filter(has_text=TITLE)).to_contain_text("submitted")

    post = Post.objects.get(title=TITLE)
    assert post.status == "submitted"
    assert "<strong>recovered 95% of the cobalt</strong>" in post.body
    assert post.featured_image and post.featured_image_alt == "The pilot line's leaching tanks"


def test_staff_publish_a_submitted_post_which_visitors_then_find(page, site, project, live_search_index):
    partner = make_user(email="robin@example.org", full_name="Robin Partner")
    make_membership(user=partner, project=project)
    post = post_create(
        by=partner,
        projects=[project],
        title=TITLE,
        lead="The pilot line processed its first tonne of spent cells.",
        body="<p>Leaching recovered most of the cobalt.</p>",
    )
    content_transition(obj=post, action="submit", by=partner)
    staff = make_staff(email="coordinator@example.org", password=PASSWORD)
    staff.groups.add(Group.objects.get(name="Hub staff"))

    admin_log_in(page, site, staff, PASSWORD)
    page.goto(site + "/admin/moderation/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # A visitor (no cookies) finds it on the news list, in the feed and in search.
    page.context.clear_cookies()
    page.goto(site + "/news/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    feed = page.request.get(site + "/news/feed/rss/")
    assert feed.ok and TITLE in feed.text()
    page.get_by_role("searchbox", name="Search the hub").fill("cobalt tonne")
    page.keyboard.press("Enter")
    expect(page.locator("ol.search-results").get_by_role("link", name=TITLE)).to_be_visible()
