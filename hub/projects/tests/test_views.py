import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_organisation,
    make_participation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
)
from hub.projects.models import ValueChainStage

pytestmark = pytest.mark.django_db

LIST_URL = "/projects/"


def make_consortium(project, *, partners=2):
    """A coordinator and ``partners`` participants for ``project``."""
    make_participation(project=project, role="coordinator")
    for _ in range(partners):
        make_participation(project=project)


def make_rich_project(**fields):
    project = make_project(**fields)
    make_consortium(project)
    project.topics.add(make_topic(), make_topic())
    project.value_chain_stages.add(*ValueChainStage.objects.all()[:2])
    return project


def acronyms(response):
    return {project.acronym for project in response.context["project_list"]}


def main_html(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


# Pages answer anonymous visitors


def test_project_list_answers_anonymous_visitors_without_setting_cookies(client):
    make_rich_project()
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert not response.cookies


def test_project_page_answers_anonymous_visitors_without_setting_cookies(client):
    project = make_rich_project()
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


def test_an_unknown_project_address_is_not_found(client):
    assert client.get("/projects/no-such-project/").status_code == 404


@pytest.mark.parametrize("page", ["list", "detail"])
def test_project_pages_have_one_h1_and_no_inline_styles_or_scripts(client, page):
    project = make_rich_project()
    response = client.get(LIST_URL if page == "list" else project.get_absolute_url())
    html = main_html(response)
    assert html.count("<h1") == 1
    assert "style=" not in html
    assert "<script" not in html


# The directory


def test_a_project_card_shows_the_coordinator_with_country_topics_programme_and_status(client):
    project = make_project(acronym="LIBRA", full_title="Lithium from brines", programme="H2020")
    make_participation(project=project, role="coordinator", organisation=make_organisation(name="VITO", country="BE"))
    project.topics.add(make_topic(name="Direct lithium extraction"))

    page = client.get(LIST_URL).content.decode()

    assert "LIBRA" in page and "Lithium from brines" in page
    assert "VITO" in page and "Belgium" in page
    assert "Direct lithium extraction" in page
    assert "Horizon 2020" in page
    assert "Ongoing" in page


def test_a_project_logo_has_the_acronym_as_alt_text(client, tmp_path):
    project = make_project(acronym="LOGOED")
    project.logo.save("logo.png", _tiny_png(), save=True)
    assert 'alt="LOGOED logo"' in client.get(LIST_URL).content.decode()


def test_the_directory_shows_how_many_projects_it_found(client):
    for _ in range(3):
        make_project()
    assert "3 projects" in client.get(LIST_URL).content.decode()


def test_the_filter_form_has_a_label_for_every_field_and_a_way_to_clear_it(client):
    page = client.get(LIST_URL).content.decode()
    for name in ("topic", "programme", "status", "stage"):
        assert f'<label for="id_{name}"' in page
    assert 'type="submit"' in page
    assert "Clear filters" in page


def test_the_directory_filters_by_topic_slug(client):
    recycling = make_topic(name="Recycling", slug="recycling")
    wanted = make_project(acronym="WANTED")
    wanted.topics.add(recycling, make_topic())
    make_project(acronym="OTHER").topics.add(make_topic())

    assert acronyms(client.get(LIST_URL, {"topic": "recycling"})) == {"WANTED"}


def test_the_directory_filters_by_programme(client):
    make_project(acronym="OLD", programme="H2020")
    make_project(acronym="NEW", programme="HORIZON")
    assert acronyms(client.get(LIST_URL, {"programme": "H2020"})) == {"OLD"}


@pytest.mark.parametrize(("status", "expected"), [("upcoming", {"SOON"}), ("ongoing", {"NOW"}), ("closed", {"DONE"})])
def test_the_directory_filters_by_status_derived_from_the_dates(client, status, expected):
    today = timezone.localdate()
    make_project(acronym="SOON", start_date=today + timedelta(days=30), end_date=today + timedelta(days=900))
    make_project(acronym="NOW", start_date=today - timedelta(days=30), end_date=today + timedelta(days=30))
    make_project(acronym="DONE", start_date=today - timedelta(days=900), end_date=today - timedelta(days=1))
    assert acronyms(client.get(LIST_URL, {"status": status})) == expected


def test_the_directory_filters_by_value_chain_stage_slug(client):
    mining = ValueChainStage.objects.get(slug="exploration-and-mining")
    recycling = ValueChainStage.objects.get(slug="recycling")
    make_project(acronym="MINER").value_chain_stages.add(mining, recycling)
    make_project(acronym="RECYCLER").value_chain_stages.add(recycling)
    assert acronyms(client.get(LIST_URL, {"stage": "exploration-and-mining"})) == {"MINER"}
    assert acronyms(client.get(LIST_URL, {"stage": "recycling"})) == {"MINER", "RECYCLER"}


def test_filters_combine(client):
    topic = make_topic(slug="passport")
    both = make_project(acronym="BOTH", programme="H2020")
    both.topics.add(topic)
    make_project(acronym="TOPICONLY", programme="HORIZON").topics.add(topic)
    make_project(acronym="PROGONLY", programme="H2020")

    response = client.get(LIST_URL, {"topic": "passport", "programme": "H2020", "status": "ongoing"})

    assert acronyms(response) == {"BOTH"}
    assert "1 project matches the filters" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"programme": "FP1"},
        {"status": "sleeping"},
        {"stage": "<script>"},
        {"topic": ["a", "b"], "status": ""},
    ],
)
def test_invalid_filter_values_are_ignored(client, params):
    make_project(acronym="ALPHA")
    make_project(acronym="BETA")
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert acronyms(response) == {"ALPHA", "BETA"}


