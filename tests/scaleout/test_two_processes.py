"""Two app processes, one PostgreSQL and one Redis: what one publishes, the other shows at once.

Starts two gunicorn instances (deploy/gunicorn.conf.py, production settings) on free ports of
127.0.0.1, sharing the test database and a Redis database of their own. Instance B caches the
news list for anonymous visitors; staff publish a post through instance A's moderation queue;
B's very next answer shows the post. Needs PostgreSQL (DATABASE_URL) and Redis on
127.0.0.1:6379 (HUB_TEST_REDIS_URL to use another); skipped otherwise.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_post, make_published_post, make_staff

from .settings_loader import load_settings

# Committed rows, so the servers see them; serialized_rollback restores the migrations' own rows
# (groups, page texts) that the flush after a transactional test would remove for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("HUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
START_TIMEOUT = 40


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({error}); start redis-server to run this test.")
    client.flushdb()  # this database is the test's own: no page or version left from an earlier run


def database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class App:
    """One gunicorn instance of the portal, and a tiny HTTP client that keeps its own cookies."""

    def __init__(self, name: str, environ: dict, log_dir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.cookies: dict[str, str] = {}
        self.log = log_dir / f"gunicorn-{name}.log"
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
        environ = {**environ, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"}
        with self.log.open("wb") as log:
            # Our own interpreter and config file, no shell.
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT
            )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (always http://127.0.0.1)
        if self.cookies:
            # Sent by hand: the production cookies are Secure (and __Host-), which a client keeps for HTTPS only.
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            with NO_REDIRECTS.open(request, timeout=10) as response:
                status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        for header in headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return status, dict(headers), content.decode()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.request("/robots.txt")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"gunicorn on port {self.port} did not start:\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # show the 302 itself


NO_REDIRECTS = urllib.request.build_opener(NoRedirect)


@pytest.fixture
def production_environ(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (set DATABASE_URL): on SQLite two processes would not share the test database.")
    redis_or_skip()
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        # The same key as this process, so both sides read the session it creates.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "HUB_PAGE_CACHE_SECONDS": "300",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    environ.pop("HUB_MEDIA_S3_BUCKET", None)
    # The production static storage needs its manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environ,
        check=True,
        capture_output=True,
    )
    return environ


@pytest.fixture
def two_apps(production_environ, tmp_path):
    apps = [App(name, production_environ, tmp_path) for name in ("a", "b")]
    try:
        for app in apps:
            app.wait_until_up()
        yield apps
    finally:
        for app in apps:
            app.stop()


def staff_session_on(app: App, monkeypatch, production_environ) -> None:
    """Give ``app``'s client a staff session that passed the second factor, stored in the shared database.

    Built as Django's own login builds it (the login form is not what this test is about).
    """
    staff = make_staff(email="editor@example.org", is_superuser=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    if "django_otp" in settings.INSTALLED_APPS:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    required = {name: production_environ[name] for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")}
    cookie_name = load_settings("prod", monkeypatch, **required).SESSION_COOKIE_NAME  # what the servers read
    app.cookies[cookie_name] = session.session_key


def test_a_post_published_through_one_process_shows_at_once_through_the_other(
    two_apps, monkeypatch, production_environ
):
    a, b = two_apps
    make_published_post(title="Older news from the hub")
    post = make_post(title="Black mass pilot results", status=PublicationStatus.SUBMITTED)

    status, headers, page = b.request("/news/")
    assert status == 200, b.tail()
    assert "Older news from the hub" in page
    assert "Black mass pilot results" not in page
    status, headers, page = b.request("/news/")
    assert headers.get("X-Cache") == "hit", "B should now answer the news list from the shared cache"

    staff_session_on(a, monkeypatch, production_environ)
    status, headers, queue = a.request("/admin/moderation/")
    assert status == 200, f"{status} {headers.get('Location')}\n{a.tail()}"
    assert "Black mass pilot results" in queue
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', queue).group(1)
    item = f"{post._meta.label_lower}:{post.pk}"
    status, headers, _ = a.request(
        "/admin/moderation/", {"csrfmiddlewaretoken": token, "item": item, "transition": "publish", "reason": ""}
    )
    assert status == 302, a.tail()
    post.refresh_from_db()
    assert post.status == PublicationStatus.PUBLISHED

    status, headers, page = b.request("/news/")
    assert status == 200
    assert "Black mass pilot results" in page, "B still serves the news list cached before the publish"
    assert headers.get("X-Cache") != "hit"
