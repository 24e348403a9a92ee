import pytest
from django.urls import reverse

from .content import make_public_content

pytestmark = pytest.mark.django_db

# Queries per page, whatever its length: the count, the rows, then one per prefetched relation.
MAX_QUERIES = {
    "api:project-list": 5,  # topics, value-chain stages, participations with their organisations
    "api:organisation-list": 3,  # projects
    "api:topic-list": 2,
    "api:event-list": 7,  # projects, topics, sessions, their people (with organisation and project), their projects
    "api:post-list": 4,  # projects, topics (the author is joined)
    "api:document-list": 4,  # projects, topics (event and post are joined)
    "api:export-projects": 3,  # no count: the rows, topics, participations
    "api:export-organisations": 1,  # the project count is an annotation
    "api:export-events": 2,  # the rows, organising projects
}


def fetch(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)  # the queries run while the CSV streams


@pytest.mark.parametrize("url_name", MAX_QUERIES)
def test_a_list_runs_the_same_number_of_queries_for_few_or_many_items(client, django_assert_max_num_queries, url_name):
    counts = []
    for size in (2, 8):
        make_public_content(size)
        with django_assert_max_num_queries(MAX_QUERIES[url_name]) as queries:
            fetch(client, url_name)
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["project", "organisation", "event", "post", "document"])
def test_a_detail_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, name):
    for size in (1, 5):
        url = reverse(f"api:{name}-detail", kwargs={"slug": make_public_content(size)[name].slug})
        with django_assert_max_num_queries(MAX_QUERIES[f"api:{name}-list"] - 1):
            assert client.get(url).status_code == 200
