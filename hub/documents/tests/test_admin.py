"""The document pages of the back office."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.tests.admin_helpers import admin_url, form_errors
from hub.core.tests.factories import make_document, make_event
from hub.documents.models import Document


def document_form(**fields) -> dict:
    return {"title": "Final report", "kind": "report", "language": "en", **fields}


@pytest.mark.django_db
def test_staff_add_a_linked_document_as_a_draft_they_uploaded(staff_client, staff_user):
    response = staff_client.post(admin_url(Document, "add"), document_form(url="https://zenodo.org/records/1"))

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.status, document.uploaded_by, document.href) == (
        "draft",
        staff_user,
        "https://zenodo.org/records/1",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"url": ""},
        {"url": "https://zenodo.org/records/1", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4")},
    ],
    ids=["neither", "both"],
)
def test_a_document_needs_a_file_or_a_link_but_not_both(staff_client, fields):
    response = staff_client.post(admin_url(Document, "add"), document_form(**fields))

    assert response.status_code == 200
    assert form_errors(response) == ["Upload a file or give a link (one of the two)."]
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_document_list_says_what_each_document_is_attached_to(staff_client):
    make_document(event=make_event(title="Brine workshop"))

    page = staff_client.get(admin_url(Document, "changelist")).content.decode()

    assert "Brine workshop" in page
