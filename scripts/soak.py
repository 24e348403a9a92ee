#!/usr/bin/env python3
"""`make soak`: the production stack under a bounded load, then a database outage in the middle of it.

Starts, on 127.0.0.1 only: a PostgreSQL cluster of its own ("soak", port 5433; created once with
pg_createcluster, so stopping it never touches the cluster on 5432 that the tests use), a fresh
database with the demo content, gunicorn with portal.settings.prod, and Redis (db 7 by default).

1. Load: SOAK_THREADS visitors for SOAK_SECONDS, half anonymous on public pages, half signed-in
   partners on workspace pages who also save draft posts (a multi-row write: post, projects,
   revision). Reports requests, errors (must be 0), latency, and the memory of each worker at the
   start and the end.
2. Fault: under the same load, a separate process writes rows in one transaction; once it has
   written some, PostgreSQL is stopped for SOAK_OUTAGE_SECONDS and started again. Reports what
   visitors got meanwhile, that the interrupted transaction and every refused draft left no row,
   and that the first requests after the restart succeed.

Needs root (or the postgres user's rights) for pg_createcluster / pg_ctlcluster / runuser.
Writes its report to var/soak/report.json; exits 1 if any check fails.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("SOAK_SECONDS", "180"))
THREADS = int(os.environ.get("SOAK_THREADS", "8"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
OUTAGE_SECONDS = int(os.environ.get("SOAK_OUTAGE_SECONDS", "15"))
HTTP_PORT = int(os.environ.get("SOAK_HTTP_PORT", "8765"))
PG_PORT = int(os.environ.get("SOAK_PG_PORT", "5433"))
PG_CLUSTER = "soak"
DB_NAME = "clusterhub_soak"
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/7")
HOST = f"127.0.0.1:{HTTP_PORT}"
WRITE_EVERY = 10  # a signed-in visitor saves a draft every this many requests
EXPECTED = {200, 302}

PUBLIC_PATHS = [
    "/",
    "/projects/",
    "/news/",
    "/events/",
    "/events/past/",
    "/resources/",
    "/organisations/",
    "/search/?q=lithium",
    "/api/projects/",
    "/news/feed/rss/",
    "/sitemap.xml",
    "/about/",
]
WORKSPACE_PATHS = [
    "/workspace/",
    "/workspace/posts/",
    "/workspace/posts/new/",
    "/workspace/events/",
    "/accounts/profile/",
]

# Run by `manage.py shell` in the stack's environment: one session per signed-in visitor, a partner's projects.
SESSIONS_SCRIPT = """
import json
from django.conf import settings
from django.contrib.auth import login
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from hub.members.models import Membership
membership = Membership.objects.filter(user__is_staff=False, user__is_active=True).select_related("user").first()
keys = []
for _ in range({count}):
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    request.session = SessionStore()
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    keys.append(request.session.session_key)
print(json.dumps({{"cookie": settings.SESSION_COOKIE_NAME, "keys": keys, "project": membership.project_id}}))
"""

# The interrupted multi-row write: rows in one transaction, slowly, until PostgreSQL goes away.
WRITER_SCRIPT = """
import time
from django.db import transaction
from hub.pages.models import ContactMessage
with transaction.atomic():
    for n in range(100000):
        ContactMessage.objects.create(name="{marker} %d" % n, email="s@example.org", organisation="s", message="x")
        if n == 20:
            print("WRITING", flush=True)
        time.sleep(0.02)
