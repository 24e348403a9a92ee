import io

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from hub.core.demo import DATA_FILE, DEMO_PASSWORD
from hub.core.demo.loader import DemoDataError, load_demo, read_data
from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Project

STAFF = "staff@example.org"
RHINOCEROS_PARTNER = "partner.rhinoceros@example.org"
LICORNE_PARTNER = "partner.licorne@example.org"


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every value of every row of every hub model, many-to-many tables included."""
    rows = {}
    for config in apps.get_app_configs():
        if config.name.startswith("hub."):
            for model in config.get_models(include_auto_created=True):
                rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


@pytest.mark.django_db
def test_seeding_fills_the_portal_with_projects_organisations_events_and_news():
    output = seed()

    assert Project.objects.count() >= 16
    assert Organisation.objects.count() >= 25
    assert {event.starts_at.year for event in Event.objects.published()} >= {2022, 2023, 2024, 2025}
    assert Post.objects.published().count() == 10
    assert Document.objects.published().count() == Document.objects.count() > 0
    assert "17 projects" in output


@pytest.mark.django_db
def test_demo_logins_work_with_the_shared_password_and_have_their_roles(client):
    seed()

    for email in (STAFF, RHINOCEROS_PARTNER, LICORNE_PARTNER):
        assert client.login(username=email, password=DEMO_PASSWORD), email
    staff = User.objects.get(email=STAFF)
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name="Hub staff").exists()
    rhinoceros = Membership.objects.get(user__email=RHINOCEROS_PARTNER)
    licorne = Membership.objects.get(user__email=LICORNE_PARTNER)
    assert (rhinoceros.project.acronym, rhinoceros.role) == ("RHINOCEROS", Membership.Role.EDITOR)
    assert (licorne.project.acronym, licorne.role) == ("LiCORNE", Membership.Role.PARTNER)
    assert all(user.email.endswith("@example.org") for user in User.objects.all())


def test_demo_password_passes_the_configured_validators():
    validate_password(DEMO_PASSWORD)


def _roles(session: Session) -> set:
    return {
        (role.role, role.guest_name, getattr(role.organisation, "slug", None), getattr(role.project, "acronym", None))
        for role in session.roles.select_related("organisation", "project")
    }


@pytest.mark.django_db
def test_the_2023_annual_meeting_has_its_complete_agenda():
    seed()
    event = Event.objects.get(slug="annual-meeting-2023")
    sessions = {session.title: session for session in event.sessions.all()}
    research = sessions["Raw materials through research & science"]
    industry = sessions["Roles and challenges of industry and market for raw materials"]
    society = sessions["Sustainability, durability and social acceptance"]
    mapping = sessions["Interactive session: Mapping the European battery material recycling landscape"]

    assert event.starts_at.date().isoformat() == "2023-11-16"
    assert ("speaker", "Nader Akil", "pno", None) in _roles(sessions["Opening"])
    assert "Project introductions" in sessions
    assert {research.kind, industry.kind, society.kind} == {Session.Kind.PANEL}
    assert ("moderator", "Xochitl Dominguez Benetton", "vito", None) in _roles(research)
    assert set(research.projects.values_list("acronym", flat=True)) == {"RHINOCEROS", "LiCORNE", "CRM-geothermal"}
    assert _roles(industry) == {
        ("speaker", "Edvarts Emerson", "watt4ever", "RHINOCEROS"),
        ("speaker", "Benjamin P. Wilson", "aalto-university", "RESPECT"),
    }
    assert list(society.projects.values_list("acronym", flat=True)) == ["EXCEED"]
    assert mapping.kind == Session.Kind.INTERACTIVE
    assert _roles(mapping) == {("moderator", "Anish Patil", "techconcepts", "RELiEF")}
    assert event.reports.filter(kind=Post.Kind.EVENT_REPORT).exists()
    # Speakers are named guests, not accounts.
    assert not SessionRole.objects.filter(person__isnull=False).exists()


@pytest.mark.django_db
def test_seeding_twice_changes_no_row_at_all():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "(0 rows created, 0 updated, 0 relation sets changed)" in output


@pytest.mark.django_db
def test_seeding_again_updates_only_what_the_data_file_changed():
    data = read_data()
    load_demo(data)
    untouched = Project.objects.get(acronym="LiCORNE").updated_at
    data["projects"][0]["summary"] = "A shorter summary."

    report = load_demo(data)

    assert sum(report.created.values()) == 0
    assert dict(report.updated) == {"projects.Project": 1}
    assert Project.objects.get(acronym="CROCODILE").summary == "A shorter summary."
    assert Project.objects.get(acronym="LiCORNE").updated_at == untouched


@pytest.mark.django_db
def test_seeding_again_keeps_a_demo_password_changed_since():
    seed()
    user = User.objects.get(email=STAFF)
    user.set_password("another-long-passphrase")
    user.save()

    seed()

    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


def test_data_file_mentions_no_local_paths():
    content = DATA_FILE.read_text(encoding="utf-8")

    # Spelled in pieces, so that this file does not mention the paths either.
    for forbidden in ("/" + "work", ".." + "/shared", "shared" + "/data"):
        assert forbidden not in content


def test_demo_logins_lists_the_three_accounts_with_the_password():
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    for email in (STAFF, RHINOCEROS_PARTNER, LICORNE_PARTNER):
        assert email in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    assert "editor of RHINOCEROS" in out.getvalue()


@pytest.mark.django_db
def test_a_reference_to_an_unknown_project_loads_nothing():
    data = read_data()
    data["events"][0]["projects"] = ["NOSUCHPROJECT"]

    with pytest.raises(DemoDataError, match="NOSUCHPROJECT"):
        load_demo(data)

    assert not Project.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_content_is_switched_off(settings):
    from django.core.management.base import CommandError

    settings.HUB_DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="switched off"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Project.objects.exists()
