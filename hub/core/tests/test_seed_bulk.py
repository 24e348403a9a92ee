import io

import pytest
from django.core.management import CommandError, call_command

from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project
from hub.search.models import SearchEntry
from hub.search.selectors import search

SIZES = ["--posts", "60", "--events", "8", "--projects", "5", "--organisations", "20", "--members", "15"]


def seed_bulk(*args) -> str:
    out = io.StringIO()
    call_command("seed_bulk", *SIZES, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_bulk_creates_the_requested_numbers_with_consortia_agendas_and_memberships():
    output = seed_bulk()

    assert Post.objects.count() == 60
    assert Event.objects.count() == 8
    assert Project.objects.count() == 5
    assert Organisation.objects.count() == 20
    assert User.objects.count() == 15
    assert "60 posts" in output
    # Every project has a consortium led by exactly one coordinator.
    for project in Project.objects.all():
        assert project.participations.filter(role=Participation.Role.COORDINATOR).count() == 1
        assert project.participations.count() >= 5
    assert Session.objects.count() >= 8 * 2
    assert SessionRole.objects.exists()
    assert Membership.objects.count() >= 15


@pytest.mark.django_db
def test_seed_bulk_mixes_published_posts_over_years_with_a_few_in_review():
    seed_bulk("--posts", "400")

    published = Post.objects.published()
    assert 330 <= published.count() < 400
    assert Post.objects.submitted().exists()
    assert len({post.published_at.year for post in published}) >= 4
    assert published.exclude(featured_image="").exclude(featured_image_alt="").exists()
    assert all(len(post.body) > 800 for post in Post.objects.all()[:50])


@pytest.mark.django_db
def test_bulk_posts_are_found_by_search_without_live_indexing():
    seed_bulk()
    post = Post.objects.published().first()

    results = search(post.title)

    assert post.get_absolute_url() in [entry.url for entry in results.entries[:20]]
    hidden = Post.objects.exclude(pk__in=Post.objects.published())
    assert hidden.exists()
    public_urls = set(SearchEntry.objects.public().values_list("url", flat=True))
    assert not {post.get_absolute_url() for post in hidden} & public_urls


@pytest.mark.django_db
def test_public_pages_show_bulk_content(client):
    seed_bulk()
    post = Post.objects.published().first()
    event = Event.objects.published().filter(sessions__roles__isnull=False).first()

    assert client.get(post.get_absolute_url()).status_code == 200
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert event.sessions.exclude(kind=Session.Kind.BREAK).first().title in response.content.decode()
    assert client.get(Project.objects.first().get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_if_empty_leaves_existing_bulk_content_alone():
    seed_bulk()

    output = seed_bulk("--if-empty")

    assert "nothing to do" in output
    assert Post.objects.count() == 60


@pytest.mark.django_db
def test_a_second_run_adds_more_without_clashing_addresses():
    seed_bulk()
    seed_bulk()

    assert Post.objects.count() == 120
    assert Project.objects.count() == 10


@pytest.mark.django_db
def test_seed_bulk_refuses_where_demo_content_is_off_unless_forced(settings):
    settings.HUB_DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError, match="--force"):
        seed_bulk()
    assert not Post.objects.exists()

    seed_bulk("--force")
    assert Post.objects.count() == 60


@pytest.mark.django_db
def test_negative_sizes_get_a_clear_message():
    with pytest.raises(CommandError, match="negative"):
        call_command("seed_bulk", "--posts", "-1", stdout=io.StringIO())
