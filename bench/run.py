"""``make bench``: the portal in its production configuration, measured page by page with wrk.

Steps: PostgreSQL database ``clusterhub_bench`` and Redis ready; migrate, bulk data if absent,
collectstatic; SQL queries per page counted in-process; then wrk against gunicorn (page cache on),
gunicorn again with the page cache off (HUB_PAGE_CACHE_SECONDS=0) for the pages whose targets are
about uncached work, and the bare reference app of ``bench/reference``. Every process started is
stopped at the end, on error and on Ctrl-C. Settings through the environment: BENCH_SECONDS (10),
BENCH_WARMUP (2), BENCH_CONNECTIONS (16), BENCH_WORKERS (4), BENCH_THREADS (2), BENCH_DB
(clusterhub_bench), BENCH_SEED_ARGS (extra seed_bulk options, e.g. "--posts 20000").
``python bench/run.py --markdown`` prints the Markdown of the last run (for the README).
"""

import json
import os
import platform
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import report
import servers

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / "var" / "bench"
RESULTS = BENCH / "results"
BIN = ROOT / ".venv" / "bin"
PG = {"host": "127.0.0.1", "port": "5432", "user": "clusterhub", "password": "clusterhub"}
REDIS_DB = 3
# Pages measured a second time with the page cache off (the targets about uncached work).
UNCACHED = ("news list", "search")


def setting(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


SECONDS = setting("BENCH_SECONDS", 10)
WARMUP = setting("BENCH_WARMUP", 2)
CONNECTIONS = setting("BENCH_CONNECTIONS", 16)
WORKERS = setting("BENCH_WORKERS", 4)
THREADS = setting("BENCH_THREADS", 2)
DB_NAME = os.environ.get("BENCH_DB", "clusterhub_bench")
# One random key per run: production settings refuse to start without one.
SECRET_KEY = secrets.token_urlsafe(50)


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def run(command: list[str], *, env: dict | None = None, capture: bool = False) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, capture_output=capture)  # noqa: S603
    return result.stdout if capture else ""


def ensure_tool(command: str, package: str) -> None:
    if shutil.which(command) is None:
        say(f"installing {package} (apt-get)")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", package])


def psql(sql: str, *, as_postgres: bool = False) -> str:
    if as_postgres:  # only to create the role on a fresh machine, as .ci/run does
        return run(["runuser", "-u", "postgres", "--", "psql", "-Atqc", sql, "postgres"], capture=True)
    env = {**os.environ, "PGPASSWORD": PG["password"]}
    command = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-Atqc", sql, "postgres"]
    return run(command, env=env, capture=True)


def ensure_database() -> str:
    try:
        psql("SELECT 1")
    except subprocess.CalledProcessError:
        say("creating the PostgreSQL role clusterhub")
        psql("CREATE ROLE clusterhub LOGIN CREATEDB PASSWORD 'clusterhub'", as_postgres=True)
    if not DB_NAME.isidentifier():
        raise RuntimeError(f"BENCH_DB must be a plain name, not {DB_NAME!r}")
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'").strip():  # noqa: S608 (checked above)
        say(f"creating database {DB_NAME}")
        env = {**os.environ, "PGPASSWORD": PG["password"]}
        run(["createdb", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], DB_NAME], env=env)
    return f"postgres://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{DB_NAME}"


def ensure_redis(processes: servers.Processes) -> None:
    if servers.redis_answers():
        return
    ensure_tool("redis-server", "redis-server")
    say("starting redis-server on 127.0.0.1:6379")
    command = ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no"]
    processes.start("redis", command, env=dict(os.environ), cwd=WORK, log=WORK / "redis.log")
    for _ in range(50):
        if servers.redis_answers():
            return
        time.sleep(0.1)
    raise RuntimeError("redis-server did not answer on 127.0.0.1:6379")


def django_env(database_url: str, *, page_cache: bool = True) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_STATIC_ROOT": str(WORK / "static"),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        # The API's per-client throttle would turn a load test from one address into 429s.
        "HUB_API_RATE": "1000000/minute",
    }
    if not page_cache:
        env["HUB_PAGE_CACHE_SECONDS"] = "0"
    return env


