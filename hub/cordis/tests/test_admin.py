"""The back-office pages of a CORDIS import: the form, the review of differences, the acceptance."""

import urllib.error
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.models import AuditEntry
from hub.core.tests.admin_helpers import admin_url, login_verified, messages_of
from hub.core.tests.factories import make_organisation, make_participation, make_project, make_staff
from hub.members.models import Organisation
from hub.projects.models import Project

from .samples import GRANT, sample

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/projects/project/cordis-import/"
REVIEW_URL = "/admin/projects/project/cordis-import/review/"


def upload(name: str, content: bytes | None = None):
    return SimpleUploadedFile(name, sample(name) if content is None else content)


def post_xml(client, content: bytes | None = None):
    return client.post(IMPORT_URL, {"xml_file": upload("project_101091234.xml", content)})


def test_the_project_pages_offer_the_import_button(staff_client):
    project = make_project(grant_agreement_number=GRANT)

    assert f'href="{IMPORT_URL}"' in staff_client.get(admin_url(Project, "changelist")).content.decode()
    change_page = staff_client.get(admin_url(Project, "change", project.pk)).content.decode()
    assert f'href="{IMPORT_URL}?grant={GRANT}"' in change_page
    assert f'value="{GRANT}"' in staff_client.get(f"{IMPORT_URL}?grant={GRANT}").content.decode()


def test_an_uploaded_record_is_reviewed_then_imported_on_acceptance(staff_client, staff_user):
    response = post_xml(staff_client)
    assert response.status_code == 302 and response["Location"] == REVIEW_URL

    review = staff_client.get(REVIEW_URL).content.decode()
    assert "ECOLITH (grant 101091234): new project" in review
    assert "FUNDACION TECNALIA RESEARCH &amp; INNOVATION" in review and "joins the consortium as Coordinator" in review
    assert Project.objects.count() == 0  # nothing written yet

    response = staff_client.post(REVIEW_URL, {"accept": "1"}, follow=True)

    project = Project.objects.get(grant_agreement_number=GRANT)
    assert response.redirect_chain[-1][0] == admin_url(Project, "change", project.pk)
    assert any(message.startswith("ECOLITH imported.") for message in messages_of(response))
    assert project.participations.count() == 5
    assert AuditEntry.objects.get(action="cordis_import").actor == staff_user


def test_a_refresh_lists_the_differences_old_to_new(staff_client):
    make_project(acronym="ECOLITH", grant_agreement_number=GRANT, full_title="Old title", total_cost=None)

    post_xml(staff_client)
    review = staff_client.get(REVIEW_URL).content.decode()

    assert "refresh of the existing project" in review
    assert "<td>Old title</td><td>Sustainable extraction of lithium" in review
    assert "<td>—</td><td>7,845,210.25</td>" in review


def test_cancelling_changes_nothing(staff_client):
    post_xml(staff_client)

    response = staff_client.post(REVIEW_URL, {"cancel": "1"}, follow=True)

    assert "Import cancelled: nothing was changed." in messages_of(response)
    assert Project.objects.count() == 0 and Organisation.objects.count() == 0
    assert staff_client.get(REVIEW_URL)["Location"] == IMPORT_URL  # the record is forgotten


def test_a_malformed_file_is_refused_with_a_message_and_changes_nothing(staff_client):
    response = post_xml(staff_client, sample("truncated.xml"))

    assert response.status_code == 200
    assert "The file is not well-formed XML" in response.content.decode()
    assert Project.objects.count() == 0 and Organisation.objects.count() == 0


def test_an_unreachable_cordis_is_reported_and_changes_nothing(staff_client):
    failure = urllib.error.URLError("timed out")
    with mock.patch("hub.cordis.fetch.urllib.request.urlopen", side_effect=failure):
        response = staff_client.post(IMPORT_URL, {"grant_agreement_number": GRANT})

    assert response.status_code == 200
    assert "CORDIS could not be reached (timed out)" in response.content.decode()
    assert Project.objects.count() == 0


def test_the_csv_files_need_the_grant_number_and_each_other(staff_client):
    only_one = staff_client.post(IMPORT_URL, {"grant_agreement_number": GRANT, "projects_csv": upload("project.csv")})
    assert "Upload both CSV files" in only_one.content.decode()

    response = staff_client.post(
        IMPORT_URL,
        {
            "grant_agreement_number": GRANT,
            "projects_csv": upload("project.csv"),
            "organisations_csv": upload("organization.csv"),
        },
    )
    assert response["Location"] == REVIEW_URL
    staff_client.post(REVIEW_URL, {"accept": "1"})
    assert Project.objects.get().organisations.count() == 2


def test_a_record_that_breaks_a_rule_is_refused_at_acceptance(staff_client):
    broken = sample("project_101091234.xml").replace(b"<totalCost>7845210.25", b"<totalCost>10")
    post_xml(staff_client, broken)

    response = staff_client.post(REVIEW_URL, {"accept": "1"})

    assert response.status_code == 200
    assert "The EU contribution cannot exceed the total cost." in messages_of(response)[0]
    assert Project.objects.count() == 0 and Organisation.objects.count() == 0


def test_staff_without_the_project_permissions_are_refused(client):
    login_verified(client, make_staff())  # staff, but in no group

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(REVIEW_URL, {"accept": "1"}).status_code == 403


def test_partners_and_visitors_are_sent_to_the_login(client, partner):
    assert client.get(IMPORT_URL)["Location"].startswith("/admin/login/")
    client.force_login(partner)
    assert client.get(REVIEW_URL)["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("existing", [1, 25])
def test_the_review_page_takes_a_fixed_number_of_queries(staff_client, existing, django_assert_max_num_queries):
    project = make_project(acronym="ECOLITH", grant_agreement_number=GRANT)
    for _ in range(existing):
        make_participation(project=project, organisation=make_organisation())
    post_xml(staff_client)

    with django_assert_max_num_queries(8):
        response = staff_client.get(REVIEW_URL)
    assert response.status_code == 200


def test_an_oversized_record_is_refused_before_it_is_read(staff_client):
    with mock.patch("hub.cordis.forms.MAX_RECORD_BYTES", 1024 * 1024):
        response = post_xml(staff_client, b"<project>" + b" " * (1024 * 1024 + 1))

    assert "larger than 1 MB, the most we accept" in response.content.decode()