def test_an_invalid_value_does_not_cancel_the_valid_filters(client):
    make_project(acronym="OLD", programme="H2020")
    make_project(acronym="NEW", programme="HORIZON")
    assert acronyms(client.get(LIST_URL, {"programme": "H2020", "status": "nonsense"})) == {"OLD"}


def test_the_directory_shows_twelve_projects_a_page_and_page_links_keep_the_filters(client):
    topic = make_topic(slug="mining")
    for _ in range(13):
        make_project(programme="H2020").topics.add(topic)
    make_project(programme="HORIZON").topics.add(topic)

    first = client.get(LIST_URL, {"topic": "mining", "programme": "H2020"})
    second = client.get(LIST_URL, {"topic": "mining", "programme": "H2020", "page": 2})

    assert len(first.context["project_list"]) == 12
    assert "?topic=mining&amp;programme=H2020&amp;page=2" in first.content.decode()
    assert second.status_code == 200
    assert len(second.context["project_list"]) == 1
    assert "?topic=mining&amp;programme=H2020&amp;page=1" in second.content.decode()


def test_a_page_past_the_last_is_not_found(client):
    make_project()
    assert client.get(LIST_URL, {"page": 2}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_directory_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_rich_project()
    with django_assert_max_num_queries(6):
        assert client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL, {"status": "ongoing", "stage": "exploration-and-mining"})
    assert len(response.context["project_list"]) == min(size, 12)


# The project page


def test_the_project_page_shows_the_cordis_record(client):
    project = make_project(
        acronym="RESPECT",
        full_title="Recovery of raw materials",
        summary="We recover cobalt.",
        description="First paragraph.\n\nSecond paragraph.",
        programme="HORIZON",
        funding_scheme="RIA",
        grant_agreement_number="101069644",
        eu_contribution="7999950.75",
        total_cost="9500000.00",
        website="https://respect.example.org/",
    )

    response = client.get(project.get_absolute_url())
    page = response.content.decode()

    assert "<h1" in page and "RESPECT</h1>" in page
    assert "Recovery of raw materials" in page and "We recover cobalt." in page
    assert "<p>First paragraph.</p>" in page and "<p>Second paragraph.</p>" in page
    assert "Horizon Europe" in page and "Research and Innovation Action" in page
    assert re.search(r'<a href="https://cordis.europa.eu/project/id/101069644"[^>]*>No 101069644', page)
    assert "€7,999,950.75" in page and "€9,500,000.00" in page
    assert 'href="https://respect.example.org/"' in page


def test_the_project_description_is_shown_as_plain_text(client):
    project = make_project(description='<script>alert("x")</script>')
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_the_project_page_shows_the_coordinator_and_partners_with_countries_and_roles(client):
    project = make_project()
    coordinator = make_organisation(name="Fraunhofer IKTS", country="DE")
    partner = make_organisation(name="Aalto University", country="FI")
    make_participation(project=project, organisation=partner)
    make_participation(project=project, organisation=coordinator, role="coordinator")

    response = client.get(project.get_absolute_url())
    page = response.content.decode()

    assert [p.organisation for p in response.context["project"].participations.all()] == [coordinator, partner]
    assert f'<a href="{coordinator.get_absolute_url()}">Fraunhofer IKTS</a>' in page
    assert f'<a href="{partner.get_absolute_url()}">Aalto University</a>' in page
    assert "Germany" in page and "Finland" in page
    assert "Coordinator" in page and "Participant" in page


