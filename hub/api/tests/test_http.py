import pytest
import yaml
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

PROJECTS = "/api/projects/"


# Cross-origin reads


def test_any_site_may_read_the_api_from_a_browser(client):
    response = client.get(PROJECTS, headers={"Origin": "https://example.net"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reads_only(client):
    response = client.options(
        PROJECTS, headers={"Origin": "https://example.net", "Access-Control-Request-Method": "GET"}
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_csv_exports_may_be_read_cross_origin_too(client):
    response = client.get(reverse("api:export-projects"), headers={"Origin": "https://example.net"})
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/", "/projects/"])
def test_the_site_itself_is_not_shared_cross_origin(client, url):
    response = client.get(url, headers={"Origin": "https://example.net"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# Rate limit


@pytest.fixture
def three_a_minute(monkeypatch):
    # DRF copies the rates onto the throttle class when it is defined: changing settings would not reach it.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


@pytest.mark.usefixtures("three_a_minute")
def test_a_client_over_its_rate_gets_429_with_a_retry_after(client):
    for _ in range(3):
        assert client.get(PROJECTS).status_code == 200
    response = client.get(PROJECTS)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


@pytest.mark.usefixtures("three_a_minute")
def test_the_rate_counts_per_client(client):
    for _ in range(3):
        client.get(PROJECTS)
    assert client.get(PROJECTS).status_code == 429
    assert client.get(PROJECTS, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_the_csv_exports_share_the_rate_limit(client):
    for _ in range(3):
        client.get(PROJECTS)
    assert client.get(reverse("api:export-events")).status_code == 429


# Schema


EXPECTED_PATHS = {
    *(f"/api/{name}/" for name in ("projects", "organisations", "topics", "events", "posts", "documents")),
    *(f"/api/{name}/{{slug}}/" for name in ("projects", "organisations", "topics", "events", "posts", "documents")),
    *(f"/api/export/{name}.csv" for name in ("projects", "organisations", "events")),
    "/api/search/",
    *(f"/api/{name}/" for name in ("deliverables", "publications")),
    *(f"/api/{name}/{{id}}/" for name in ("deliverables", "publications")),
}


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint(schema):
    validate_schema(schema)  # raises on any departure from the OpenAPI 3.0 specification
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == EXPECTED_PATHS
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_schema_is_also_served_as_json(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200 and response.json()["info"]["title"] == "Cluster Hub API"


def test_the_schema_documents_filters_path_parameters_and_errors(schema):
    def parameters(path):
        return {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}

    events = parameters("/api/events/")
    assert set(events) == {"page", "project", "topic", "kind", "status", "starts_after", "starts_before"}
    assert events["status"]["schema"]["enum"] == ["past", "upcoming"]
    assert events["starts_after"]["schema"]["format"] == "date"
    assert set(parameters("/api/posts/")) >= {"published_after", "published_before", "project", "topic", "kind"}
    assert parameters("/api/projects/")["status"]["schema"]["enum"] == ["closed", "ongoing", "upcoming"]
    slug = parameters("/api/projects/{slug}/")["slug"]
    assert slug["in"] == "path" and slug["required"] and slug["schema"]["type"] == "string"
    assert set(schema["paths"]["/api/posts/"]["get"]["responses"]) == {"200", "400", "404"}
    assert set(schema["paths"]["/api/posts/{slug}/"]["get"]["responses"]) == {"200", "404"}
    assert "text/csv" in schema["paths"]["/api/export/events.csv"]["get"]["responses"]["200"]["content"]


def test_the_schema_never_mentions_the_online_link(schema):
    assert "online_url" not in yaml.safe_dump(schema)
    assert "online_url" not in schema["components"]["schemas"]["Event"]["properties"]
