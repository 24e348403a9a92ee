"""The processes the benchmark starts (redis-server, gunicorn), and stopping every one of them."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


class Processes:
    """Children started in their own process group, so stopping one stops everything it spawned."""

    def __init__(self):
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], *, env: dict, cwd: Path, log: Path) -> subprocess.Popen:
        with open(log, "ab") as output:
            process = subprocess.Popen(  # noqa: S603 (our own command line)
                command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.running.append((name, process))
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running = [(name, p) for name, p in self.running if p is not process]

    def stop_all(self) -> None:
        for _, process in reversed(list(self.running)):
            self.stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(port: int = 6379) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_flush(db: int, port: int = 6379) -> None:
    """Empty the benchmark's own Redis database, so no page cached by an earlier run is served."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
        connection.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
        time.sleep(0.2)
        connection.recv(64)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until the server answers ``url`` with any HTTP status (a 404 too: it is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting (exit {process.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own local server)
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def timed_get(url: str, timeout: float = 300) -> float:
    """Milliseconds to fetch ``url`` once, alone (for the portal: a page cache miss)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own local server)
            response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}; see the server's log in var/bench/") from error
    return (time.monotonic() - started) * 1000


def gunicorn_workers(master_pid: int) -> list[int]:
    """The worker processes of a gunicorn master: its children, read from /proc."""
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Field 4 is the parent's id; the command name before it is in parentheses and may hold spaces.
            if int(stat.rsplit(")", 1)[1].split()[1]) == master_pid:
                workers.append(int(entry.name))
    return sorted(workers)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
