import pytest
from django.db import IntegrityError, transaction

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_document, make_event, make_post, make_project, make_published_post
from hub.documents.models import Document

S = PublicationStatus
pytestmark = pytest.mark.django_db


def test_a_document_is_a_file_or_a_link_not_both_not_neither():
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(title="Neither")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(title="Both", file="documents/x.pdf", url="https://example.org/x.pdf")


def test_a_document_is_public_only_while_its_post_or_event_is():
    standalone = make_document(status=S.PUBLISHED)
    on_public_post = make_document(status=S.PUBLISHED, post=make_published_post())
    make_document(status=S.PUBLISHED, post=make_post())  # draft post
    make_document(status=S.PUBLISHED, event=make_event())  # draft event
    make_document(status=S.DRAFT)

    assert set(Document.objects.published()) == {standalone, on_public_post}


def test_documents_filter_by_project_and_kind():
    project = make_project()
    slides = make_document(projects=[project], kind=Document.Kind.SLIDES)
    make_document(kind=Document.Kind.SLIDES)
    assert list(Document.objects.for_project(project).of_kind("slides")) == [slides]
    assert slides.href.startswith("https://")