"""

COUNT_SCRIPT = """
import json
from hub.news.models import Post
from hub.pages.models import ContactMessage
titles = {titles!r}
print(json.dumps({{
    "writer_rows": ContactMessage.objects.filter(name__startswith={marker!r}).count(),
    "posts": {{t: Post.objects.filter(title=t).count() for t in titles}},
}}))
"""


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*command, env=None, check=True, capture=False) -> subprocess.CompletedProcess:
    # Fixed commands built here, no outside input.
    return subprocess.run(command, env=env, check=check, text=True, capture_output=capture, cwd=ROOT)  # noqa: S603


# PostgreSQL: our own cluster


def pg_version() -> str:
    return max((path.name for path in Path("/usr/lib/postgresql").iterdir()), key=int)


def cluster_status() -> str | None:
    for line in run("pg_lsclusters", "--no-header", capture=True).stdout.splitlines():
        _version, name, _port, status, *_ = line.split()
        if name == PG_CLUSTER:
            return status
    return None


def ensure_cluster() -> None:
    if cluster_status() is None:
        log(f"creating PostgreSQL cluster {PG_CLUSTER!r} on port {PG_PORT} (once)")
        run("pg_createcluster", pg_version(), PG_CLUSTER, "--port", str(PG_PORT), "--start-conf", "manual")
    pg_start()


def pg_start() -> None:
    if cluster_status() != "online":
        run("pg_ctlcluster", pg_version(), PG_CLUSTER, "start")


def pg_stop() -> None:
    run("pg_ctlcluster", pg_version(), PG_CLUSTER, "stop", "-m", "fast")


def psql(sql: str) -> None:
    run("runuser", "-u", "postgres", "--", "psql", "-p", str(PG_PORT), "-q", "-v", "ON_ERROR_STOP=1", "-c", sql)


def reset_database(password: str) -> None:
    psql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clusterhub_soak') THEN "
        "CREATE ROLE clusterhub_soak LOGIN; END IF; END $$;"
    )
    psql(f"ALTER ROLE clusterhub_soak PASSWORD '{password}'")
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME} OWNER clusterhub_soak")


# The application stack


def stack_env(workdir: Path, password: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "HUB_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://clusterhub_soak:{password}@127.0.0.1:{PG_PORT}/{DB_NAME}",
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=REDIS_URL,
        DJANGO_VAR_DIR=str(workdir),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        HUB_DEMO_CONTENT_ALLOWED="1",
        HUB_API_RATE="1000000/minute",  # every visitor here is 127.0.0.1: the API throttle is not under test
    )
    return env


def manage(env: dict, *args, capture=False) -> subprocess.CompletedProcess:
    return run(str(BIN / "python"), "manage.py", *args, env=env, capture=capture)


def prepare(env: dict) -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # our own db number: nobody else's keys
    for command in (["migrate", "--no-input", "-v0"], ["createcachetable"], ["collectstatic", "--no-input", "-v0"]):
        manage(env, *command)
    manage(env, "seed_demo", capture=True)


def start_gunicorn(env: dict, workdir: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "portal.wsgi:application", "--workers", str(WORKERS)]
    command += ["--bind", HOST, "--timeout", "30", "--graceful-timeout", "5"]
    errors = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=errors, stderr=errors)  # noqa: S603
    for _ in range(60):
        time.sleep(0.5)
        if len(worker_pids(process.pid)) == WORKERS and fetch("GET", "/healthz")[0] == 200:
            return process
    raise RuntimeError(f"gunicorn did not come up; see {workdir / 'gunicorn.log'}")


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# HTTP


def fetch(method: str, path: str, cookies: dict | None = None, form: dict | None = None):
    """One request as a visitor behind the TLS proxy would send it; returns (status, headers, body, seconds)."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "clusterhub-soak"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        from urllib.parse import urlencode

        body = urlencode(form, doseq=True)
        headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}"})
        headers["Referer"] = f"https://{HOST}{path}"
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return response.status, response.headers, content, time.monotonic() - started
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__}", {}, b"", time.monotonic() - started
    finally:
        connection.close()


def set_cookies(headers) -> dict:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


