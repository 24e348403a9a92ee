from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_event,
    make_membership,
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_session,
    make_session_role,
    make_user,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/organisations/"

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_public_person(**fields):
    fields.setdefault("public_profile", True)
    return make_user(**fields)


def make_member_organisation(*, projects=2, people=2, **fields):
    """An organisation in ``projects`` projects, with ``people`` public profiles."""
    organisation = make_organisation(**fields)
    for _ in range(projects):
        make_participation(organisation=organisation, project=make_project())
    for _ in range(people):
        make_public_person(organisation=organisation)
    return organisation


def names(response):
    return {organisation.name for organisation in response.context["organisation_list"]}


def main_html(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


# Pages answer anonymous visitors


def test_organisation_list_answers_anonymous_visitors_without_setting_cookies(client):
    make_member_organisation()
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert not response.cookies


def test_organisation_page_answers_anonymous_visitors_without_setting_cookies(client):
    organisation = make_member_organisation()
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


def test_a_public_profile_answers_anonymous_visitors_without_setting_cookies(client):
    person = make_public_person(full_name="Ana Lopes")
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("url", ["/organisations/no-such-organisation/", "/people/no-such-person/"])
def test_unknown_addresses_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["list", "organisation", "person"])
def test_member_pages_have_one_h1_and_no_inline_styles_or_scripts(client, page):
    organisation = make_member_organisation()
    person = make_public_person(organisation=organisation, bio="Hello.")
    url = {"list": LIST_URL, "organisation": organisation.get_absolute_url(), "person": person.get_absolute_url()}
    html = main_html(client.get(url[page]))
    assert html.count("<h1") == 1
    assert "style=" not in html
    assert "<script" not in html


# The organisation directory


def test_the_directory_shows_each_organisation_with_its_kind_place_and_project_count(client):
    organisation = make_organisation(name="Université de Liège", short_name="ULiège", kind="HES", city="Liège")
    for _ in range(3):
        make_participation(organisation=organisation)
    make_organisation(name="Idle Ltd", kind="PRC", country="FI")

    response = client.get(LIST_URL)
    page = response.content.decode()

    counts = {o.name: o.project_count for o in response.context["organisation_list"]}
    assert counts == {"Université de Liège": 3, "Idle Ltd": 0}
    assert escape("Université de Liège") in page and "ULiège" in page
    assert "Higher or secondary education" in page and "Belgium" in page and "Liège" in page


def test_the_country_filter_offers_only_countries_that_occur(client):
    make_organisation(country="BE")
    make_organisation(country="FI")
    make_organisation(country="")
    choices = dict(client.get(LIST_URL).context["filter_form"].fields["country"].choices)
    assert set(choices) == {"", "BE", "FI"}
    assert choices["FI"] == "Finland"


def test_the_filter_form_has_a_label_for_every_field_and_a_way_to_clear_it(client):
    page = client.get(LIST_URL).content.decode()
    assert '<label for="id_country"' in page and '<label for="id_kind"' in page
    assert 'type="submit"' in page and "Clear filters" in page


def test_the_directory_filters_by_country(client):
    make_organisation(name="Belgian", country="BE")
    make_organisation(name="Finnish", country="FI")
    assert names(client.get(LIST_URL, {"country": "FI"})) == {"Finnish"}


def test_the_directory_filters_by_kind(client):
    make_organisation(name="Lab", kind="REC")
    make_organisation(name="Company", kind="PRC")
    assert names(client.get(LIST_URL, {"kind": "REC"})) == {"Lab"}


def test_organisation_filters_combine(client):
    make_organisation(name="Finnish lab", kind="REC", country="FI")
    make_organisation(name="Belgian lab", kind="REC", country="BE")
    make_organisation(name="Finnish company", kind="PRC", country="FI")
    response = client.get(LIST_URL, {"kind": "REC", "country": "FI"})
    assert names(response) == {"Finnish lab"}
    assert "1 organisation matches the filters" in response.content.decode()


@pytest.mark.parametrize("params", [{"country": "XX"}, {"country": "DE"}, {"kind": "ZZZ"}, {"kind": ["a", "b"]}])
def test_invalid_organisation_filters_are_ignored(client, params):
    make_organisation(name="One", country="BE")
    make_organisation(name="Two", country="FI")
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert names(response) == {"One", "Two"}


