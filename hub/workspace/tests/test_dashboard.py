import pytest

from hub.core.tests.factories import make_membership

pytestmark = pytest.mark.django_db


def test_the_workspace_sends_anonymous_visitors_to_login(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")


def test_a_partner_sees_their_projects_on_the_dashboard(client):
    membership = make_membership()
    client.force_login(membership.user)

    response = client.get("/workspace/")

    assert response.status_code == 200
    assert membership.project.acronym in response.content.decode()
