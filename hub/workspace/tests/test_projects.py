"""Project editors keep their project's public page in the workspace; the grant data stays with staff."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from PIL import Image

from hub.core.models import Revision
from hub.core.tests.factories import make_membership, make_project, make_staff, make_topic
from hub.members.models import Role
from hub.projects.models import Project, ValueChainStage
from hub.projects.services import project_update_public_page
from hub.workspace import urls_projects

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LIST = reverse("workspace:project-list")


def edit_url(project: Project) -> str:
    return reverse("workspace:project-edit", args=[project.slug])


def png(size=(40, 20), *, color="teal", fmt="PNG", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def page_data(**changes) -> dict:
    return {
        "summary": "We recycle lithium.",
        "description": "Longer text.\n\nSecond paragraph.",
        "website": "https://alpha.example.eu",
        "topics": [],
        "value_chain_stages": [],
    } | changes


def snapshot(project: Project) -> tuple:
    row = Project.objects.filter(pk=project.pk).values().get()
    return row, sorted(project.topics.values_list("pk", flat=True))


def stored_logos() -> set:
    folder = Path(settings.MEDIA_ROOT) / "projects"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def project_revisions(project: Project):
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(Project), object_id=project.pk)


@pytest.fixture
def projects():
    alpha = make_project(acronym="ALPHA", slug="alpha", summary="Old summary.")
    beta = make_project(acronym="BETA", slug="beta", summary="Beta's own words.")
    return alpha, beta


@pytest.fixture
def editor(projects):
    return make_membership(project=projects[0], role=Role.EDITOR).user


# ---------------------------------------------------------------- permission matrix

MATRIX = {
    "project-list": (["get"], False),
    "project-edit": (["get", "post"], True),
    "project-revisions": (["get"], True),
    "project-feeds": (["get", "post"], True),
    # Its address also needs the feed's id, so the generic check below asks the list instead; the feed
    # pages' full matrix (anonymous, partner, editor of A on B, staff) is in hub/syndication/tests/test_workspace.py.
    "project-feed-delete": (["get", "post"], False),
}


def test_every_workspace_project_url_is_in_the_permission_matrix():
    assert {p.name for p in urls_projects.urlpatterns if isinstance(p, URLPattern)} == set(MATRIX)


@pytest.mark.parametrize(("name", "method"), [(n, m) for n, (methods, _) in MATRIX.items() for m in methods])
def test_anonymous_visitors_are_sent_to_login(client, projects, name, method):
    target = reverse(f"workspace:{name}", args=[projects[0].slug]) if MATRIX[name][1] else LIST
    before = snapshot(projects[0])

    response = getattr(client, method)(target, page_data(summary="Anonymous") if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert snapshot(projects[0]) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_editor_of_a_gets_404_for_bs_page_and_b_stays_unchanged(client, projects, editor, method):
    beta = projects[1]
    client.force_login(editor)
    before = snapshot(beta)

    response = getattr(client, method)(edit_url(beta), page_data(summary="Taken over") if method == "post" else None)

    assert response.status_code == 404
    assert snapshot(beta) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_plain_partner_cannot_edit_their_own_projects_page(client, projects, method):
    alpha = projects[0]
    client.force_login(make_membership(project=alpha).user)
    before = snapshot(alpha)

    response = getattr(client, method)(
        edit_url(alpha), page_data(summary="Partner text") if method == "post" else None
    )

    assert response.status_code == 404
    assert snapshot(alpha) == before


def test_a_partner_of_a_gets_404_for_bs_page(client, projects):
    client.force_login(make_membership(project=projects[0]).user)

    assert client.get(edit_url(projects[1])).status_code == 404


def test_an_editor_edits_their_projects_page_and_the_public_page_shows_it_at_once(client, projects, editor):
    alpha = projects[0]
    topic, stage = make_topic(name="Direct lithium extraction"), ValueChainStage.objects.first()
    client.force_login(editor)

    response = client.post(
        edit_url(alpha), page_data(summary="Fresh summary.", topics=[topic.pk], value_chain_stages=[stage.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == alpha.get_absolute_url()
    alpha.refresh_from_db()
    assert (alpha.summary, alpha.website) == ("Fresh summary.", "https://alpha.example.eu")
    assert list(alpha.topics.all()) == [topic] and list(alpha.value_chain_stages.all()) == [stage]
    client.logout()
    assert "Fresh summary." in client.get(alpha.get_absolute_url()).content.decode()


def test_each_save_of_a_project_page_records_one_revision(client, projects, editor):
    client.force_login(editor)

    client.post(edit_url(projects[0]), page_data(summary="One"))
    client.post(edit_url(projects[0]), page_data(summary="Two"))

    revisions = list(project_revisions(projects[0]))
    assert [r.data["summary"] for r in revisions] == ["Two", "One"]
    assert revisions[0].author == editor


def test_staff_edit_any_projects_page(client, projects):
    client.force_login(make_staff())

    assert client.post(edit_url(projects[1]), page_data(summary="Staff words.")).status_code == 302
    projects[1].refresh_from_db()
    assert projects[1].summary == "Staff words."


def test_grant_data_posted_by_an_editor_changes_nothing(client, projects, editor):
    alpha = projects[0]
    Project.objects.filter(pk=alpha.pk).update(grant_agreement_number="101000001", total_cost=Decimal("1000000.00"))
    staff_fields = [
        "acronym",
        "slug",
        "full_title",
        "programme",
        "funding_scheme",
        "grant_agreement_number",
        "call_identifier",
        "start_date",
        "end_date",
        "total_cost",
        "eu_contribution",
        "joined_hub_on",
    ]
    before = Project.objects.values(*staff_fields).get(pk=alpha.pk)
    forged = {
        "acronym": "HIJACK",
        "slug": "hijack",
        "full_title": "Another title",
        "programme": "LIFE",
        "funding_scheme": "CSA",
        "grant_agreement_number": "999999999",
        "call_identifier": "X",
        "start_date": "2001-01-01",
        "end_date": "2002-01-01",
        "total_cost": "1",
        "eu_contribution": "1",
        "joined_hub_on": "2001-01-01",
    }
    client.force_login(editor)

    response = client.post(edit_url(alpha), page_data(summary="Allowed change", **forged))

    assert response.status_code == 302
    assert Project.objects.values(*staff_fields).get(pk=alpha.pk) == before
    assert before["acronym"] == "ALPHA" and before["start_date"] == date(2023, 1, 1)
    alpha.refresh_from_db()
    assert alpha.summary == "Allowed change"


def test_the_service_checks_the_editor_and_refuses_grant_fields(projects):
    alpha = projects[0]
    partner = make_membership(project=alpha).user

    with pytest.raises(PermissionDenied):
        project_update_public_page(project=alpha, by=partner, summary="No")
    with pytest.raises(TypeError):
        project_update_public_page(project=alpha, by=make_staff(), grant_agreement_number="1")
    alpha.refresh_from_db()
    assert alpha.summary == "Old summary."


# ---------------------------------------------------------------- the logo


def test_an_editor_uploads_a_logo_that_is_stored_under_a_new_name(client, projects, editor):
    client.force_login(editor)

    response = client.post(edit_url(projects[0]), page_data(logo=upload(png(), name="../../settings.png")))

    assert response.status_code == 302
    projects[0].refresh_from_db()
    name = projects[0].logo.name
    assert name.startswith("projects/") and name.endswith(".png") and "settings" not in name
    with Image.open(projects[0].logo.path) as image:
        assert image.size == (40, 20)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"this is not an image at all", "logo.png"),
        (b"<html><script>alert(1)</script></html>", "logo.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (png(fmt="TIFF"), "logo.tiff"),
    ],
)
def test_a_file_that_is_not_a_png_jpeg_webp_or_gif_is_refused(client, projects, editor, content, name):
    client.force_login(editor)
    before, files = snapshot(projects[0]), stored_logos()

    response = client.post(edit_url(projects[0]), page_data(logo=upload(content, name=name)))

    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    assert snapshot(projects[0]) == before
    assert stored_logos() == files


def test_a_30_mb_logo_is_refused_before_it_is_decoded(client, projects, editor):
    client.force_login(editor)
    before, files = snapshot(projects[0]), stored_logos()
    huge = png() + b"\0" * (30 * 1024 * 1024)

    response = client.post(edit_url(projects[0]), page_data(logo=upload(huge)))

    assert response.context["form"].errors["logo"] == [
        "The logo is 30.0 MB: larger than 5 MB, the most we accept. Choose a smaller file."
    ]
    assert snapshot(projects[0]) == before
    assert stored_logos() == files


def test_a_small_file_declaring_a_huge_picture_is_refused(client, projects, editor):
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, format="PNG")
    client.force_login(editor)

    response = client.post(edit_url(projects[0]), page_data(logo=upload(buffer.getvalue())))

    assert "logo" in response.context["form"].errors
    projects[0].refresh_from_db()
    assert not projects[0].logo


def test_a_logo_is_stored_without_appended_bytes_or_metadata(client, projects, editor):
    exif = Image.Exif()
    exif[0x8825] = {2: (50.0, 51.0, 0.0)}  # GPS latitude
    exif[0x010E] = "secret description"
    jpeg = png(fmt="JPEG", exif=exif.tobytes()) + b"<script>alert(1)</script>"
    client.force_login(editor)

    client.post(edit_url(projects[0]), page_data(logo=upload(jpeg, name="photo.jpg", content_type="image/jpeg")))

    projects[0].refresh_from_db()
    stored = Path(projects[0].logo.path).read_bytes()
    assert b"<script>" not in stored and b"secret description" not in stored
    with Image.open(projects[0].logo.path) as image:
        assert not image.getexif()


def test_replacing_a_logo_deletes_the_old_file_after_the_save(
    client, projects, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(edit_url(projects[0]), page_data(logo=upload(png())))
    projects[0].refresh_from_db()
    old = Path(projects[0].logo.path)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(projects[0]), page_data(logo=upload(png(color="red"))))

    projects[0].refresh_from_db()
    assert Path(projects[0].logo.path).exists()
    assert not old.exists()


def test_an_editor_clears_the_logo(client, projects, editor):
    client.force_login(editor)
    client.post(edit_url(projects[0]), page_data(logo=upload(png())))

    client.post(edit_url(projects[0]), page_data(**{"logo-clear": "on"}))

    projects[0].refresh_from_db()
    assert not projects[0].logo


# ---------------------------------------------------------------- the list


def test_the_project_list_shows_my_projects_with_my_role_and_edit_links_only_where_i_edit(client, projects):
    alpha, beta = projects
    user = make_membership(project=alpha, role=Role.EDITOR).user
    make_membership(user=user, project=beta)
    other = make_project(acronym="GAMMA")
    client.force_login(user)

    page = client.get(LIST).content.decode()

    assert "ALPHA" in page and "BETA" in page and "GAMMA" not in page
    assert "Project editor" in page and "Partner" in page
    assert edit_url(alpha) in page
    assert edit_url(beta) not in page and edit_url(other) not in page
    assert page.count("<h1") == 1


def test_the_edit_page_has_labelled_fields_and_no_grant_fields(client, projects, editor):
    client.force_login(editor)

    response = client.get(edit_url(projects[0]))

    assert set(response.context["form"].fields) == {
        "summary",
        "description",
        "website",
        "logo",
        "topics",
        "value_chain_stages",
    }
    page = response.content.decode()
    assert 'for="id_summary"' in page and 'enctype="multipart/form-data"' in page
    assert page.count("<h1") == 1