def prepare(env: dict) -> None:
    python = str(BIN / "python")
    say("migrate")
    run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    say("seed_bulk --if-empty (the first run takes a few minutes)")
    extra = shlex.split(os.environ.get("BENCH_SEED_ARGS", ""))
    run([python, "manage.py", "seed_bulk", "--if-empty", "--force", *extra], env=env)
    say("collectstatic")
    run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env)


def probe_pages(env: dict) -> list[dict]:
    say("counting SQL queries per page (in-process test client, page cache off)")
    pages = json.loads(run([str(BIN / "python"), str(BENCH / "probe.py")], env=env, capture=True))
    broken = [f"{page['path']} ({page['status']})" for page in pages if page["status"] != 200]
    if broken:
        raise RuntimeError(f"pages that do not answer 200: {', '.join(broken)}")
    return pages


def start_server(processes, name: str, app: str, env: dict, chdir: Path):
    port = servers.free_port()
    command = [str(BIN / "gunicorn"), app, "--chdir", str(chdir), "--bind", f"127.0.0.1:{port}",
               "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
               "--keep-alive", "5", "--log-level", "warning"]  # fmt: skip
    process = processes.start(name, command, env=env, cwd=chdir, log=WORK / f"gunicorn-{name}.log")
    base = f"http://127.0.0.1:{port}"
    # An address no page uses, so that no measured page is cached before its first request.
    servers.wait_until_up(base + "/bench-ready/", process)
    say(f"{name}: gunicorn on {base} (pid {process.pid}, {WORKERS} workers x {THREADS} threads)")
    return process, base


def wrk(url: str, seconds: int, connections: int = CONNECTIONS) -> dict:
    threads = min(2, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(BENCH / "report.lua"), url]  # fmt: skip
    output = run(command, capture=True)
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    answered = raw["requests"] > 0  # else every request took longer than wrk's timeout
    return {
        "requests_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000 if answered else None,
        "p95_ms": raw["p95_us"] / 1000 if answered else None,
        "p99_ms": raw["p99_us"] / 1000 if answered else None,
        "max_ms": raw["max_us"] / 1000 if answered else None,
        "non2xx": raw["non2xx"],
        "socket_errors": raw["socket_errors"],
        "bytes_per_response": raw["bytes"] / raw["requests"] if answered else None,
        "requests": raw["requests"],
    }


def measure(base: str, page: dict, cache: str) -> dict:
    """One request alone (with the page cache on, the miss that fills it), a warm-up, then the measured run.

    A page with ``connections`` set is measured with that many connections: one connection at a
    time gives the server-side time of a request, without the queueing of 16 clients on 2 cores."""
    connections = page.get("connections", CONNECTIONS)
    first_ms = servers.timed_get(base + page["path"])
    if WARMUP:
        wrk(base + page["path"], WARMUP, connections)
    figures = wrk(base + page["path"], SECONDS, connections)
    p99 = "no answer" if figures["p99_ms"] is None else f"{figures['p99_ms']:.1f} ms"
    rate = figures["requests_per_s"]
    say(f"  {page['name']:<18} cache {cache:<3} first {first_ms:7.0f} ms  {rate:7.0f} req/s  p99 {p99}")
    return {"name": page["name"], "path": page["path"], "cache": cache, "queries": page.get("queries"),
            "first_ms": first_ms, **figures}  # fmt: skip


def worker_memory(server) -> list[float]:
    """Resident memory of each gunicorn worker (MB), read from /proc at the end of its run."""
    return [round(servers.rss_mb(pid), 1) for pid in servers.gunicorn_workers(server.pid)]


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().split()
    commit = run(["git", "rev-parse", "--short", "HEAD"], capture=True).strip()
    if run(["git", "status", "--porcelain", "--untracked-files=no"], capture=True).strip():
        commit += " + uncommitted changes"
    postgres = psql("SHOW server_version").strip()
    return {"cores": os.cpu_count(), "ram_gb": int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2,
            "cpu": cpu or platform.processor(), "kernel": platform.release(), "python": platform.python_version(),
            "postgresql": postgres, "commit": commit}  # fmt: skip


def data_sizes(env: dict) -> str:
    code = (
        "from hub.news.models import Post; from hub.events.models import Event; "
        "from hub.projects.models import Project; from hub.members.models import Organisation, User; "
        "print(Post.objects.count(), 'posts,', Event.objects.count(), 'events,', Project.objects.count(), "
        "'projects,', Organisation.objects.count(), 'organisations,', User.objects.count(), 'members')"
    )
    output = run([str(BIN / "python"), "manage.py", "shell", "-c", code], env=env, capture=True)
    return output.strip().splitlines()[-1]  # the shell may first say what it imported


