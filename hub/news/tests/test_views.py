import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
    make_user,
)
from hub.news.models import Post

S = PublicationStatus
pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:post-list")
HIDDEN_STATES = ["draft", "submitted", "rejected", "archived", "scheduled"]


def publish(*, days_ago=1, topics=(), **fields) -> Post:
    """A published post dated ``days_ago`` days back, with its topics."""
    post = make_published_post(published_at=timezone.now() - timedelta(days=days_ago), **fields)
    post.topics.set(topics)
    return post


def make_hidden_post(state: str, *, topics=(), published_at=None, **fields) -> Post:
    """A post the public must not see: a draft, submitted, rejected or archived one (dated ``published_at``,
    an hour ago by default), or a scheduled one (always dated tomorrow)."""
    fields.setdefault("title", f"Hidden {state} post")
    if state == "scheduled":
        post = make_published_post(published_at=timezone.now() + timedelta(days=1), **fields)
    else:
        post = make_post(status=state, published_at=published_at or timezone.now() - timedelta(hours=1), **fields)
    post.topics.set(topics)
    return post


def make_hidden_posts(**fields) -> list[Post]:
    return [make_hidden_post(state, **fields) for state in HIDDEN_STATES]


def topic_url(topic) -> str:
    return reverse("news:topic-detail", kwargs={"slug": topic.slug})


def titles_on(response) -> list[str]:
    """The titles of the post cards on a list page, in order."""
    return re.findall(r'<h2 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def h1_count(response) -> int:
    return response.content.decode().count("<h1")


# Every page


def test_the_news_pages_answer_anonymous_visitors_without_setting_cookies(client):
    topic = make_topic()
    post = publish(topics=[topic], projects=[make_project()])

    for url in (LIST_URL, topic_url(topic), post.get_absolute_url(), f"{LIST_URL}?topic={topic.slug}&kind=news"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert h1_count(response) == 1, url


# The list


def test_the_list_shows_published_posts_newest_first_as_cards(client):
    project = make_project(acronym="RECYCLE")
    older = publish(title="Older news", days_ago=5)
    newer = publish(
        title="Newer report",
        days_ago=1,
        lead="What we learnt in Brussels.",
        kind=Post.Kind.EVENT_REPORT,
        projects=[project],
        featured_image="posts/meeting.jpg",
        featured_image_alt="Partners around a table",
    )

    response = client.get(LIST_URL)

    assert titles_on(response) == ["Newer report", "Older news"]
    assertions = [
        f'<a href="{newer.get_absolute_url()}">Newer report</a>',
        f'<time datetime="{timezone.localtime(newer.published_at).isoformat()}',
        "Event report",
        "What we learnt in Brussels.",
        'alt="Partners around a table"',
        f'href="{project.get_absolute_url()}"',
        ">RECYCLE</a>",
        "2 posts",
        '<label for="id_topic"',
        '<label for="id_project"',
        '<label for="id_kind"',
    ]
    for expected in assertions:
        assert expected in response.content.decode(), expected
    assert older.get_absolute_url() in response.content.decode()


def test_hidden_posts_never_appear_in_the_list(client):
    publish(title="Public post")
    make_hidden_posts()

    response = client.get(LIST_URL)

    assert titles_on(response) == ["Public post"]
    assert "1 post" in response.content.decode()
    assert "Hidden" not in response.content.decode()


def test_the_list_shows_ten_posts_per_page(client):
    for days_ago in range(1, 13):
        publish(title=f"Post {days_ago:02d} days old", days_ago=days_ago)

    first, second = client.get(LIST_URL), client.get(LIST_URL, {"page": 2})

    assert len(titles_on(first)) == 10
    assert titles_on(second) == ["Post 11 days old", "Post 12 days old"]
    assert "12 posts" in first.content.decode()


def test_a_page_past_the_last_is_not_found(client):
    publish()

    assert client.get(LIST_URL, {"page": 2}).status_code == 404


# Filters


@pytest.fixture
def filterable():
    """Posts spread over two topics, two projects and two kinds."""
    mining, recycling = make_topic(slug="mining"), make_topic(slug="recycling")
    alpha, beta = make_project(slug="alpha"), make_project(slug="beta")
    publish(title="Mining news by Alpha", topics=[mining], projects=[alpha], days_ago=1)
    publish(title="Mining press release by Beta", topics=[mining], projects=[beta], kind="press_release", days_ago=2)
    publish(title="Recycling news by Alpha", topics=[recycling], projects=[alpha], days_ago=3)
    publish(title="Recycling press release by Alpha", topics=[recycling], projects=[alpha], kind="press_release")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": "mining"}, ["Mining news by Alpha", "Mining press release by Beta"]),
        ({"project": "beta"}, ["Mining press release by Beta"]),
        ({"kind": "press_release"}, ["Recycling press release by Alpha", "Mining press release by Beta"]),
        ({"topic": "recycling", "project": "alpha", "kind": "news"}, ["Recycling news by Alpha"]),
        ({"topic": "mining", "project": "beta", "kind": "news"}, []),
    ],
)
def test_filters_narrow_the_list_alone_and_combined(client, filterable, query, expected):
    response = client.get(LIST_URL, query)

    assert response.status_code == 200
    assert titles_on(response) == expected
    assert f'href="{LIST_URL}">Clear filters</a>' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "no-such-topic"},
        {"project": "no-such-project"},
        {"kind": "gossip"},
        {"topic": "<script>", "project": "", "kind": "x" * 500},
    ],
)
def test_invalid_filter_values_are_ignored(client, filterable, query):
    response = client.get(LIST_URL, query)

    assert response.status_code == 200
    assert len(titles_on(response)) == 4
    assert "aria-invalid" not in response.content.decode()


