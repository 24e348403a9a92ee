"""The "who works on what" page: the project matrix and the organisations by country."""

import re

import pytest

from hub.core.tests.factories import make_organisation, make_participation, make_project, make_topic
from hub.projects.models import ValueChainStage

pytestmark = pytest.mark.django_db

URL = "/projects/landscape/"


def make_landscape(size: int):
    """``size`` projects, each with a topic, a stage and two partners in two countries."""
    topics = [make_topic(name=f"Topic {n}") for n in range(3)]
    stages = list(ValueChainStage.objects.all())
    for n in range(size):
        project = make_project(acronym=f"P{n:03}")
        project.topics.add(topics[n % 3])
        project.value_chain_stages.add(stages[n % len(stages)])
        make_participation(project=project, organisation=make_organisation(country="DE"), role="coordinator")
        make_participation(project=project, organisation=make_organisation(country="FI"))


def test_the_matrix_marks_what_each_project_works_on(client):
    recycling, mining = make_topic(name="Recycling"), make_topic(name="Mining")
    stage = ValueChainStage.objects.first()
    brine = make_project(acronym="BRINE", full_title="Lithium from brines")
    brine.topics.add(recycling)
    brine.value_chain_stages.add(stage)
    make_project(acronym="ORE").topics.add(mining)

    page = client.get(URL).content.decode()

    assert "<h1>Who works on what</h1>" in page
    assert '<caption id="matrix-caption">Member projects (rows) against topics and value-chain stages' in page
    assert f'<th scope="col"><a href="{recycling.get_absolute_url()}">Recycling</a></th>' in page
    assert f'<th scope="col">{stage.name}</th>' in page
    row_header = f'<th scope="row"><a href="{brine.get_absolute_url()}" title="Lithium from brines">BRINE</a></th>'
    brine_row = re.search(re.escape(row_header) + "(.*?)</tr>", page, re.S)
    cells = re.findall(r'<span class="visually-hidden">(yes|no)</span>', brine_row.group(1))
    columns = 2 + ValueChainStage.objects.count()  # Mining, Recycling, then the stages
    assert len(cells) == columns and cells.count("yes") == 2
    assert cells[:2] == ["no", "yes"]  # topics in name order: Mining, Recycling


def test_organisations_are_listed_by_country_with_their_project_counts(client):
    freiberg = make_organisation(name="TU Bergakademie Freiberg", country="DE")
    for acronym in ("BRINE", "ORE"):
        make_participation(project=make_project(acronym=acronym), organisation=freiberg)
    make_participation(organisation=make_organisation(name="GTK", country="FI"))
    make_organisation(name="No projects yet", country="FR")

    page = client.get(URL).content.decode()

    assert 'id="country-DE" class="h5">Germany <span' in page
    assert 'TU Bergakademie Freiberg</a> <span class="text-body-secondary">· Other · 2 projects</span>' in page
    assert "No projects yet" not in page and "France" not in page
    assert page.index('id="country-FI"') < page.index('id="country-DE"')  # by country name


def test_the_country_chart_is_an_svg_drawn_on_the_server_with_the_same_figures_as_a_table(client):
    make_landscape(2)

    page = client.get(URL).content.decode()

    assert '<svg viewBox="0 0 640' in page and 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">Member projects with a partner in each country</title>' in page
    assert "2 projects, 2 organisations</text>" in page
    assert '<th scope="row">Germany</th><td>2</td><td>2</td>' in page
    assert not re.search(r'(src|href)="https?://', page.split("<main", 1)[1])  # no third-party tiles or scripts


def test_an_empty_hub_shows_a_sentence_not_an_empty_table(client):
    page = client.get(URL).content.decode()

    assert "No member projects are listed yet." in page and "No consortium is listed yet." in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_takes_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    make_landscape(size)

    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200 and response.content.decode().count('scope="row"><a') == size


def test_the_page_is_linked_from_the_project_list_the_home_page_and_the_sitemap(client):
    for url in ("/projects/", "/"):
        assert f'href="{URL}"' in client.get(url).content.decode()
    assert f"{URL}</loc>" in client.get("/sitemap-pages.xml").content.decode()
