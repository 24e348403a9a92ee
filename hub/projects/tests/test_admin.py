"""The project pages of the back office: funding data, consortium and members."""

from datetime import date, timedelta

import pytest

from hub.core.tests.admin_helpers import admin_url, form_errors, management_form
from hub.core.tests.factories import make_organisation, make_participation, make_project, make_user
from hub.members.models import Membership
from hub.projects.models import Participation, Project


def project_form(**fields) -> dict:
    """What the add form posts for a Horizon Europe project with no consortium yet."""
    return {
        "acronym": "BRINE",
        "slug": "brine",
        "programme": "HORIZON",
        "grant_agreement_number": "101058123",
        **management_form("participations"),
        **management_form("memberships"),
        **fields,
    }


def with_partners(data: dict, *rows: tuple) -> dict:
    """``rows`` are (organisation, role) pairs for the consortium inline."""
    data = {**data, **management_form("participations", total=len(rows))}
    for n, (organisation, role) in enumerate(rows):
        data.update({f"participations-{n}-organisation": organisation.pk, f"participations-{n}-role": role})
    return data


@pytest.mark.django_db
def test_staff_add_a_project_with_its_consortium_and_members(staff_client):
    coordinator, partner = make_organisation(), make_organisation()
    member = make_user()
    data = with_partners(project_form(), (coordinator, "coordinator"), (partner, "participant"))
    data.update({**management_form("memberships", total=1), "memberships-0-user": member.pk})
    data["memberships-0-role"] = "editor"

    response = staff_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 302
    project = Project.objects.get()
    assert project.coordinator == coordinator
    assert Membership.objects.get(project=project).user == member


@pytest.mark.django_db
def test_a_duplicate_grant_agreement_number_is_refused(staff_client):
    make_project(grant_agreement_number="101058123")

    response = staff_client.post(admin_url(Project, "add"), project_form())

    assert response.status_code == 200
    assert form_errors(response) == ["Project with this Grant agreement number already exists."]
    assert Project.objects.count() == 1


@pytest.mark.django_db
def test_a_project_that_ends_before_it_starts_is_refused(staff_client):
    data = project_form(start_date="2025-01-01", end_date="2024-12-31")

    response = staff_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    assert "A project cannot end before it starts." in response.content.decode()
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_two_coordinators_typed_at_once_are_refused(staff_client):
    data = with_partners(project_form(), (make_organisation(), "coordinator"), (make_organisation(), "coordinator"))

    response = staff_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    assert "A project has only one coordinator." in response.content.decode()
    assert Project.objects.count() == 0
    assert Participation.objects.count() == 0


@pytest.mark.django_db
def test_a_second_coordinator_on_an_existing_project_is_refused(staff_client):
    project = make_participation(role="coordinator").project
    data = with_partners(
        project_form(acronym=project.acronym, slug=project.slug), (make_organisation(), "coordinator")
    )
    data.update(management_form("participations", total=1))

    response = staff_client.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 200
    assert "A project has only one coordinator." in form_errors(response)
    assert project.participations.count() == 1


@pytest.mark.django_db
def test_projects_filter_by_their_derived_status(staff_client):
    today = date.today()
    ongoing = make_project(start_date=today - timedelta(days=10), end_date=today + timedelta(days=10))
    make_project(start_date=today - timedelta(days=30), end_date=today - timedelta(days=1))

    response = staff_client.get(admin_url(Project, "changelist") + "?status=ongoing")

    assert list(response.context["cl"].result_list) == [ongoing]


@pytest.mark.django_db
def test_project_list_shows_coordinators_in_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    for _n in range(15):
        make_participation(role="coordinator", organisation=make_organisation(short_name="UNI"))

    with django_assert_max_num_queries(13):  # 12, and on PostgreSQL the planner's row estimate
        response = staff_client.get(admin_url(Project, "changelist"))

    assert response.content.decode().count("Organisation ") >= 15


@pytest.mark.django_db
def test_the_coordinator_role_can_pass_to_another_organisation_in_one_save(staff_client):
    former = make_participation(role="coordinator")
    project, successor = former.project, make_organisation()
    data = with_partners(
        project_form(acronym=project.acronym, slug=project.slug),
        (former.organisation, "participant"),
        (successor, "coordinator"),
    )
    data.update({**management_form("participations", total=2, initial=1), "participations-0-id": former.pk})

    response = staff_client.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 302
    assert Project.objects.prefetch_related("participations__organisation").get().coordinator == successor


@pytest.mark.django_db
def test_a_back_office_edit_of_a_project_keeps_a_revision(staff_client, staff_user):
    from hub.core.models import Revision

    response = staff_client.post(admin_url(Project, "add"), project_form(full_title="Brines to batteries"))

    assert response.status_code == 302
    revision = Revision.objects.get()
    assert (revision.author, revision.data["full_title"]) == (staff_user, "Brines to batteries")