def test_an_invalid_value_is_ignored_while_the_valid_filters_apply(client, filterable):
    response = client.get(LIST_URL, {"topic": "mining", "kind": "gossip"})

    assert titles_on(response) == ["Mining news by Alpha", "Mining press release by Beta"]


def test_filters_survive_pagination(client):
    topic = make_topic(slug="lithium")
    for days_ago in range(1, 13):
        publish(title=f"Lithium post {days_ago:02d}", topics=[topic], kind="publication", days_ago=days_ago)
        publish(title=f"Other post {days_ago:02d}", days_ago=days_ago)

    first = client.get(LIST_URL, {"topic": "lithium", "kind": "publication"})
    second = client.get(LIST_URL, {"topic": "lithium", "kind": "publication", "page": 2})

    assert 'href="?topic=lithium&amp;kind=publication&amp;page=2"' in first.content.decode()
    assert "12 posts" in first.content.decode()
    assert titles_on(second) == ["Lithium post 11", "Lithium post 12"]
    assert 'href="?topic=lithium&amp;kind=publication&amp;page=1"' in second.content.decode()


def test_the_selected_filters_stay_selected(client, filterable):
    response = client.get(LIST_URL, {"topic": "mining", "kind": "news"})

    assert '<option value="mining" selected>' in response.content.decode()
    assert '<option value="news" selected>' in response.content.decode()


# The topic archive


def test_a_topic_archive_lists_the_topics_posts_under_its_name(client):
    topic = make_topic(name="Direct lithium extraction", slug="dle", description="Lithium from brines.")
    publish(title="On DLE", topics=[topic])
    publish(title="On something else", topics=[make_topic()])

    response = client.get(topic_url(topic))

    content = response.content.decode()
    assert titles_on(response) == ["On DLE"]
    assert "<h1>News on Direct lithium extraction</h1>" in content
    assert "Lithium from brines." in content
    assert "<title>News on Direct lithium extraction" in content
    assert 'id="id_topic"' not in content  # the address already names the topic
    assert 'id="id_project"' in content


def test_a_topic_archive_can_be_filtered_further(client, filterable):
    response = client.get(reverse("news:topic-detail", kwargs={"slug": "recycling"}), {"kind": "press_release"})

    assert titles_on(response) == ["Recycling press release by Alpha"]
    assert 'href="/news/topic/recycling/">Clear filters</a>' in response.content.decode()


def test_hidden_posts_never_appear_in_a_topic_archive(client):
    topic = make_topic()
    publish(title="Public post", topics=[topic])
    make_hidden_posts(topics=[topic])

    response = client.get(topic_url(topic))

    assert titles_on(response) == ["Public post"]
    assert "Hidden" not in response.content.decode()


