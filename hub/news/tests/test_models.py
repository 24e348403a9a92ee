from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_post, make_project, make_published_post, make_topic
from hub.news.models import Post

S = PublicationStatus
pytestmark = pytest.mark.django_db


def test_only_published_posts_with_a_past_date_are_public():
    public = make_published_post()
    make_published_post(published_at=timezone.now() + timedelta(days=1))  # scheduled
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED):
        make_post(status=status, published_at=timezone.now() - timedelta(days=1))

    assert list(Post.objects.published()) == [public]


def test_a_scheduled_post_becomes_public_when_its_date_passes():
    post = make_published_post(published_at=timezone.now() + timedelta(minutes=5))
    assert not post.is_public
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    post.refresh_from_db()
    assert post.is_public
    assert Post.objects.published().filter(pk=post.pk).exists()


def test_a_published_post_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(title="No date", status=S.PUBLISHED, published_at=None)


def test_a_featured_image_needs_alt_text():
    post = Post(title="With image", slug="with-image", featured_image="posts/x.png", featured_image_alt="")
    with pytest.raises(ValidationError, match="alt text"):
        post.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()


def test_the_body_is_sanitised_when_saved():
    post = make_post(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    post.refresh_from_db()
    assert post.body == "<p>Hi</p>"


def test_slugs_are_made_from_titles_and_stay_unique():
    assert make_post(title="Annual meeting 2023").slug == "annual-meeting-2023"
    assert make_post(title="Annual meeting 2023").slug == "annual-meeting-2023-2"


def test_filters_by_project_topic_and_kind_and_latest_first():
    project, topic = make_project(), make_topic()
    older = make_published_post(projects=[project], published_at=timezone.now() - timedelta(days=3))
    newer = make_published_post(projects=[project], published_at=timezone.now() - timedelta(days=1))
    newer.topics.add(topic)
    make_published_post(kind=Post.Kind.PRESS_RELEASE)

    assert list(Post.objects.published().for_project(project).latest_first()) == [newer, older]
    assert list(Post.objects.for_topic(topic)) == [newer]
    assert Post.objects.of_kind(Post.Kind.PRESS_RELEASE).count() == 1
