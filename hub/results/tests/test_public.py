"""Visitors see public, delivered deliverables and publications: on project pages, the results page,
the API, the sitemap and the search. Sensitive deliverables appear nowhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.core.tests.factories import make_project, make_topic
from hub.projects.models import ValueChainStage
from hub.results.models import Deliverable
from hub.results.tests.factories import make_deliverable, make_publication, make_sensitive_deliverable
from hub.search.selectors import search

pytestmark = pytest.mark.django_db
RESULTS = reverse("results:result-list")
SECRET = "Confidential cathode recipe"


@pytest.fixture
def project():
    project = make_project(acronym="LIBRA", slug="libra")
    make_deliverable(project=project, title="Open pilot report")
    make_sensitive_deliverable(project=project)
    make_publication(projects=[project], title="Brines in Europe")
    return project


def test_the_project_page_lists_public_items_and_links_the_results_page(client, project):
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Open pilot report" in page and "Brines in Europe" in page
    assert SECRET not in page
    assert f"{RESULTS}?project=libra" in page


def test_the_results_page_never_shows_sensitive_or_planned_deliverables(client, project):
    make_deliverable(project=project, title="Not yet written", status=Deliverable.Status.PLANNED)
    page = client.get(RESULTS).content.decode()
    assert "Open pilot report" in page and "Brines in Europe" in page
    assert SECRET not in page and "Not yet written" not in page


def test_the_api_lists_only_public_deliverables(client, project):
    sensitive = Deliverable.objects.get(title=SECRET)
    listed = client.get("/api/deliverables/").json()
    assert [item["title"] for item in listed["results"]] == ["Open pilot report"]
    assert client.get(f"/api/deliverables/{sensitive.pk}/").status_code == 404
    assert SECRET not in client.get("/api/publications/").content.decode()
    assert client.get("/api/publications/").json()["results"][0]["doi"].startswith("10.5281/")


def test_the_sitemap_lists_the_results_page_and_no_sensitive_deliverable(client, project):
    sitemap = client.get("/sitemap-results.xml").content.decode()
    assert f"http://testserver{RESULTS}" in sitemap
    assert SECRET not in sitemap and "zenodo.example.org" not in sitemap


def test_search_finds_public_deliverables_but_never_sensitive_ones(live_search_index):
    project = make_project()
    make_deliverable(project=project, title="Cathode pilot report")
    make_sensitive_deliverable(project=project, title="Cathode secret recipe")
    make_publication(projects=[project], title="Cathode ageing study")
    titles = [entry.title for entry in search("cathode").entries]
    assert any("Cathode pilot report" in title for title in titles)
    assert "Cathode ageing study" in titles
    assert not any("secret" in title for title in titles)


def test_a_deliverable_made_sensitive_leaves_the_search_index(live_search_index):
    deliverable = make_deliverable(title="Anode pilot report")
    deliverable.dissemination = Deliverable.Dissemination.SENSITIVE
    deliverable.save()
    assert [entry.title for entry in search("anode").entries] == []


def test_filters_combine(client):
    topic, stage = make_topic(slug="recycling"), ValueChainStage.objects.create(name="Refining", slug="refining-x")
    tagged = make_project(slug="tagged")
    tagged.topics.add(topic)
    tagged.value_chain_stages.add(stage)
    make_deliverable(project=tagged, title="Tagged report", due_month=6)  # due 2023
    make_deliverable(project=tagged, title="Tagged data", type=Deliverable.Type.DATA, due_month=18)  # 2024
    make_deliverable(project=make_project(), title="Untagged report")
    make_publication(projects=[tagged], title="Tagged paper", year=2024)
    make_publication(title="Untagged paper", year=2024)

    def shown(**query):
        page = client.get(RESULTS, query).content.decode()
        names = ["Tagged report", "Tagged data", "Untagged report", "Tagged paper", "Untagged paper"]
        return {name for name in names if name in page}

    assert shown(topic="recycling") == {"Tagged report", "Tagged data", "Tagged paper"}
    assert shown(stage="refining-x", year="2024") == {"Tagged data", "Tagged paper"}
    assert shown(project="tagged", type="DATA") == {"Tagged data"}
    assert shown(type="publication", year="2024") == {"Tagged paper", "Untagged paper"}
    assert shown(year="not-a-year") == shown()  # a bad value is ignored, not an error


def test_the_filter_form_has_labels(client):
    page = client.get(RESULTS).content.decode()
    for field in ("project", "topic", "stage", "type", "year"):
        assert f'for="id_{field}"' in page


def test_results_page_and_project_page_queries_do_not_grow_with_the_register(client):
    project = make_project(slug="big")

    def add(n):
        for _ in range(n):
            make_deliverable(project=project)
            make_publication(projects=[project, make_project()])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    small = (count(RESULTS), count(project.get_absolute_url()))
    add(15)
    assert (count(RESULTS), count(project.get_absolute_url())) == small


def test_pages_of_results_keep_the_filters(client):
    project = make_project(slug="many")
    for _ in range(25):
        make_deliverable(project=project)
    page = client.get(RESULTS, {"project": "many"}).content.decode()
    assert "project=many&amp;page=2" in page
    assert "Page 2 of 2" in client.get(RESULTS, {"project": "many", "page": "2"}).content.decode()


def test_a_new_deliverable_shows_at_once_on_a_cached_project_page(client, page_cache):
    project = make_project()
    assert "Fresh report" not in client.get(project.get_absolute_url()).content.decode()
    make_deliverable(project=project, title="Fresh report")
    assert "Fresh report" in client.get(project.get_absolute_url()).content.decode()
    assert "Fresh report" in client.get(RESULTS).content.decode()
