"""Static files as production serves them: fingerprinted, compressed, cached for good."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(django_settings.BASE_DIR) / "templates"
YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """collectstatic with production's storage into a fresh folder (once: compressing takes a while),
    served by WhiteNoise as in production."""
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=storages, WHITENOISE_MAX_AGE=3600):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_pages_reference_fingerprinted_files_served_with_a_long_immutable_cache(client, collected_static):
    html = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page should link the hashed copy of site.css"

    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="br, gzip")

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= YEAR
    assert response["Content-Encoding"] == "br"  # the Brotli copy made by collectstatic


def test_a_plain_file_name_is_cached_for_an_hour_only(client, collected_static):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=3600, public"


def test_templates_reach_static_files_only_through_the_static_tag():
    literal = re.compile(r"""(?:src|href)=["']/static/""")
    offenders = [str(path) for path in TEMPLATES_DIR.rglob("*.html") if literal.search(path.read_text())]

    assert offenders == []
