import re
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import make_post, make_project, make_published_post, make_topic, make_user
from hub.core.tests.images import PIXEL_GIF, gif_upload
from hub.news.feeds import FEED_ITEMS
from hub.news.models import Post

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "submitted", "rejected", "archived", "scheduled"]
FEED_KINDS = ["rss", "atom"]


def publish(*, days_ago=1, topics=(), **fields) -> Post:
    post = make_published_post(published_at=timezone.now() - timedelta(days=days_ago), **fields)
    post.topics.set(topics)
    return post


def make_hidden_posts(*, topics=(), projects=()) -> list[Post]:
    """A post in every state the public must not see; each would be the newest if it were public."""
    posts = []
    for state in HIDDEN_STATES:
        if state == "scheduled":
            post = make_published_post(title="Hidden scheduled", published_at=timezone.now() + timedelta(days=1))
        else:
            post = make_post(title=f"Hidden {state}", status=state, published_at=timezone.now() - timedelta(minutes=1))
        post.topics.set(topics)
        post.projects.set(projects)
        posts.append(post)
    return posts


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def feed_url(kind: str, scope: str = "", slug: str = "") -> str:
    name = f"news:{scope}-feed-{kind}" if scope else f"news:feed-{kind}"
    return reverse(name, kwargs={"slug": slug} if slug else None)


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_the_news_feed_lists_exactly_the_published_posts_newest_first(client, kind):
    older, newer = publish(days_ago=3, title="Older"), publish(days_ago=1, title="Newer")
    make_hidden_posts()

    response, feed = read_feed(client, feed_url(kind))

    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert response["Content-Type"].startswith(f"application/{kind}+xml")
    assert feed.feed.title == "Cluster Hub: news"
    assert feed.feed.link == "http://testserver/news/"
    assert not response.cookies


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_topic_feed_lists_only_that_topics_published_posts(client, kind):
    topic, other = make_topic(name="Recycling"), make_topic()
    on_topic = publish(topics=[topic], title="On topic")
    publish(topics=[other], title="Other topic")
    make_hidden_posts(topics=[topic])

    _, feed = read_feed(client, feed_url(kind, "topic", topic.slug))

    assert [entry.title for entry in feed.entries] == [on_topic.title]
    assert feed.feed.title == "Cluster Hub: news on Recycling"
    assert feed.feed.link == f"http://testserver{topic.get_absolute_url()}"


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_project_feed_lists_only_that_projects_published_posts(client, kind):
    project, other = make_project(acronym="RELiEF"), make_project()
    older = publish(days_ago=5, projects=[project], title="Older of the project")
    newer = publish(days_ago=2, projects=[project], title="Newer of the project")
    publish(projects=[other], title="Another project's")
    make_hidden_posts(projects=[project])

    _, feed = read_feed(client, feed_url(kind, "project", project.slug))

    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert feed.feed.title == "Cluster Hub: news of RELiEF"
    assert feed.feed.link == f"http://testserver{project.get_absolute_url()}"


@pytest.mark.parametrize("kind", FEED_KINDS)
@pytest.mark.parametrize("scope", ["project", "topic"])
def test_the_feed_of_an_unknown_project_or_topic_is_not_found(client, kind, scope):
    assert client.get(feed_url(kind, scope, "no-such-thing")).status_code == 404


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_feed_item_gives_the_lead_as_text_the_author_dates_topics_and_its_address_as_guid(client, kind):
    author = make_user(full_name="Ana Autora")
    post = publish(
        title="Cats & <dogs>", lead="Less <b>than</b> & more", author=author, topics=[make_topic(name="Cobalt")]
    )

    _, feed = read_feed(client, feed_url(kind))
    entry = feed.entries[0]

    address = f"http://testserver{post.get_absolute_url()}"
    assert entry.title == "Cats & <dogs>"
    assert entry.summary == "Less &lt;b&gt;than&lt;/b&gt; &amp; more"  # HTML that shows the text as written
    assert entry.link == address
    assert entry.id == address
    assert entry.author == "Ana Autora"
    assert [tag.term for tag in entry.tags] == ["Cobalt"]
    assert entry.published_parsed[:6] == post.published_at.utctimetuple()[:6]
    assert "enclosures" not in entry or entry.enclosures == []
    if kind == "rss":
        assert re.search(rf'<guid isPermaLink="true">{re.escape(address)}</guid>', feed_source(client, kind))
    else:
        assert entry.updated_parsed[:6] == post.updated_at.utctimetuple()[:6]