def test_organisation_page_links_keep_the_filters_and_a_page_past_the_last_is_not_found(client):
    for _ in range(13):
        make_organisation(country="FI", kind="REC")
    make_organisation(country="BE", kind="REC")

    first = client.get(LIST_URL, {"country": "FI"})
    second = client.get(LIST_URL, {"country": "FI", "page": 2})

    assert len(first.context["organisation_list"]) == 12
    assert "?country=FI&amp;page=2" in first.content.decode()
    assert len(second.context["organisation_list"]) == 1
    assert client.get(LIST_URL, {"country": "FI", "page": 3}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_organisation_directory_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_member_organisation(kind="REC")
    with django_assert_max_num_queries(3):
        assert client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(3):
        response = client.get(LIST_URL, {"country": "BE", "kind": "REC"})
    assert len(response.context["organisation_list"]) == min(size, 12)


# The organisation page


def test_the_organisation_page_shows_its_record_and_projects_with_role_and_status(client):
    organisation = make_organisation(
        name="Chalmers University of Technology",
        short_name="Chalmers",
        kind="HES",
        country="SE",
        city="Gothenburg",
        website="https://www.chalmers.example/",
        description="A technical university.\n\nIn Sweden.",
    )
    organisation.logo.save("logo.png", ContentFile(TINY_PNG), save=True)
    project = make_project(acronym="NEMO", full_title="Near-zero-waste recycling")
    make_participation(project=project, organisation=organisation, role="coordinator")

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert "Chalmers University of Technology</h1>" in page
    assert "Higher or secondary education" in page and "Sweden" in page and "Gothenburg" in page
    assert 'href="https://www.chalmers.example/"' in page
    assert 'alt="Chalmers logo"' in page
    assert "<p>A technical university.</p>" in page
    assert f'<a href="{project.get_absolute_url()}">NEMO</a>' in page
    assert "Near-zero-waste recycling" in page and "Coordinator" in page and "Ongoing" in page
    assert escape(project.funding_statement) in page


def test_the_organisation_page_links_only_people_with_a_public_profile(client):
    organisation = make_organisation()
    shown = make_public_person(full_name="Shown Person", organisation=organisation)
    make_user(full_name="Private Person", organisation=organisation)
    make_public_person(full_name="Former Person", organisation=organisation, is_active=False)

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert f'<a href="{shown.get_absolute_url()}">Shown Person</a>' in page
    assert "Private Person" not in page and "Former Person" not in page
    assert "/people/" not in page.replace(shown.get_absolute_url(), "")


@pytest.mark.parametrize("size", [3, 30])
def test_the_organisation_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    organisation = make_member_organisation(projects=size, people=size)
    with django_assert_max_num_queries(3):
        assert client.get(organisation.get_absolute_url()).status_code == 200


# People


def test_a_private_profile_is_not_found(client):
    person = make_user(full_name="Private Person")
    person.slug = "private-person"
    person.save()
    assert client.get("/people/private-person/").status_code == 404


def test_an_inactive_members_profile_is_not_found(client):
    person = make_public_person(full_name="Gone Person", is_active=False)
    assert client.get(f"/people/{person.slug}/").status_code == 404


def test_a_profile_shows_name_job_organisation_bio_and_photo_but_never_the_email(client):
    organisation = make_organisation(name="SINTEF")
    person = make_public_person(
        full_name="Ana Lopes",
        email="ana.lopes@example.org",
        job_title="Senior researcher",
        organisation=organisation,
        bio="Works on cathodes.\n\nLikes hiking.",
    )
    person.photo.save("ana.png", ContentFile(TINY_PNG), save=True)

    page = client.get(person.get_absolute_url()).content.decode()

    assert "Ana Lopes</h1>" in page
    assert "Senior researcher" in page
    assert f'<a href="{organisation.get_absolute_url()}">SINTEF</a>' in page
    assert "<p>Works on cathodes.</p>" in page and "<p>Likes hiking.</p>" in page
    assert 'alt="Photo of Ana Lopes"' in page
    assert "ana.lopes" not in page and "example.org" not in page


def test_a_profile_lists_the_persons_projects(client):
    person = make_public_person()
    project = make_project(acronym="MEMBERPRJ")
    make_membership(user=person, project=project, role="editor")
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'<a href="{project.get_absolute_url()}" class="fw-semibold">MEMBERPRJ</a>' in page
    assert "Project editor" in page
    assert escape(project.funding_statement) in page


def test_a_profile_lists_agenda_appearances_at_published_events_only(client):
    person = make_public_person()
    public_event = make_published_event(title="Annual meeting 2025")
    make_session_role(session=make_session(event=public_event), person=person, talk_title="Cobalt-free cathodes")
    for title, fields in [
        ("Draft workshop", {"status": PublicationStatus.DRAFT}),
        ("Rejected workshop", {"status": PublicationStatus.REJECTED}),
        ("Scheduled workshop", {"status": PublicationStatus.PUBLISHED, "published_at": timezone.now() + timedelta(1)}),
    ]:
        make_session_role(session=make_session(event=make_event(title=title, **fields)), person=person)

    page = client.get(person.get_absolute_url()).content.decode()

    assert f'href="{public_event.get_absolute_url()}"' in page
    assert "Annual meeting 2025" in page and "Cobalt-free cathodes" in page and "Speaker" in page
    for hidden in ("Draft workshop", "Rejected workshop", "Scheduled workshop"):
        assert hidden not in page


@pytest.mark.parametrize("size", [3, 30])
def test_a_profile_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    person = make_public_person(organisation=make_organisation())
    for _ in range(size):
        make_membership(user=person)
        make_session_role(session=make_session(event=make_published_event()), person=person, project=make_project())
    with django_assert_max_num_queries(3):
        assert client.get(person.get_absolute_url()).status_code == 200
