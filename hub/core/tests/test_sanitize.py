import pytest

from hub.core.sanitize import sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example/"><input name="q"></form>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
]
FORBIDDEN = ["<script", "onerror", "javascript:", "<iframe", "<style", "<form", "data:", "style="]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_is_removed(payload):
    cleaned = sanitize_html(payload).lower()
    for needle in FORBIDDEN:
        assert needle not in cleaned


@pytest.mark.parametrize("payload", [*PAYLOADS, "<p>Plain <strong>text</strong></p>", ""])
def test_sanitising_twice_changes_nothing(payload):
    once = sanitize_html(payload)
    assert sanitize_html(once) == once


def test_harmless_formatting_and_links_stay_and_links_get_rel():
    cleaned = sanitize_html('<h2>Results</h2><p>See <a href="https://example.org/">our site</a>.</p>')
    assert "<h2>Results</h2>" in cleaned
    assert 'href="https://example.org/"' in cleaned
    assert 'rel="nofollow noopener"' in cleaned


@pytest.mark.parametrize("src", ["https://tracker.example/pixel.gif", "//tracker.example/p.gif", "http://x/y.png"])
def test_images_from_other_hosts_lose_their_source(src):
    assert "tracker" not in sanitize_html(f'<img src="{src}" alt="x">')
    assert "src=" not in sanitize_html(f'<img src="{src}" alt="x">')


def test_images_served_by_the_portal_keep_their_source():
    assert 'src="/media/posts/chart.png"' in sanitize_html('<img src="/media/posts/chart.png" alt="Chart">')
