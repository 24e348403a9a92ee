"""Staff keep every project's register in the back office."""

import pytest
from django.urls import reverse

from hub.results.tests.factories import make_deliverable, make_publication, make_sensitive_deliverable

pytestmark = pytest.mark.django_db


def test_staff_find_deliverables_by_number_and_filter_sensitive_ones(staff_client):
    make_deliverable(number="D7.3", title="Open report")
    make_sensitive_deliverable(number="D7.4")
    changelist = reverse("admin:results_deliverable_changelist")
    assert "Open report" in staff_client.get(changelist, {"q": "D7.3"}).content.decode()
    page = staff_client.get(changelist, {"dissemination__exact": "SEN"}).content.decode()
    assert "Confidential cathode recipe" in page and "Open report" not in page


def test_staff_list_publications_with_their_projects(staff_client):
    for _ in range(5):
        make_publication(title="Lithium paper")
    response = staff_client.get(reverse("admin:results_publication_changelist"), {"q": "lithium"})
    assert response.status_code == 200 and response.content.decode().count("Lithium paper") >= 5


def test_a_deliverable_saved_in_the_admin_gets_its_due_date(staff_client):
    deliverable = make_deliverable(due_month=1)
    url = reverse("admin:results_deliverable_change", args=[deliverable.pk])
    page = staff_client.get(url).content.decode()
    assert "31 January 2023" in page or "Jan. 31, 2023" in page
