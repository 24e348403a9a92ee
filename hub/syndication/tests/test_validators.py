"""A feed address must be an http(s) address of a public web server: the hub never calls its own network."""

import socket

import pytest
from django.core.exceptions import ValidationError

from hub.syndication.validators import validate_feed_url


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.HUB_FEEDS_ALLOW_PRIVATE_HOSTS = False


@pytest.fixture
def fake_dns(monkeypatch):
    """Resolve a few made-up names without the network."""
    names = {"news.example.eu": "93.184.215.14", "intranet.example.eu": "10.1.2.3", "dual.example.eu": "192.168.0.9"}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "nowhere.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host not in names:
            return real(host, port, *args, **kwargs)
        answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        if host == "dual.example.eu":  # one public and one private address: refused
            answers.insert(0, (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)))
        return answers

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/feed/",
        "http://localhost/feed/",
        "http://[::1]/feed/",
        "http://[::ffff:127.0.0.1]/feed/",
        "http://10.0.0.1/rss",
        "http://192.168.1.20/rss",
        "http://172.16.0.1/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://intranet.example.eu/rss",
        "http://dual.example.eu/rss",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(production, fake_dns, url):
    with pytest.raises(ValidationError, match="not a public web server"):
        validate_feed_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example.eu/rss",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://news.example.eu/",
        "http:///x",
    ],
)
def test_only_http_and_https_addresses_are_accepted(production, fake_dns, url):
    with pytest.raises(ValidationError, match="starting with https://"):
        validate_feed_url(url)


def test_an_address_with_credentials_is_refused(production, fake_dns):
    with pytest.raises(ValidationError, match="user name or password"):
        validate_feed_url("https://me:secret@news.example.eu/rss")


def test_an_unknown_host_is_refused(production, fake_dns):
    with pytest.raises(ValidationError, match="cannot be found"):
        validate_feed_url("https://nowhere.invalid/rss")


@pytest.mark.parametrize("url", ["https://news.example.eu/rss", "http://93.184.215.14:8080/feed.xml"])
def test_a_public_web_server_is_accepted(production, fake_dns, url):
    validate_feed_url(url)


@pytest.mark.parametrize("switch", ["DEBUG", "HUB_FEEDS_ALLOW_PRIVATE_HOSTS"])
def test_private_addresses_are_allowed_in_development_and_tests(production, settings, switch):
    setattr(settings, switch, True)

    validate_feed_url("http://127.0.0.1:8000/feed/")