class Recorder:
    """Every answer, by phase; the phase is switched by the main thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "load"
        self.statuses: dict[str, Counter] = {}
        self.seconds: dict[str, list[float]] = {}
        self.samples: dict[str, list[str]] = {}
        self.branded_503 = 0
        self.writes: list[tuple[str, object, str]] = []  # (title, status, phase)

    def add(self, path, status, body, seconds) -> None:
        with self.lock:
            self.statuses.setdefault(self.phase, Counter())[status] += 1
            self.seconds.setdefault(self.phase, []).append(seconds)
            if status == 503 and b"briefly unavailable" in body:
                self.branded_503 += 1
            if status not in EXPECTED and len(self.samples.setdefault(self.phase, [])) < 10:
                self.samples[self.phase].append(f"{status} {path}")


class Visitor(threading.Thread):
    def __init__(self, number: int, recorder: Recorder, stop: threading.Event, session: dict | None):
        super().__init__(daemon=True)
        self.number, self.recorder, self.stop, self.session = number, recorder, stop, session
        self.paths = WORKSPACE_PATHS if session else PUBLIC_PATHS

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            if self.session and n % WRITE_EVERY == 0:
                self.save_draft(n)
                continue
            path = self.paths[(n + self.number) % len(self.paths)]
            status, _headers, body, seconds = fetch("GET", path, self.session and self.session["cookies"])
            self.recorder.add(path, status, body, seconds)

    def save_draft(self, n: int) -> None:
        """The workspace form, then a POST with its CSRF token: one post row, its projects and a revision."""
        cookies = dict(self.session["cookies"])
        status, headers, body, seconds = fetch("GET", "/workspace/posts/new/", cookies)
        self.recorder.add("/workspace/posts/new/", status, body, seconds)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            return
        cookies.update(set_cookies(headers))
        title = f"Soak draft {self.number}-{n}-{secrets.token_hex(3)}"
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "title": title, "lead": "Soak.", "kind": "news"}
        form.update(body="<div>Written by the soak test.</div>", projects=[self.session["project"]])
        status, _headers, body, seconds = fetch("POST", "/workspace/posts/new/", cookies, form)
        self.recorder.add("POST /workspace/posts/new/", status, body, seconds)
        with self.recorder.lock:
            self.recorder.writes.append((title, status, self.recorder.phase))


# Phases


def memory(master: int) -> dict[int, float]:
    return {pid: rss_mb(pid) for pid in worker_pids(master)}


def summary(recorder: Recorder, phase: str) -> dict:
    seconds = sorted(recorder.seconds.get(phase, [0.0]))
    statuses = recorder.statuses.get(phase, Counter())
    return {
        "requests": sum(statuses.values()),
        "statuses": {str(status): count for status, count in sorted(statuses.items(), key=str)},
        "errors": sum(count for status, count in statuses.items() if status not in EXPECTED),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000, 1),
        "max_ms": round(seconds[-1] * 1000, 1),
        "error_samples": recorder.samples.get(phase, []),
    }


def outage(env: dict, recorder: Recorder, marker: str, probe_cookies: dict) -> dict:
    """Stop PostgreSQL while a transaction is half-written and visitors keep coming; start it again."""
    writer = subprocess.Popen(  # noqa: S603 (fixed command)
        [str(BIN / "python"), "manage.py", "shell", "-c", WRITER_SCRIPT.format(marker=marker)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in iter(writer.stdout.readline, ""):  # past any start-up messages
        if line.strip() == "WRITING":
            break
    else:
        raise RuntimeError("the writer did not start writing")
    recorder.phase = "outage"
    stopped = time.monotonic()
    pg_stop()
    log(f"PostgreSQL stopped ({time.monotonic() - stopped:.1f} s) while the writer's transaction was open")
    writer_output = writer.communicate(timeout=60)[0]
    time.sleep(OUTAGE_SECONDS)
    pg_start()
    recorder.phase = "recovery"
    log(f"PostgreSQL started again after {time.monotonic() - stopped:.1f} s")
    probes = [fetch("GET", "/workspace/", probe_cookies)[0] for _ in range(WORKERS * 2)]
    writer_error = re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception)): (.*)$", writer_output, re.MULTILINE)
    return {
        "outage_seconds": round(time.monotonic() - stopped, 1),
        "writer_exit_code": writer.returncode,
        "writer_error": writer_error[-1][0] if writer_error else writer_output[-200:],
        "first_requests_after_restart": probes,
    }


def leftovers(env: dict, recorder: Recorder, marker: str) -> dict:
    titles = [title for title, _status, _phase in recorder.writes]
    script = COUNT_SCRIPT.format(titles=titles, marker=marker)
    counts = json.loads(manage(env, "shell", "-c", script, capture=True).stdout.strip().splitlines()[-1])
    saved = {title for title, status, _phase in recorder.writes if status == 302}
    return {
        "interrupted_transaction_rows": counts["writer_rows"],
        "drafts_saved": len(saved),
        "drafts_refused": len(titles) - len(saved),
        "refused_drafts_with_rows": sum(1 for t, n in counts["posts"].items() if t not in saved and n),
        "saved_drafts_missing_or_doubled": sum(1 for t in saved if counts["posts"][t] != 1),
    }


def signed_in_sessions(env: dict, count: int) -> list[dict]:
    output = manage(env, "shell", "-c", SESSIONS_SCRIPT.format(count=count), capture=True).stdout
    data = json.loads(output.strip().splitlines()[-1])
    return [{"cookies": {data["cookie"]: key}, "project": data["project"]} for key in data["keys"]]


def soak(env: dict, master: int) -> dict:
    recorder, stop = Recorder(), threading.Event()
    sessions = signed_in_sessions(env, THREADS // 2 + 1)
    visitors = [Visitor(n, recorder, stop, sessions[n // 2] if n % 2 else None) for n in range(THREADS)]
    for visitor in visitors:
        visitor.start()
    time.sleep(5)
    report = {"memory_start_mb": memory(master)}
    log(f"load: {THREADS} visitors for {SECONDS} s; workers {report['memory_start_mb']} MB")
    time.sleep(SECONDS)
    report["memory_end_mb"] = memory(master)
    report["load"] = summary(recorder, "load")
    log(f"load done: {report['load']}")
    marker = f"soak-fault-{secrets.token_hex(4)}"
    report["fault"] = outage(env, recorder, marker, sessions[-1]["cookies"])
    time.sleep(10)
    stop.set()
    for visitor in visitors:
        visitor.join(timeout=30)
    report["outage"] = {**summary(recorder, "outage"), "branded_503_pages": recorder.branded_503}
    report["recovery"] = summary(recorder, "recovery")
    report["data"] = leftovers(env, recorder, marker)
    return report


def verdict(report: dict) -> list[str]:
    """The checks that make `make soak` fail."""
    failures = []
    if report["load"]["errors"]:
        failures.append(f"{report['load']['errors']} errors under load")
    if set(report["outage"]["statuses"]) - {"200", "302", "503"}:
        failures.append(f"visitors got something else than a page or the 503 page: {report['outage']['statuses']}")
    if report["outage"]["max_ms"] > 5000:
        failures.append(f"an answer during the outage took {report['outage']['max_ms']} ms")
    if set(report["fault"]["first_requests_after_restart"]) != {200}:
        failures.append(f"first requests after the restart: {report['fault']['first_requests_after_restart']}")
    if report["recovery"]["errors"]:
        failures.append(f"{report['recovery']['errors']} errors after the restart")
    data = report["data"]
    if (
        data["interrupted_transaction_rows"]
        or data["refused_drafts_with_rows"]
        or data["saved_drafts_missing_or_doubled"]
    ):
        failures.append(f"partial or lost rows: {data}")
    return failures


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="clusterhub-soak-"))
    password = secrets.token_hex(16)
    ensure_cluster()
    reset_database(password)
    env = stack_env(workdir, password)
    log("migrating, seeding the demo content, collecting static files")
    prepare(env)
    gunicorn = start_gunicorn(env, workdir)
    try:
        report = soak(env, gunicorn.pid)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        pg_stop()
    report["config"] = {"seconds": SECONDS, "threads": THREADS, "workers": WORKERS, "outage": OUTAGE_SECONDS}
    report["failures"] = verdict(report)
    out = ROOT / "var" / "soak"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    log("FAILED: " + "; ".join(report["failures"]) if report["failures"] else "all checks passed")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
