from datetime import UTC, datetime

import pytest
from django.urls import reverse

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_organisation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.events.models import Event, Session, SessionRole
from hub.events.tests.helpers import hidden_events, in_days

S = PublicationStatus
pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"  # between two times, as the pages print it
UPCOMING = reverse("events:event-list")
PAST = reverse("events:event-past")


def make_agenda(event: Event, sessions: int) -> None:
    """``sessions`` panels, each with a moderator and two speakers from an organisation and a project."""
    organisation, project = make_organisation(), make_project()
    for n in range(sessions):
        session = make_session(event=event, title=f"Panel {n}", kind=Session.Kind.PANEL, order=n)
        make_session_role(session=session, role=SessionRole.Role.MODERATOR, organisation=organisation)
        make_session_role(session=session, person=make_user(public_profile=True), project=project)
        make_session_role(session=session, organisation=organisation, project=project, talk_title="Results")


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# Lists


@pytest.mark.parametrize("url", [UPCOMING, PAST])
def test_event_lists_answer_anonymous_visitors_without_setting_cookies(client, url):
    make_published_event(starts_at=in_days(5))
    make_published_event(starts_at=in_days(-5))
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies


def test_upcoming_events_are_listed_soonest_first_and_past_ones_latest_first(client):
    later = make_published_event(title="Later", starts_at=in_days(20))
    sooner = make_published_event(title="Sooner", starts_at=in_days(2))
    running = make_published_event(title="Running", starts_at=in_days(-0.1), ends_at=in_days(0.1))
    old = make_published_event(title="Old", starts_at=in_days(-60))
    recent = make_published_event(title="Recent", starts_at=in_days(-3))

    assert list(client.get(UPCOMING).context["event_list"]) == [running, sooner, later]
    assert list(client.get(PAST).context["event_list"]) == [recent, old]


def test_unpublished_and_scheduled_events_are_never_listed(client):
    hidden = hidden_events()
    make_published_event(title="Visible upcoming", starts_at=in_days(3))
    make_published_event(title="Visible past", starts_at=in_days(-3))

    listed = page(client, UPCOMING) + page(client, PAST)

    assert "Visible upcoming" in listed and "Visible past" in listed
    for event in hidden:
        assert event.title not in listed


def test_each_list_marks_itself_as_the_current_tab(client):
    upcoming, past = page(client, UPCOMING), page(client, PAST)
    assert f'href="{UPCOMING}" aria-current="page">Upcoming</a>' in upcoming
    assert f'href="{PAST}">Past</a>' in upcoming
    assert f'href="{PAST}" aria-current="page">Past</a>' in past
    assert f'href="{UPCOMING}">Upcoming</a>' in past


def test_an_event_card_shows_kind_format_place_and_organising_projects(client):
    make_published_event(
        title="Recycling workshop",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.HYBRID,
        city="Leuven",
        country="BE",
        projects=[make_project(acronym="RESPECT"), make_project(acronym="RHINOCEROS")],
    )
    html = page(client, UPCOMING)
    for text in ("Recycling workshop", "Workshop", "Hybrid", "Leuven, Belgium", "RESPECT", "RHINOCEROS"):
        assert text in html


def test_times_are_shown_in_the_events_own_time_zone_with_its_name(client):
    # 08:00 UTC in January is 10:00 in Helsinki (UTC+2), 09:00 in Brussels.
    event = make_published_event(
        starts_at=datetime(2024, 1, 10, 8, 0, tzinfo=UTC),
        ends_at=datetime(2024, 1, 10, 15, 0, tzinfo=UTC),
        time_zone="Europe/Helsinki",
    )
    for html in (page(client, PAST), page(client, event.get_absolute_url())):
        assert '<time datetime="2024-01-10T10:00:00+0200">10 January 2024, 10:00</time>' in html
        assert f"{DASH}<time" in html and ">17:00</time>" in html
        assert "Europe/Helsinki" in html
        assert "09:00" not in html


def test_a_multi_day_event_shows_both_dates(client):
    make_published_event(
        starts_at=datetime(2023, 11, 15, 8, 0, tzinfo=UTC),
        ends_at=datetime(2023, 11, 16, 16, 0, tzinfo=UTC),
    )
    html = page(client, PAST)
    assert f">15 November 2023, 09:00</time> {DASH} <time" in html
    assert ">16 November 2023, 17:00</time>" in html
    assert "(Europe/Brussels)" in html


