"""The site with a keyboard alone: Tab moves through the page with the focus always visible, Enter follows
links and sends forms; the skip link leads straight to the main content."""

import pytest
from playwright.sync_api import expect

from .conftest import menu

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The focused element, described for the test: its name and whether a focus ring can be seen.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: (el.getAttribute("aria-label") || label || el.innerText || el.value || "").trim(),
    visible: Boolean(outline || shadow),
  };
}"""


def tab_to(page, name: str, *, limit: int = 60) -> dict:
    """Press Tab until the element called ``name`` has the focus; every element passed shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            continue
        assert focused["visible"], f"No visible focus on {focused} at {page.url}"
        if focused["name"].rstrip("*").strip() == name:
            return focused
    pytest.fail(f"{name!r} was not reached with {limit} presses of Tab on {page.url}")


def test_skip_link_moves_focus_to_the_main_content(page, site, demo):
    page.goto(site + "/news/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # hidden until focused, then shown
    assert page.evaluate(FOCUSED)["visible"]
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_main_menu_and_search_by_keyboard(page, site, demo):
    page.goto(site + "/")
    tab_to(page, "Events")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/events/")

    tab_to(page, "Search the hub")
    page.keyboard.type("recycling")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “recycling”")
    focused = tab_to(page, "Search", limit=80)
    assert focused["tag"] == "button"


def test_phone_menu_opens_by_keyboard(page, site, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site + "/")
    tab_to(page, "Show the menu")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Show the menu")).to_have_attribute("aria-expanded", "true")
    tab_to(page, "News")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/news/")
    menu(page)  # still there to open on the next page


def test_contact_form_by_keyboard(page, site, demo):
    page.goto(site + "/contact/")
    tab_to(page, "Send message")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Your message was not sent")
    # The error summary links lead to the fields.
    tab_to(page, "Message: Write your message.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Message")).to_be_focused()
    page.keyboard.type("Could our project join the cluster?")

    for _ in range(4):  # back up past the project, organisation and e-mail fields to the name
        page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Your name")).to_be_focused()
    for text in ["Eva Visitor", "eva@example.org", "Ministry of Raw Materials"]:
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    tab_to(page, "Send message")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your message")
