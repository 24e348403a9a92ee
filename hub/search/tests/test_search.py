"""The site search: what it finds, in which order, what it never shows, and that any query answers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_organisation,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.search.models import SearchEntry
from hub.search.selectors import search, snippet
from hub.search.services import search_rebuild

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
S = PublicationStatus


def titles(query, **filters):
    return [entry.title for entry in search(query, **filters).entries]


@pytest.mark.django_db
def test_words_find_published_content_of_every_kind():
    project = make_project(acronym="GREENLION", summary="Cobalt-free cathodes.")
    make_published_post(title="Cobalt news", projects=[project])
    make_published_event(title="Cobalt workshop")
    make_organisation(name="Cobalt Institute")
    make_user(full_name="Ada Cobalt", public_profile=True)
    make_document(title="Cobalt deliverable", status=S.PUBLISHED)

    counts = search("cobalt").counts

    assert counts == {"post": 1, "event": 1, "project": 1, "organisation": 1, "person": 1, "document": 1}


@pytest.mark.django_db
def test_every_query_word_must_match():
    make_published_post(title="Lithium from brines")
    make_published_post(title="Lithium from rock")

    assert titles("lithium brines") == ["Lithium from brines"]


@pytest.mark.django_db
def test_hidden_content_never_appears_in_results_or_counts():
    in_an_hour = timezone.now() + timedelta(hours=1)
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED):
        post = make_published_post(title=f"Hidden {status} post")
        post.status = status
        post.save()
        make_event(title=f"Hidden {status} event", status=status)
        make_document(title=f"Hidden {status} document", status=status)
    make_published_post(title="Hidden scheduled post", published_at=in_an_hour)
    make_user(full_name="Hidden Person", bio="Hidden biography")
    make_user(full_name="Hidden Inactive", public_profile=True, is_active=False)

    results = search("hidden")

    assert list(results.entries) == []
    assert results.counts == {}
    assert not SearchEntry.objects.filter(title__startswith="Hidden Person").exists()


@pytest.mark.django_db
def test_a_document_of_an_unpublished_post_stays_hidden():
    post = make_published_post(title="Parent")
    make_document(title="Attached slides", status=S.PUBLISHED, post=post)
    assert titles("slides") == ["Attached slides"]

    post.status = S.DRAFT
    post.save()

    assert titles("slides") == []


@pytest.mark.django_db
def test_a_scheduled_post_becomes_searchable_at_its_time():
    post = make_published_post(title="Scheduled cathode news", published_at=timezone.now() + timedelta(hours=1))
    assert titles("cathode") == []

    SearchEntry.objects.filter(object_id=post.pk, kind="post").update(public_from=timezone.now())

    assert titles("cathode") == ["Scheduled cathode news"]


@pytest.mark.django_db
def test_the_index_follows_edits_publication_and_deletion():
    post = make_published_post(title="Anode news")
    post.title = "Electrolyte news"
    post.save()
    assert titles("anode") == [] and titles("electrolyte") == ["Electrolyte news"]

    post.status = S.DRAFT
    post.save()
    assert titles("electrolyte") == []

    post.status, post.published_at = S.PUBLISHED, timezone.now()
    post.save()
    assert titles("electrolyte") == ["Electrolyte news"]

    post.delete()
    assert titles("electrolyte") == [] and not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_a_profile_made_private_leaves_the_index():
    person = make_user(full_name="Grace Nickel", public_profile=True)
    assert titles("nickel") == ["Grace Nickel"]

    person.public_profile = False
    person.save()

    assert titles("nickel") == []


@pytest.mark.django_db
def test_agenda_changes_reindex_the_event_and_only_public_speakers_are_named():
    event = make_published_event(title="Annual meeting")
    session = make_session(event=event, title="Graphite panel")
    make_session_role(session=session, guest_name="Guest Speakerson")
    make_session_role(session=session, guest_name="", person=make_user(full_name="Private Speakerson"))

    assert titles("graphite") == ["Annual meeting"]
    assert titles("Speakerson") == ["Annual meeting"]
    assert "Private" not in SearchEntry.objects.get(kind="event").subtitle


@pytest.mark.django_db
def test_filters_combine():
    topic = make_topic(slug="recycling")
    project = make_project(slug="relieve")
    match = make_published_post(title="Sodium in 2024", projects=[project], published_at=timezone.now())
    match.topics.add(topic)
    make_published_post(title="Sodium elsewhere", projects=[project])
    make_published_event(title="Sodium event", projects=[project]).topics.add(topic)

    year = match.published_at.year
    assert titles("sodium", kinds=["post"], project="relieve", topic="recycling", year=year) == ["Sodium in 2024"]
    assert titles("sodium", project="relieve", topic="recycling", year=year - 5) == []
    assert search("sodium", project="relieve", kinds=["post"]).counts == {"post": 2, "event": 1}


@pytest.mark.django_db
def test_snippets_mark_the_words_and_carry_no_other_markup():
    make_published_post(
        title="Markup", body='<p>Before <strong>lithium</strong> <a href="/x">after</a> &lt;script&gt;x</p>'
    )
    results = search("lithium")

    html = str(snippet(results.entries[0], results.query))

    assert "<mark>" in html.lower()
    without_marks = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks


@pytest.mark.django_db
def test_rebuild_writes_the_same_entries_as_the_signals():
    project = make_project(acronym="REBUILT")
    make_published_post(title="Rebuilt news", projects=[project])
    before = sorted(SearchEntry.objects.values_list("kind", "title", "is_public"))

    assert search_rebuild() == len(before)

    assert sorted(SearchEntry.objects.values_list("kind", "title", "is_public")) == before
    assert titles("rebuilt", project=project.slug) == ["REBUILT", "Rebuilt news"] or titles(
        "rebuilt", project=project.slug
    ) == ["Rebuilt news", "REBUILT"]


@postgresql_only
@pytest.mark.django_db
def test_a_title_match_ranks_above_a_body_match():
    make_published_post(title="Quarterly update", body="<p>Notes on graphite anodes.</p>")
    make_published_post(title="Graphite anodes", body="<p>Notes.</p>")

    assert titles("graphite") == ["Graphite anodes", "Quarterly update"]


@postgresql_only
@pytest.mark.django_db
def test_stemming_finds_other_forms_of_a_word():
    make_published_post(title="Battery recycling in Europe")

    assert titles("recycled") == ["Battery recycling in Europe"]


@postgresql_only
@pytest.mark.django_db
def test_a_misspelt_acronym_suggests_the_right_one():
    make_project(acronym="LiCORNE", full_title="Lithium recovery from European resources")

    results = search("LICRONE")

    assert results.suggestion == "LiCORNE"
    assert [entry.title for entry in results.entries] == ["LiCORNE"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite word match")
@pytest.mark.django_db
def test_without_postgresql_words_are_matched_case_insensitively_newest_first():
    make_published_post(title="Older manganese", published_at=timezone.now() - timedelta(days=3))
    make_published_post(title="Newer", body="<p>MANGANESE</p>", published_at=timezone.now() - timedelta(days=1))

    assert titles("Manganese") == ["Newer", "Older manganese"]
