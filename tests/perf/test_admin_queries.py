"""The back office's big change lists (posts, events, members, organisations, projects, documents) run the
same number of queries with 3 or 15 rows per kind, and an unfiltered list does not count the whole table
twice: what keeps them usable at 100,000 rows."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.pagination import EstimatedCountPaginator
from hub.core.tests.admin_helpers import admin_url, login_verified
from hub.core.tests.factories import make_staff
from hub.documents.models import Document
from hub.events.models import Event, Session
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project

from .content import grow, make_focus

SMALL, LARGE = 3, 15

# Model -> the most queries its change list may run (session, user, permissions and filters included).
CHANGELISTS = {
    Post: 10,
    Event: 10,
    Session: 5,
    Document: 11,
    User: 8,
    Organisation: 5,
    Membership: 8,
    Project: 10,
    Participation: 5,
}


@pytest.fixture
def superuser_client(client, db):
    return login_verified(client, make_staff(email="admin@example.org", is_superuser=True))


def changelist_queries(client, model, limit, assert_max, query="") -> tuple[int, list[str]]:
    caches["default"].clear()
    # On PostgreSQL an unfiltered list first reads the planner's row estimate (EstimatedCountPaginator).
    estimate = 1 if connection.vendor == "postgresql" else 0
    with assert_max(limit + estimate) as captured:
        response = client.get(admin_url(model, "changelist") + query)
    assert response.status_code == 200, f"{model.__name__} change list answered {response.status_code}"
    return len(captured), [entry["sql"] for entry in captured.captured_queries]


def test_admin_change_lists_run_the_same_queries_whatever_the_number_of_rows(
    superuser_client, django_assert_max_num_queries
):
    focus = make_focus()
    grow(focus, SMALL)
    small = {model: changelist_queries(superuser_client, model, limit, django_assert_max_num_queries)[0]
             for model, limit in CHANGELISTS.items()}  # fmt: skip
    grow(focus, LARGE - SMALL)
    large = {model: changelist_queries(superuser_client, model, limit, django_assert_max_num_queries)[0]
             for model, limit in CHANGELISTS.items()}  # fmt: skip
    assert [f"{m.__name__}: {small[m]} -> {large[m]}" for m in CHANGELISTS if small[m] != large[m]] == []


@pytest.mark.parametrize("model", [Post, Event, User, Organisation, Project, Document])
def test_an_unfiltered_change_list_counts_its_table_at_most_once(superuser_client, model):
    grow(make_focus(), SMALL)
    _, queries = changelist_queries(superuser_client, model, 20, lambda limit: CaptureQueriesContext(connection))
    table = model._meta.db_table
    counts = [sql for sql in queries if "COUNT(" in sql.upper() and f'FROM "{table}"' in sql and "WHERE" not in sql]
    assert len(counts) <= 1, counts


@pytest.mark.parametrize("model", [Post, User])
def test_a_big_unfiltered_change_list_shows_the_estimated_size(superuser_client, model, monkeypatch):
    monkeypatch.setattr("hub.core.pagination.estimated_row_count", lambda model, using: 123_456)
    grow(make_focus(), 1)
    response = superuser_client.get(admin_url(model, "changelist"))
    assert isinstance(response.context["cl"].paginator, EstimatedCountPaginator)
    assert response.context["cl"].result_count == 123_456
    # A search narrows the list: it is counted exactly.
    searched = superuser_client.get(admin_url(model, "changelist") + "?q=Focus")
    assert searched.context["cl"].result_count < 123_456