def test_the_project_page_ends_with_the_eu_funding_notice(client):
    project = make_project(acronym="NOTICE", programme="HORIZON", grant_agreement_number="101000001")
    page = client.get(project.get_absolute_url()).content.decode()
    statement = escape(project.funding_statement)
    assert statement in page
    assert page.index("<h1") < page.index(statement)


def test_topics_link_to_their_news_and_stages_are_listed(client):
    project = make_project()
    project.topics.add(make_topic(name="Battery passport", slug="battery-passport"))
    project.value_chain_stages.add(ValueChainStage.objects.get(slug="cells"))
    page = client.get(project.get_absolute_url()).content.decode()
    assert '<a href="/news/topic/battery-passport/">Battery passport</a>' in page
    assert "Cells" in page


def test_the_project_page_lists_published_news_events_and_documents_with_links(client):
    project = make_project(acronym="ACTIVE", slug="active")
    post = make_published_post(title="Our first results", projects=[project])
    upcoming = make_published_event(title="Final conference", projects=[project])
    past = make_published_event(
        title="Kick-off meeting", projects=[project], starts_at=timezone.now() - timedelta(days=300)
    )
    document = make_document(
        title="Deliverable 2.1", kind="deliverable", projects=[project], status=PublicationStatus.PUBLISHED
    )

    page = client.get(project.get_absolute_url()).content.decode()

    assert f'href="{post.get_absolute_url()}"' in page and "Our first results" in page
    assert f'href="{upcoming.get_absolute_url()}"' in page and f'href="{past.get_absolute_url()}"' in page
    assert page.index("Upcoming events") < page.index("Final conference") < page.index("Past events")
    assert page.index("Past events") < page.index("Kick-off meeting")
    # Documents are linked through the counted download (hub.stats), which sends the visitor on to document.href.
    download = reverse("stats:document-download", args=[document.slug])
    assert f'href="{download}"' in page and "Deliverable 2.1" in page and "Deliverable" in page
    assert '<a href="/news/?project=active">All news of ACTIVE</a>' in page


def test_the_project_page_shows_the_five_latest_news_only(client):
    project = make_project()
    for days in range(7):
        make_published_post(
            title=f"News {days} days old",
            projects=[project],
            published_at=timezone.now() - timedelta(days=days, hours=1),
        )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "News 4 days old" in page
    assert "News 5 days old" not in page


def test_empty_sections_are_left_out(client):
    make_published_post(title="Someone else's news", projects=[make_project()])
    project = make_project()
    page = client.get(project.get_absolute_url()).content.decode()
    for heading in ("Latest news", "Upcoming events", "Past events", "Documents", "Consortium", "All news of"):
        assert heading not in page
    assert "Someone else's news" not in page


def test_unpublished_scheduled_and_rejected_content_never_appears_on_the_project_page(client):
    project = make_project()
    later = timezone.now() + timedelta(days=2)
    hidden = []
    for status in (PublicationStatus.DRAFT, PublicationStatus.SUBMITTED, PublicationStatus.REJECTED):
        hidden += [
            make_post(title=f"Post {status}", status=status, projects=[project]).title,
            make_event(title=f"Event {status}", status=status, projects=[project]).title,
            make_document(title=f"Document {status}", status=status, projects=[project]).title,
        ]
    hidden += [
        make_published_post(title="Scheduled post", published_at=later, projects=[project]).title,
        make_published_event(title="Scheduled event", published_at=later, projects=[project]).title,
        make_document(
            title="Scheduled document", status=PublicationStatus.PUBLISHED, published_at=later, projects=[project]
        ).title,
        make_document(
            title="Document of a draft post",
            status=PublicationStatus.PUBLISHED,
            post=make_post(),
            projects=[project],
        ).title,
    ]

    page = client.get(project.get_absolute_url()).content.decode()

    for title in hidden:
        assert title not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_project_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    project = make_rich_project()
    for n in range(size):
        make_participation(project=project)
        project.topics.add(make_topic())
        make_published_post(projects=[project])
        make_published_event(projects=[project])
        make_published_event(projects=[project], starts_at=timezone.now() - timedelta(days=n + 10))
        make_document(projects=[project], status=PublicationStatus.PUBLISHED)
    # 10: the page's own 8, and the project's public deliverables and publications (hub.results).
    with django_assert_max_num_queries(10):
        assert client.get(project.get_absolute_url()).status_code == 200


def _tiny_png():
    from django.core.files.base import ContentFile

    return ContentFile(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
