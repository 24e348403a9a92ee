"""Project editors keep their project's register; nobody else reaches it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.core.tests.factories import make_membership, make_project, make_user
from hub.members.models import Role
from hub.results.models import Deliverable, Publication
from hub.results.tests.factories import make_deliverable, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_project(acronym="LIBRA")


@pytest.fixture
def editor_client(client, project):
    editor = make_user()
    make_membership(user=editor, project=project, role=Role.EDITOR)
    client.force_login(editor)
    return client


def register_urls(project, deliverable, publication) -> list[str]:
    return [
        reverse("register:deliverable-list", args=[project.slug]),
        reverse("register:deliverable-add", args=[project.slug]),
        reverse("register:deliverable-edit", args=[project.slug, deliverable.pk]),
        reverse("register:deliverable-delete", args=[project.slug, deliverable.pk]),
        reverse("register:publication-list", args=[project.slug]),
        reverse("register:publication-add", args=[project.slug]),
        reverse("register:publication-edit", args=[project.slug, publication.pk]),
        reverse("register:publication-delete", args=[project.slug, publication.pk]),
    ]


DELIVERABLE = {
    "number": "D3.2",
    "title": "Pilot plant report",
    "work_package": "3",
    "type": "R",
    "dissemination": "PU",
    "due_month": "18",
    "status": "submitted",
    "url": "https://zenodo.org/records/42",
    "licence": "CC-BY-4.0",
}


def test_an_editor_adds_a_deliverable_and_sees_its_due_date(editor_client, project):
    response = editor_client.post(reverse("register:deliverable-add", args=[project.slug]), DELIVERABLE, follow=True)
    assert "The deliverable D3.2 Pilot plant report is saved." in response.content.decode()
    deliverable = Deliverable.objects.get()
    assert (deliverable.project, deliverable.due_date.isoformat()) == (project, "2024-06-30")
    assert "30 Jun 2024" in response.content.decode()


def test_a_used_number_comes_back_as_a_form_error(editor_client, project):
    make_deliverable(project=project, number="D3.2")
    response = editor_client.post(reverse("register:deliverable-add", args=[project.slug]), DELIVERABLE)
    assert response.status_code == 200
    assert "already has a deliverable with this number" in response.content.decode()


def test_a_bad_number_is_explained(editor_client, project):
    response = editor_client.post(
        reverse("register:deliverable-add", args=[project.slug]), {**DELIVERABLE, "number": "3.2"}
    )
    assert "e.g. D2.1" in response.content.decode()
    assert not Deliverable.objects.exists()


def test_an_editor_edits_and_deletes_a_deliverable(editor_client, project):
    deliverable = make_deliverable(project=project)
    edit = reverse("register:deliverable-edit", args=[project.slug, deliverable.pk])
    editor_client.post(edit, {**DELIVERABLE, "title": "Renamed"})
    deliverable.refresh_from_db()
    assert deliverable.title == "Renamed"
    editor_client.post(reverse("register:deliverable-delete", args=[project.slug, deliverable.pk]))
    assert not Deliverable.objects.exists()


def test_an_editor_adds_a_publication_with_a_pasted_doi_link(editor_client, project):
    data = {
        "title": "Lithium from brines",
        "authors": "Rossi, M.",
        "year": "2025",
        "doi": "https://doi.org/10.1016/j.x.1",
    }
    response = editor_client.post(reverse("register:publication-add", args=[project.slug]), data)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.doi, list(publication.projects.all())) == ("10.1016/j.x.1", [project])


def test_a_malformed_doi_is_a_clear_form_error(editor_client, project):
    data = {"title": "Paper", "authors": "Rossi, M.", "year": "2025", "doi": "not a doi"}
    response = editor_client.post(reverse("register:publication-add", args=[project.slug]), data)
    assert response.status_code == 200
    assert "Enter a DOI such as 10.5281/zenodo.1234567" in response.content.decode()


def test_an_editor_cannot_reach_another_projects_items_through_their_own(editor_client, project):
    other = make_deliverable()
    response = editor_client.get(reverse("register:deliverable-edit", args=[project.slug, other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [None, Role.PARTNER])
def test_partners_and_outsiders_get_404_everywhere(client, project, role):
    user = make_user()
    if role:
        make_membership(user=user, project=project, role=role)
    client.force_login(user)
    for url in register_urls(project, make_deliverable(project=project), make_publication(projects=[project])):
        assert client.get(url).status_code == 404, url
        assert client.post(url, DELIVERABLE).status_code == 404, url
    assert Deliverable.objects.count() == 1


def test_editors_of_another_project_get_404(client, project):
    user = make_user()
    make_membership(user=user, project=make_project(), role=Role.EDITOR)
    client.force_login(user)
    assert client.get(reverse("register:deliverable-list", args=[project.slug])).status_code == 404


def test_visitors_are_sent_to_log_in(client, project):
    response = client.get(reverse("register:publication-list", args=[project.slug]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_keep_every_projects_register(staff_client, project):
    make_deliverable(project=project, title="Staff can see this")
    response = staff_client.get(reverse("register:deliverable-list", args=[project.slug]))
    assert "Staff can see this" in response.content.decode()


def test_the_workspace_links_an_editor_to_the_register_and_figures(editor_client, project):
    page = editor_client.get(reverse("workspace:project-list")).content.decode()
    for name in ("register:deliverable-list", "register:publication-list", "stats:project-figures"):
        assert reverse(name, args=[project.slug]) in page


def test_a_pdf_is_stored_under_a_random_name_and_a_disguised_file_refused(editor_client, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("register:deliverable-add", args=[project.slug])
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = editor_client.post(url, {**DELIVERABLE, "url": "", "file": fake})
    assert "This file is not the .pdf document its name says it is." in response.content.decode()
    pdf = SimpleUploadedFile("Secret name D3.2.pdf", b"%PDF-1.7\n%%EOF", content_type="application/pdf")
    assert editor_client.post(url, {**DELIVERABLE, "url": "", "file": pdf}).status_code == 302
    stored = Deliverable.objects.get().file.name
    assert stored.endswith(".pdf") and "Secret" not in stored


def test_a_file_and_a_link_together_are_refused(editor_client, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("d.pdf", b"%PDF-1.7\n%%EOF", content_type="application/pdf")
    response = editor_client.post(
        reverse("register:deliverable-add", args=[project.slug]), {**DELIVERABLE, "file": pdf}
    )
    assert "Upload a file or give a link, not both." in response.content.decode()
    assert not Deliverable.objects.exists()
