"""Fetching a record from CORDIS by grant number (the network is mocked)."""

import io
import urllib.error
from unittest import mock

import pytest

from hub.cordis.fetch import fetch_project_xml
from hub.cordis.records import CordisError

from .samples import GRANT, sample

URLOPEN = "hub.cordis.fetch.urllib.request.urlopen"


def answering(content: bytes):
    response = mock.MagicMock()
    response.__enter__.return_value = io.BytesIO(content)
    return response


def test_the_record_is_fetched_from_the_configured_address_with_a_timeout(settings):
    settings.HUB_CORDIS_URL = "https://cordis.example.eu/project/id/{grant}?format=xml"
    settings.HUB_CORDIS_TIMEOUT = 4
    with mock.patch(URLOPEN, return_value=answering(sample("project_101091234.xml"))) as urlopen:
        content = fetch_project_xml(GRANT)

    assert content.startswith(b"<?xml")
    request = urlopen.call_args.args[0]
    assert request.full_url == f"https://cordis.example.eu/project/id/{GRANT}?format=xml"
    assert urlopen.call_args.kwargs["timeout"] == 4


@pytest.mark.parametrize(
    "failure", [urllib.error.URLError("Name or service not known"), TimeoutError("timed out"), ConnectionResetError()]
)
def test_an_unreachable_cordis_gives_a_clear_message(failure):
    with mock.patch(URLOPEN, side_effect=failure), pytest.raises(CordisError, match="CORDIS could not be reached"):
        fetch_project_xml(GRANT)


def test_an_unknown_grant_number_says_so():
    not_found = urllib.error.HTTPError("https://x", 404, "Not Found", {}, None)
    with mock.patch(URLOPEN, side_effect=not_found), pytest.raises(CordisError, match="CORDIS has no project"):
        fetch_project_xml(GRANT)


def test_something_that_is_not_a_grant_number_is_refused_before_any_request():
    with mock.patch(URLOPEN) as urlopen, pytest.raises(CordisError, match="not a grant agreement number"):
        fetch_project_xml("../../etc/passwd")
    urlopen.assert_not_called()
