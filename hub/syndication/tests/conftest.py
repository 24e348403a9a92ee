"""A real HTTP server on 127.0.0.1 serving test feeds: good RSS and Atom, and every way a feed can go wrong."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>ALPHA project news</title>
    <link>https://alpha.example.eu/</link>
    <description>News of the ALPHA project</description>
    <item>
      <title>Pilot plant &amp; first black mass</title>
      <link>https://alpha.example.eu/news/pilot-plant</link>
      <guid isPermaLink="false">alpha-news-2</guid>
      <pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate>
      <description><![CDATA[<p>Our <strong>pilot plant</strong> produced its first black mass.</p>
        <script>alert("stolen")</script><img src="x" onerror="alert(1)">]]></description>
    </item>
    <item>
      <title>Kick-off meeting</title>
      <link>https://alpha.example.eu/news/kick-off</link>
      <guid isPermaLink="false">alpha-news-1</guid>
      <pubDate>Mon, 03 Feb 2025 09:00:00 GMT</pubDate>
      <description>The consortium met in Brussels.</description>
    </item>
  </channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>BETA news</title>
  <link href="https://beta.example.eu/"/>
  <id>urn:uuid:beta-feed</id>
  <updated>2025-05-01T10:00:00Z</updated>
  <entry>
    <title type="html">Lithium from &lt;em&gt;geothermal&lt;/em&gt; brines</title>
    <link rel="alternate" href="https://beta.example.eu/2025/05/brines"/>
    <id>urn:uuid:beta-entry-1</id>
    <updated>2025-05-01T10:00:00Z</updated>
    <summary type="html">&lt;p&gt;Direct lithium extraction tested on site.&lt;/p&gt;</summary>
  </entry>
</feed>
"""

MALFORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>Unclosed</channel></rss>"""
NOT_A_FEED = b"<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
ETAG = '"rss-v1"'


@dataclass
class FeedServer:
    base: str
    # Path -> (status, headers, body) or a callable taking the request handler.
    routes: dict
    requests: list = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _send(handler, status: int, body: bytes = b"", headers: dict | None = None, *, length: bool = True):
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _rss_with_etag(handler):
    if handler.headers.get("If-None-Match") == ETAG:
        _send(handler, 304, headers={"ETag": ETAG})
    else:
        _send(handler, 200, RSS, {"Content-Type": "application/rss+xml", "ETag": ETAG})


def _slow(handler):
    time.sleep(0.6)
    _send(handler, 200, RSS, {"Content-Type": "application/rss+xml"})


def _drip(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    for byte in RSS[:40]:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.03)


def _routes(server: FeedServer, port: int) -> dict:
    xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
    return {
        "/rss.xml": _rss_with_etag,
        "/rss-plain.xml": (200, xml, RSS),
        "/atom.xml": (200, {"Content-Type": "application/atom+xml"}, ATOM),
        "/malformed.xml": (200, xml, MALFORMED),
        "/not-a-feed/": (200, {"Content-Type": "text/html"}, NOT_A_FEED),
        "/slow.xml": _slow,
        "/drip.xml": _drip,
        "/big.xml": lambda handler: _send(handler, 200, RSS + b" " * 5000, xml, length=False),
        "/big-declared.xml": (200, xml, RSS + b" " * 5000),
        "/error.xml": (500, {"Content-Type": "text/plain"}, b"Internal Server Error"),
        "/moved.xml": (302, {"Location": "/rss-plain.xml"}, b""),
        "/away.xml": (302, {"Location": f"http://localhost:{port}/rss-plain.xml"}, b""),
        "/elsewhere.xml": (301, {"Location": "http://feeds.invalid/rss.xml"}, b""),
    }


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow or huge answer: expected here


@pytest.fixture
def feed_server():
    """Serves the test feeds on 127.0.0.1 at a free port; ``routes`` may be changed by a test."""
    holder = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            server = holder["server"]
            server.requests.append((self.path, dict(self.headers)))
            route = server.routes.get(self.path)
            if route is None:
                _send(self, 404, b"Not found")
            elif callable(route):
                route(self)
            else:
                _send(self, route[0], route[2], route[1])

        def log_message(self, *args):  # keep the test output clean
            pass

    httpd = QuietServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    server = FeedServer(base=f"http://127.0.0.1:{port}", routes={})
    server.routes = _routes(server, port)
    holder["server"] = server
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def feeds_from_this_machine(settings):
    """The test feeds live on 127.0.0.1, which production refuses; a short time limit keeps a hang short."""
    settings.HUB_FEEDS_ALLOW_PRIVATE_HOSTS = True
    settings.HUB_FEED_TIMEOUT = 2