def feed_source(client, kind):
    return client.get(feed_url(kind)).content.decode()


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_post_by_a_former_member_is_credited_to_a_former_member(client, kind):
    publish(author=None)

    _, feed = read_feed(client, feed_url(kind))

    assert feed.entries[0].author == "Former member"


def test_a_post_scheduled_before_its_last_edit_is_dated_updated_no_earlier_than_published(client):
    post = publish(days_ago=0)
    Post.objects.filter(pk=post.pk).update(updated_at=post.published_at - timedelta(days=2))

    _, feed = read_feed(client, feed_url("atom"))

    entry = feed.entries[0]
    assert entry.updated_parsed == entry.published_parsed


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_featured_image_is_an_enclosure_with_an_absolute_address(client, kind):
    post = publish(
        featured_image=gif_upload(),
        featured_image_alt="A pixel",
    )

    _, feed = read_feed(client, feed_url(kind))

    (enclosure,) = feed.entries[0].enclosures
    assert enclosure.href == f"http://testserver{post.featured_image.url}"
    assert enclosure.type == "image/gif"
    assert enclosure.length == str(len(PIXEL_GIF))


def test_a_feed_holds_the_30_newest_posts(client):
    for days_ago in range(FEED_ITEMS + 3):
        publish(days_ago=days_ago + 1, title=f"{days_ago} days ago")

    _, feed = read_feed(client, feed_url("rss"))

    assert FEED_ITEMS == 30
    assert [entry.title for entry in feed.entries] == [f"{n} days ago" for n in range(FEED_ITEMS)]


@pytest.mark.parametrize("kind", FEED_KINDS)
@pytest.mark.parametrize("scope", ["", "topic", "project"])
def test_a_feed_takes_the_same_number_of_queries_however_many_posts_it_holds(
    client, django_assert_max_num_queries, kind, scope
):
    topic, project = make_topic(), make_project()
    slug = {"topic": topic.slug, "project": project.slug}.get(scope, "")

    def add_posts(count):
        for _ in range(count):
            publish(topics=[topic, make_topic()], projects=[project], author=make_user())

    add_posts(2)
    with django_assert_max_num_queries(3):
        client.get(feed_url(kind, scope, slug))
    add_posts(10)
    with django_assert_max_num_queries(3):
        _, feed = read_feed(client, feed_url(kind, scope, slug))
    assert len(feed.entries) == 12


def alternate_links(html: str) -> list[tuple[str, str]]:
    """The (type, href) of the feeds a page's head announces."""
    head = html.split("</head>")[0]
    return re.findall(r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"', head)


ALL_NEWS = [("application/rss+xml", "/news/feed/rss/"), ("application/atom+xml", "/news/feed/atom/")]


def test_the_news_list_announces_the_news_feeds(client):
    assert alternate_links(client.get(reverse("news:post-list")).content.decode()) == ALL_NEWS


def test_a_topic_archive_announces_its_own_feeds_first(client):
    topic = make_topic(slug="lithium")

    html = client.get(topic.get_absolute_url()).content.decode()

    assert alternate_links(html) == [
        ("application/rss+xml", "/news/topic/lithium/feed/rss/"),
        ("application/atom+xml", "/news/topic/lithium/feed/atom/"),
        *ALL_NEWS,
    ]
    assert '<a href="/news/topic/lithium/feed/rss/" type="application/rss+xml">RSS</a>' in html


def test_a_project_page_announces_the_projects_news_feeds_first(client):
    project = make_project(slug="exceed")

    html = client.get(project.get_absolute_url()).content.decode()

    assert alternate_links(html) == [
        ("application/rss+xml", "/news/feed/project/exceed/rss/"),
        ("application/atom+xml", "/news/feed/project/exceed/atom/"),
        *ALL_NEWS,
    ]


def test_every_page_announces_the_news_feeds_and_links_them_in_the_footer(client):
    html = client.get(reverse("pages:home")).content.decode()

    assert alternate_links(html) == ALL_NEWS
    footer = html.split("<footer")[1]
    assert re.search(r'<a href="/news/feed/rss/"[^>]*>RSS<', footer)
    assert re.search(r'<a href="/news/feed/atom/"[^>]*>Atom<', footer)