def test_an_unknown_topic_is_not_found(client):
    assert client.get(reverse("news:topic-detail", kwargs={"slug": "no-such-topic"})).status_code == 404


# A post


def test_a_post_page_shows_the_post(client):
    author = make_user(full_name="Ada Miner", public_profile=True)
    topic = make_topic(name="Battery passport")
    project = make_project(acronym="PASSPORT", full_title="A digital battery passport")
    post = publish(
        title="The passport is here",
        lead="A digital passport for every battery.",
        body="<h2>Why</h2><p>Because <strong>traceability</strong> matters.</p>",
        kind=Post.Kind.PRESS_RELEASE,
        featured_image="posts/passport.png",
        featured_image_alt="A battery with a QR code",
        author=author,
        projects=[project],
        topics=[topic],
    )

    content = client.get(post.get_absolute_url()).content.decode()

    for expected in (
        "<h1>The passport is here</h1>",
        '<meta name="description" content="A digital passport for every battery.">',
        '<p class="lead">A digital passport for every battery.</p>',
        "<h2>Why</h2><p>Because <strong>traceability</strong> matters.</p>",
        'alt="A battery with a QR code"',
        "Press release",
        f'<time datetime="{timezone.localtime(post.published_at).isoformat()}',
        f'<a href="{author.get_absolute_url()}">Ada Miner</a>',
        f'<a href="{project.get_absolute_url()}">PASSPORT</a>',
        f'<a href="{topic_url(topic)}">Battery passport</a>',
    ):
        assert expected in content, expected


def test_an_authors_name_links_to_their_page_only_with_a_public_profile(client):
    post = publish(author=make_user(full_name="Private Person", public_profile=False))

    content = client.get(post.get_absolute_url()).content.decode()

    assert "Private Person" in content
    assert "/people/" not in content


def test_a_post_whose_author_left_says_former_member(client):
    post = publish(author=None)

    assert "Former member" in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_post_has_no_page(client, state):
    post = make_hidden_post(state)

    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_post_page_shows_the_eu_funding_statement_of_each_project(client):
    first = make_project(acronym="ALPHA", grant_agreement_number="101000001")
    second = make_project(acronym="BETA", programme="H2020", grant_agreement_number="958000")
    post = publish(projects=[first, second])

    content = client.get(post.get_absolute_url()).content.decode()

    assert escape(first.funding_statement) in content
    assert escape(second.funding_statement) in content
    assert "Flag of the European Union" in content


def test_share_links_carry_the_url_encoded_absolute_address(client):
    post = publish(title="Lithium & cobalt: what's next?")
    url = quote(f"http://testserver{post.get_absolute_url()}", safe="")
    title = quote("Lithium & cobalt: what's next?", safe="")

    content = client.get(post.get_absolute_url()).content.decode()

    assert (
        f'href="https://www.linkedin.com/sharing/share-offsite/?url={url}" rel="noopener">Share on LinkedIn' in content
    )
    assert f'href="https://x.com/intent/post?url={url}&amp;text={title}" rel="noopener">Share on X' in content
    assert f'href="mailto:?subject={title}&amp;body={url}" rel="noopener">Share by e-mail' in content
    assert 'target="_blank"' not in content


def test_a_script_in_the_body_never_reaches_the_page(client):
    post = publish()
    Post.objects.filter(pk=post.pk).update(body='<p>Hello</p><script>alert(1)</script><img src=x onerror="alert(2)">')

    content = client.get(post.get_absolute_url()).content.decode()

    assert "<p>Hello</p>" in content
    assert "<script>alert" not in content
    assert "onerror" not in content


def test_a_report_links_to_its_event_only_when_the_event_is_public(client):
    public_event = make_published_event(title="Annual meeting")
    draft_event = make_event(title="Secret workshop")
    report = publish(kind=Post.Kind.EVENT_REPORT, event=public_event)
    other = publish(kind=Post.Kind.EVENT_REPORT, event=draft_event)

    assert f'<a href="{public_event.get_absolute_url()}">Annual meeting</a>' in (
        client.get(report.get_absolute_url()).content.decode()
    )
    assert "Secret workshop" not in client.get(other.get_absolute_url()).content.decode()


