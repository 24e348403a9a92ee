from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
)
from hub.documents.models import Document

S = PublicationStatus
K = Document.Kind
pytestmark = pytest.mark.django_db

RESOURCES = reverse("documents:document-list")


def make_public_document(**fields) -> Document:
    return make_document(status=S.PUBLISHED, **fields)


def listed(client, **params) -> list[Document]:
    response = client.get(RESOURCES, params)
    assert response.status_code == 200
    return list(response.context["document_list"])


def test_resources_answer_anonymous_visitors_without_setting_cookies(client):
    make_public_document()
    response = client.get(RESOURCES)
    assert response.status_code == 200
    assert not response.cookies


def test_only_public_documents_are_listed_newest_first(client):
    older = make_public_document(published_at=timezone.now() - timedelta(days=3))
    newer = make_public_document(published_at=timezone.now() - timedelta(days=1))
    on_public_post = make_public_document(post=make_published_post(), published_at=timezone.now() - timedelta(days=2))
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED):
        make_document(status=status)
    make_public_document(published_at=timezone.now() + timedelta(days=1))  # scheduled
    make_public_document(post=make_post())  # its post is a draft
    make_public_document(post=make_published_post(published_at=timezone.now() + timedelta(days=1)))
    make_public_document(event=make_event())  # its event is a draft

    assert listed(client) == [newer, on_public_post, older]


def test_a_row_shows_the_link_type_projects_event_and_date(client):
    event = make_published_event(title="Annual meeting 2023")
    book = make_public_document(
        title="Book of abstracts",
        kind=K.PROCEEDINGS,
        file="documents/2023/abstracts.pdf",
        url="",
        event=event,
        projects=[make_project(acronym="RAWMATTERS")],
    )
    recording = make_public_document(title="Recording", kind=K.VIDEO, url="https://zenodo.org/records/42")

    html = client.get(RESOURCES).content.decode()

    assert html.count("<h1") == 1
    # Links go through the download counter, which redirects to the file or the external link.
    assert f'href="{download_url(book)}">Book of abstracts</a>' in html and "(PDF file)" in html
    assert f'href="{download_url(recording)}">Recording</a>' in html and "(opens zenodo.org)" in html
    assert "Proceedings" in html and "Video" in html and ">RAWMATTERS</a>" in html
    assert f'href="{event.get_absolute_url()}">Annual meeting 2023</a>' in html
    assert "2 documents." in html


def test_the_filters_are_labelled(client):
    html = client.get(RESOURCES).content.decode()
    for name, label in (("kind", "Type"), ("project", "Project"), ("event", "Event")):
        assert f'<label class="form-label" for="id_{name}">{label}</label>' in html


def test_resources_filter_by_type(client):
    slides = make_public_document(kind=K.SLIDES)
    make_public_document(kind=K.VIDEO)
    assert listed(client, kind="slides") == [slides]


def test_resources_filter_by_project(client):
    project = make_project(slug="licorne")
    mine = make_public_document(projects=[project, make_project()])
    make_public_document(projects=[make_project()])
    assert listed(client, project="licorne") == [mine]


def test_resources_filter_by_event(client):
    event = make_published_event(slug="annual-meeting-2023")
    from_event = make_public_document(event=event)
    make_public_document(event=make_published_event())
    assert listed(client, event="annual-meeting-2023") == [from_event]


def test_resources_filters_combine(client):
    project, event = make_project(slug="licorne"), make_published_event(slug="annual-meeting-2023")
    match = make_public_document(kind=K.SLIDES, projects=[project], event=event)
    make_public_document(kind=K.VIDEO, projects=[project], event=event)
    make_public_document(kind=K.SLIDES, event=event)
    make_public_document(kind=K.SLIDES, projects=[project])

    assert listed(client, kind="slides", project="licorne", event="annual-meeting-2023") == [match]


def test_invalid_filter_values_are_ignored(client):
    slides, video = make_public_document(kind=K.SLIDES), make_public_document(kind=K.VIDEO)
    draft_event = make_event(slug="draft-event")

    assert set(listed(client, kind="nonsense", project="no-such-project", event=draft_event.slug)) == {slides, video}
    assert listed(client, kind="slides", project="no-such-project") == [slides]


def test_the_count_and_a_clear_filters_link_are_shown_when_filtering(client):
    make_public_document(kind=K.SLIDES)
    make_public_document(kind=K.VIDEO)

    unfiltered = client.get(RESOURCES).content.decode()
    filtered = client.get(RESOURCES, {"kind": "slides"}).content.decode()

    assert "2 documents." in unfiltered and "Clear filters" not in unfiltered
    assert "1 document match these filters." in filtered
    assert f'href="{RESOURCES}">Clear filters</a>' in filtered


def test_filters_survive_pagination(client):
    for _ in range(23):
        make_public_document(kind=K.SLIDES)
    make_public_document(kind=K.VIDEO)

    first = client.get(RESOURCES, {"kind": "slides"})
    assert len(first.context["document_list"]) == 20
    assert 'href="?kind=slides&amp;page=2"' in first.content.decode()

    second = listed(client, kind="slides", page=2)
    assert len(second) == 3 and all(document.kind == K.SLIDES for document in second)


def test_a_page_past_the_last_answers_404(client):
    make_public_document()
    assert client.get(RESOURCES, {"page": 2}).status_code == 404
    assert client.get(RESOURCES, {"kind": "video", "page": 2}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_resources_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        event = make_published_event()
        make_public_document(event=event, projects=[make_project(), make_project()])
        make_public_document(post=make_published_post(), projects=[make_project()])
    with django_assert_max_num_queries(5):
        assert client.get(RESOURCES).status_code == 200
    # Validating a project or event filter looks its slug up: one query each.
    with django_assert_max_num_queries(7):
        assert (
            client.get(RESOURCES, {"kind": "other", "project": "no-such-project", "event": event.slug}).status_code
            == 200
        )


def test_the_resources_page_shows_the_funding_notice_of_the_listed_documents_projects(client):
    project = make_project(acronym="FUNDED", grant_agreement_number="101000001")
    make_document(status=PublicationStatus.PUBLISHED, projects=[project])

    page = client.get("/resources/").content.decode()

    assert "grant agreement No 101000001" in page


def download_url(document) -> str:
    return reverse("stats:document-download", args=[document.slug])