def serve_and_measure(processes, name: str, env: dict, pages: list[dict], cache: str) -> tuple[list, list]:
    """Start gunicorn with ``env``, measure ``pages`` one after the other, read the workers' memory, stop."""
    if name == "reference":
        server, base = start_server(processes, name, "reference.wsgi:application", env, BENCH)
    else:
        server, base = start_server(processes, name, "portal.wsgi:application", env, ROOT)
    rows = [measure(base, page, cache) for page in pages]
    memory = worker_memory(server)
    processes.stop(server)
    return rows, memory


def reference_env(pages: list[dict]) -> dict:
    """The reference serves a page as large as the news list's first page."""
    list_page = next(page for page in pages if page["name"] == "news list p1")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "reference.settings", "DJANGO_SECRET_KEY": SECRET_KEY,
            "REFERENCE_PAGE_BYTES": str(list_page["body_bytes"])}  # fmt: skip


def benchmark(processes: servers.Processes) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_tool("wrk", "wrk")
    database_url = ensure_database()
    ensure_redis(processes)
    servers.redis_flush(REDIS_DB)
    env = django_env(database_url)
    prepare(env)
    cold_env = django_env(database_url, page_cache=False)
    pages = probe_pages(cold_env)
    uncached_pages = [page for page in pages if page["name"].startswith(UNCACHED)]
    # The search target is server-side time: measured again one request at a time.
    search = next(page for page in pages if page["name"] == "search")
    uncached_pages.append({**search, "name": "search, 1 connection", "connections": 1})
    reference_page = [{"name": "reference", "path": "/"}]

    # The reference runs first and last: on a machine with other load, their mean is the fairer yardstick.
    before, _ = serve_and_measure(processes, "reference", reference_env(pages), reference_page, "-")
    rows, memory_on = serve_and_measure(processes, "portal", env, pages, "on")
    rows_off, memory_off = serve_and_measure(processes, "portal-uncached", cold_env, uncached_pages, "off")
    after, _ = serve_and_measure(processes, "reference", reference_env(pages), reference_page, "-")
    rows += rows_off
    references = before + after
    reference_rate = sum(ref["requests_per_s"] for ref in references) / len(references)
    for row in rows:
        row["ratio"] = row["requests_per_s"] / reference_rate
    memory = {"cache on": memory_on, "cache off": memory_off}
    settings = {"workers": WORKERS, "threads": THREADS, "worker_class": "gthread", "connections": CONNECTIONS,
                "seconds": SECONDS, "warmup_seconds": WARMUP, "database": DB_NAME, "redis": f"db {REDIS_DB}",
                "django_settings": "portal.settings.prod", "data": data_sizes(env),
                "cache_bypass": "second gunicorn with HUB_PAGE_CACHE_SECONDS=0"}  # fmt: skip
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "settings": settings,
            "pages": rows, "reference": {"requests_per_s": reference_rate, "runs": references},
            "memory_mb": memory, "targets": report.targets(rows, memory)}  # fmt: skip


def show(result: dict) -> None:
    print()
    print(report.text_table(result["pages"]))
    reference = result["reference"]
    print(f"\nreference: {report.reference_line(reference)}")
    for server, sizes in result["memory_mb"].items():
        print(f"memory per worker (RSS, MB), {server}: {', '.join(f'{mb:.0f}' for mb in sizes)}")
    print("\ntargets (issue 7):")
    for target in result["targets"]:
        print(f"  {target['result']:<4}  {target['target']}: {target['measured']}")
    print(f"\nwritten: {RESULTS / 'latest.json'} and {RESULTS / 'latest.md'}; the Markdown for the README:\n")
    print(report.markdown(result))


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    if "--markdown" in sys.argv:
        print(report.markdown(json.loads((RESULTS / "latest.json").read_text())), end="")
        return 0
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    processes = servers.Processes()
    try:
        result = benchmark(processes)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as error:
        say(f"failed: {error}")
        return 1
    finally:
        processes.stop_all()
    report.write(result, RESULTS)
    show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