def test_a_post_lists_only_its_published_documents(client):
    post = publish()
    make_document(post=post, title="Slides of the keynote", kind="slides", status=S.PUBLISHED)
    make_document(post=post, title="Unreviewed minutes", status=S.DRAFT)

    content = client.get(post.get_absolute_url()).content.decode()

    assert "Slides of the keynote</a>" in content
    assert "(Slides)" in content
    assert "Unreviewed minutes" not in content


# Related posts and neighbours


def related_titles(response) -> list[str]:
    section = response.content.decode().partition('id="related-title"')[2].partition("</section>")[0]
    return re.findall(r'<a href="/news/[^"]+/">([^<]+)</a>', section)


def test_related_posts_share_a_topic_or_project_and_are_newest_first(client):
    topic, project = make_topic(), make_project()
    post = publish(title="The post", topics=[topic], projects=[project], days_ago=10)
    publish(title="Same topic, old", topics=[topic], days_ago=30)
    publish(title="Same project", projects=[project], days_ago=5)
    publish(title="Both", topics=[topic], projects=[project], days_ago=4)
    publish(title="Same topic, new", topics=[topic], days_ago=1)
    publish(title="Unrelated", topics=[make_topic()], days_ago=2)

    response = client.get(post.get_absolute_url())

    assert related_titles(response) == ["Same topic, new", "Both", "Same project"]


def test_hidden_posts_never_appear_among_related_posts(client):
    topic = make_topic()
    post = publish(topics=[topic])
    publish(title="Public neighbour", topics=[topic], days_ago=3)
    make_hidden_posts(topics=[topic])

    response = client.get(post.get_absolute_url())

    assert related_titles(response) == ["Public neighbour"]
    assert "Hidden" not in response.content.decode()


def test_previous_and_next_posts_follow_the_publication_dates(client):
    oldest = publish(title="Oldest", days_ago=3)
    middle = publish(title="Middle", days_ago=2)
    newest = publish(title="Newest", days_ago=1)

    content = client.get(middle.get_absolute_url()).content.decode()

    assert f'Previous post</span><a href="{oldest.get_absolute_url()}" rel="prev">Oldest</a>' in content
    assert f'Next post</span><a href="{newest.get_absolute_url()}" rel="next">Newest</a>' in content
    assert 'rel="prev"' not in client.get(oldest.get_absolute_url()).content.decode()
    assert 'rel="next"' not in client.get(newest.get_absolute_url()).content.decode()


def test_hidden_posts_are_never_previous_or_next(client):
    older = publish(title="Older public", days_ago=5)
    post = publish(title="The post", days_ago=3)
    for state in HIDDEN_STATES:  # dated between the public posts, or after
        make_hidden_post(state, published_at=timezone.now() - timedelta(days=4))
        make_hidden_post(state, published_at=timezone.now() - timedelta(days=2))
    make_hidden_post("scheduled")

    content = client.get(post.get_absolute_url()).content.decode()

    assert f'href="{older.get_absolute_url()}" rel="prev">' in content
    assert 'rel="next"' not in content
    assert "Hidden" not in content


# Queries


def populate(size: int) -> Post:
    """``size`` published posts, each with two projects and two topics, plus documents on the first."""
    topics = [make_topic() for _ in range(3)]
    projects = [make_project() for _ in range(3)]
    posts = [
        publish(days_ago=n + 1, topics=topics[n % 3 :][:2], projects=projects[n % 3 :][:2], author=make_user())
        for n in range(size)
    ]
    for _ in range(3):
        make_document(post=posts[1], status=S.PUBLISHED)
    return posts[1]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    post = populate(size)
    topic, project = post.topics.first(), post.projects.first()

    # 6: the posts, their projects, the topic and project choices, the total and when it next changes
    # (a scheduled post falling due); the last three are then kept until public content changes.
    with django_assert_max_num_queries(6):
        assert client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(LIST_URL, {"topic": topic.slug, "project": project.slug, "kind": "news"}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(topic_url(topic)).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_a_post_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    post = populate(size)

    with django_assert_max_num_queries(7):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_a_scheduled_post_appears_once_its_time_comes_without_a_restart(client, monkeypatch):
    post = make_published_post(title="Scheduled for later", published_at=timezone.now() + timedelta(hours=1))
    assert "Scheduled for later" not in client.get("/news/").content.decode()

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Scheduled for later" in client.get("/news/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 200