def test_lists_show_twelve_events_a_page_and_answer_404_past_the_last(client):
    for n in range(13):
        make_published_event(starts_at=in_days(n + 1))
    assert len(client.get(UPCOMING).context["event_list"]) == 12
    assert len(client.get(UPCOMING, {"page": 2}).context["event_list"]) == 1
    assert client.get(UPCOMING, {"page": 3}).status_code == 404
    assert client.get(PAST, {"page": 2}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_lists_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for n in range(size):
        make_published_event(starts_at=in_days(n + 1), projects=[make_project(), make_project()])
        make_published_event(starts_at=in_days(-n - 1), projects=[make_project()])
    for url in (UPCOMING, PAST):
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


# Detail


def test_the_event_page_answers_anonymous_visitors_without_setting_cookies(client):
    response = client.get(make_published_event().get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


def test_unpublished_and_scheduled_events_have_no_public_page(client):
    for event in hidden_events():
        assert client.get(event.get_absolute_url()).status_code == 404


def test_the_event_page_shows_what_a_visitor_needs_to_attend(client):
    topic = make_topic(name="Direct lithium extraction")
    project = make_project(acronym="EXCEED", grant_agreement_number="101091234")
    event = make_published_event(
        title="Annual meeting 2023",
        kind=Event.Kind.ANNUAL_MEETING,
        summary="The cluster meets in Brussels.",
        description="<h2>Programme</h2><p>Three panels.</p><script>alert(1)</script>",
        format=Event.Format.HYBRID,
        venue_name="Square",
        venue_address="Mont des Arts",
        city="Brussels",
        country="BE",
        projects=[project],
    )
    event.topics.add(topic)
    # A row written around save() still cannot carry a script to the page.
    Event.objects.filter(pk=event.pk).update(description=event.description + "<script>alert(2)</script>")

    html = page(client, event.get_absolute_url())

    assert html.count("<h1") == 1 and "<h1>Annual meeting 2023</h1>" in html
    for text in ("Annual meeting", "Hybrid", "Square", "Mont des Arts", "Brussels, Belgium", "The cluster meets"):
        assert text in html
    assert "<p>Three panels.</p>" in html and "<script>alert" not in html
    assert f'href="{project.get_absolute_url()}">EXCEED</a>' in html
    assert f'href="{topic.get_absolute_url()}">Direct lithium extraction</a>' in html
    assert "grant agreement No 101091234" in html  # the EU funding notice


def test_registration_is_open_until_the_deadline(client):
    event = make_published_event(
        registration_url="https://register.example.org/annual",
        registration_deadline=datetime(2030, 11, 10, 22, 59, tzinfo=UTC),
        starts_at=datetime(2030, 11, 16, 8, 0, tzinfo=UTC),
    )
    html = page(client, event.get_absolute_url())
    assert 'href="https://register.example.org/annual"' in html
    assert "10 November 2030, 23:59</time> (Europe/Brussels)" in html
    assert "Registration closed" not in html


def test_registration_is_closed_after_the_deadline(client):
    event = make_published_event(
        registration_url="https://register.example.org/annual",
        registration_deadline=in_days(-1),
        starts_at=in_days(5),
    )
    html = page(client, event.get_absolute_url())
    assert "Registration closed" in html
    assert "register.example.org" not in html


def test_registration_without_a_deadline_closes_when_the_event_starts(client):
    event = make_published_event(
        registration_url="https://register.example.org/annual", starts_at=in_days(-0.1), ends_at=in_days(1)
    )
    html = page(client, event.get_absolute_url())
    assert "Registration closed" in html
    assert "register.example.org" not in html


def test_the_online_link_is_hidden_from_anonymous_visitors(client):
    event = make_published_event(format=Event.Format.ONLINE, online_url="https://meet.example.org/secret-room")
    html = page(client, event.get_absolute_url())
    assert "secret-room" not in html
    assert "Link shared with registered participants" in html


def test_the_online_link_is_shown_to_a_signed_in_member(client):
    event = make_published_event(format=Event.Format.ONLINE, online_url="https://meet.example.org/secret-room")
    client.force_login(make_user())
    assert 'href="https://meet.example.org/secret-room"' in page(client, event.get_absolute_url())


def test_the_agenda_lists_sessions_in_order_with_moderators_before_speakers(client):
    event = make_published_event(starts_at=datetime(2023, 11, 16, 8, 0, tzinfo=UTC))
    second = make_session(event=event, title="Panel on recycling", kind=Session.Kind.PANEL, order=2)
    first = make_session(
        event=event,
        title="Panel on mining",
        kind=Session.Kind.PANEL,
        order=1,
        starts_at=datetime(2023, 11, 16, 8, 30, tzinfo=UTC),
        ends_at=datetime(2023, 11, 16, 10, 0, tzinfo=UTC),
        description="Permitting and social licence.",
    )
    brgm = make_organisation(name="French Geological Survey")
    project = make_project(acronym="AGEMERA")
    public_member = make_user(full_name="Ana Speaker", public_profile=True)
    private_member = make_user(full_name="Bo Private", email="bo.private@example.org")
    make_session_role(session=first, person=public_member, organisation=brgm, project=project, talk_title="Ores")
    make_session_role(session=first, guest_name="Carla Moderator", role=SessionRole.Role.MODERATOR)
    make_session_role(session=first, person=private_member)
    make_session_role(session=second, guest_name="Dan Chair", role=SessionRole.Role.CHAIR, organisation=brgm)

    html = page(client, event.get_absolute_url())

    assert html.index("Panel on mining") < html.index("Carla Moderator") < html.index("Ana Speaker")
    assert html.index("Ana Speaker") < html.index("Panel on recycling") < html.index("Dan Chair")
    assert "Moderator:</span> \nCarla Moderator" in html and "Chair:</span> \nDan Chair" in html
    assert f">09:30</time>{DASH}<time" in html and ">11:00</time>" in html
    assert "Permitting and social licence." in html
    assert f'<a href="{public_member.get_absolute_url()}">Ana Speaker</a>' in html
    assert f'<a href="{brgm.get_absolute_url()}">French Geological Survey</a>' in html
    assert f'(<a href="{project.get_absolute_url()}">AGEMERA</a>)' in html
    assert "<q>Ores</q>" in html
    assert "Bo Private" in html and "bo.private@example.org" not in html
    assert ">Bo Private</a>" not in html


def test_the_event_page_lists_only_public_documents_and_reports(client):
    event = make_published_event()
    make_document(title="Public slides", event=event, status=S.PUBLISHED)
    make_document(title="Draft slides", event=event)
    make_document(title="Rejected slides", event=event, status=S.REJECTED)
    make_document(title="Scheduled slides", event=event, status=S.PUBLISHED, published_at=in_days(1))
    make_document(title="Slides on a draft post", event=event, status=S.PUBLISHED, post=make_post())
    make_published_post(title="Public report", event=event)
    make_post(title="Draft report", event=event)
    make_post(title="Archived report", event=event, status=S.ARCHIVED)
    make_published_post(title="Scheduled report", event=event, published_at=in_days(1))

    html = page(client, event.get_absolute_url())

    assert "Public slides" in html and "Public report" in html
    for hidden in ("Draft slides", "Rejected slides", "Scheduled slides", "draft post", "Draft report"):
        assert hidden not in html
    assert "Archived report" not in html and "Scheduled report" not in html


def test_a_document_says_whether_it_is_a_file_or_an_external_link(client):
    event = make_published_event()
    make_document(title="Proceedings", event=event, status=S.PUBLISHED, file="documents/2023/book.pdf", url="")
    recording = make_document(
        title="Recording", event=event, status=S.PUBLISHED, url="https://www.youtube.com/watch?v=1"
    )
    html = page(client, event.get_absolute_url())
    assert "(PDF file)" in html
    counted = reverse("stats:document-download", args=[recording.slug])
    assert f'href="{counted}">Recording</a>' in html and "(opens youtube.com)" in html


@pytest.mark.parametrize("sessions", [2, 20])
def test_the_event_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, sessions):
    event = make_published_event(projects=[make_project(), make_project()])
    event.topics.add(make_topic(), make_topic())
    make_agenda(event, sessions)
    for _ in range(sessions):
        make_document(event=event, status=S.PUBLISHED, projects=[make_project()])
        make_published_post(event=event)
    with django_assert_max_num_queries(8):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_the_agenda_names_the_projects_presenting_in_a_session(client):
    project = make_project(acronym="LICORNE-X")
    event = make_published_event(title="Panel day")
    session = make_session(event=event, title="Research panel", kind="panel")
    session.projects.add(project)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Projects presenting:" in page
    assert f'href="{project.get_absolute_url()}">LICORNE-X</a>' in page
