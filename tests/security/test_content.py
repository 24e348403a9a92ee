"""Rich text and titles (SECURITY.md items 19, 20). The payload list and the per-payload checks of the
sanitiser are in hub/core/tests/test_sanitize.py; this adds more payloads, a property test over mixtures
of them, the stored and rendered body of a real post, and a hostile title on every channel it reaches."""

import html5lib
import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.core.sanitize import sanitize_html
from hub.core.services import content_transition
from hub.core.tests.factories import make_membership, make_post, make_published_post, make_staff
from hub.core.tests.test_sanitize import PAYLOADS
from hub.news.models import Post

MORE_PAYLOADS = [
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">',
    "<svg/onload=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
    '<frameset><frame src="https://evil.example/"></frameset>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<button formaction="javascript:alert(1)">x</button>',
    '<p onmouseover="alert(1)" style="color:red">x</p>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
]
ALL_PAYLOADS = [*PAYLOADS, *MORE_PAYLOADS]

ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "form", "style", "base", "meta", "link"}
ACTIVE_TAGS |= {"svg", "math", "button", "input", "textarea", "select", "noscript", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster"}


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()  # "{http://www.w3.org/2000/svg}svg" -> "svg"


def active_content(html: str) -> list[str]:
    """Everything in ``html`` that a browser would run, fetch from elsewhere or submit, found by parsing it
    as a browser does (html5lib follows the HTML standard, so broken markup is read the browser's way)."""
    found = []
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = local(element.tag)
        if tag in ACTIVE_TAGS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = local(name)
            squeezed = "".join(ch for ch in value if ch > " ").lower()
            if name.startswith("on"):
                found.append(f"{name}= handler on <{tag}>")
            elif name == "style":
                found.append(f"style= on <{tag}>")
            elif name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value!r} on <{tag}>")
    return found


# The sanitiser

# "<scr<script>ipt>" is inert as typed (a browser reads a tag named "scr<script"); it catches sanitisers
# that would make a script of it by cutting out the inner "<script>".
SPLIT_TAG = "<scr<script>ipt>alert(1)</scr</script>ipt>"


@pytest.mark.parametrize("payload", [p for p in ALL_PAYLOADS if p != SPLIT_TAG])
def test_the_checker_sees_every_raw_payload_as_active(payload):
    """The control for the tests below: an empty finding after sanitising means something was removed."""
    assert active_content(payload)


@pytest.mark.parametrize("payload", MORE_PAYLOADS)
def test_the_sanitiser_leaves_nothing_active_in_the_further_payloads(payload):
    cleaned = sanitize_html(payload)

    assert active_content(cleaned) == [], cleaned
    assert sanitize_html(cleaned) == cleaned


FRAGMENTS = [
    *ALL_PAYLOADS,
    "<p>", "</p>", "<a href=", "<img src=", '"', "'", "<", ">", "&", "&amp;", "&#x09;", "javascript:", " on",
    "click=", "<!--", "-->", "<![CDATA[", "]]>", "<table>", "<td>", "<li>", "<svg>", "<script>", "</script>",
    "<style>", "\t", "\n", "\x00", "/", "=",
]  # fmt: skip
mixtures = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=mixtures)
def test_sanitising_any_mixture_twice_changes_nothing_and_leaves_nothing_active(html):
    once = sanitize_html(html)

    assert sanitize_html(once) == once
    assert active_content(once) == []


# A partner's post: what is stored and what the public page shows


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_neither_the_stored_nor_the_rendered_body_holds_anything_active(client, payload):
    author = make_membership().user
    project = author.memberships.get().project
    post = make_published_post(author=author, projects=[project], body=payload, title="Payload")
    harmless = make_published_post(author=author, projects=[project], body="<p>Plain.</p>", title="Payload")

    stored = Post.objects.values_list("body", flat=True).get(pk=post.pk)
    page = client.get(post.get_absolute_url())
    baseline = client.get(harmless.get_absolute_url())  # the page's own head, search form and scripts

    assert active_content(stored) == [], stored
    assert page.status_code == 200
    assert active_content(page.content.decode()) == active_content(baseline.content.decode())


# A hostile title on every channel

TITLE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile_post(db):
    author = make_membership().user
    post = make_published_post(author=author, projects=[author.memberships.get().project], title=TITLE)
    post.lead = TITLE
    post.save()
    return post


def assert_shown_as_text(html: str) -> None:
    assert TITLE not in html
    assert ESCAPED in html
    assert not [found for found in active_content(html) if "onerror" in found]


@pytest.mark.parametrize("page", ["detail", "news:post-list", "pages:home", "search"])
def test_a_hostile_title_shows_as_text_on_public_pages(client, hostile_post, live_search_index, page):
    hostile_post.save()  # indexed for search with the live index on
    urls = {"detail": hostile_post.get_absolute_url(), "search": f"{reverse('search:results')}?q=onerror"}

    response = client.get(urls.get(page) or reverse(page))

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize("page", ["admin:news_post_changelist", "admin:news_post_change"])
def test_a_hostile_title_shows_as_text_in_the_admin(staff_client, hostile_post, page):
    url = reverse(page, args=[hostile_post.pk] if page.endswith("change") else [])

    response = staff_client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE not in html
    assert ESCAPED in html


@pytest.mark.parametrize("feed", ["news:feed-rss", "news:feed-atom"])
def test_a_hostile_title_stays_escaped_text_in_the_feeds(client, hostile_post, feed):
    xml = client.get(reverse(feed)).content.decode()

    assert TITLE not in xml  # a feed reader would see markup only if the XML carried it unescaped
    assert ESCAPED in xml


def test_a_hostile_title_is_a_json_string_in_the_api(client, hostile_post):
    response = client.get(reverse("api:post-detail", kwargs={"slug": hostile_post.slug}))

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == TITLE  # data, not markup: the consumer decides how to escape it


@pytest.mark.django_db
def test_a_hostile_title_reaches_e_mails_as_plain_text_only(mailoutbox, django_capture_on_commit_callbacks):
    make_staff(email="reviewer@example.org")
    author = make_membership().user
    post = make_post(author=author, projects=[author.memberships.get().project], title=TITLE)

    with django_capture_on_commit_callbacks(execute=True):
        content_transition(obj=post, action="submit", by=author)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert isinstance(message, mail.EmailMessage)
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])  # no HTML part in which the title could run
    assert TITLE in message.body
    assert "\n" not in message.subject
