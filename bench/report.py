"""The benchmark's figures: the targets of issue 7 with PASS/MISS, a text table, JSON and Markdown files."""

import json
from pathlib import Path

COLUMNS = [
    ("page", "name", "{}"),
    ("cache", "cache", "{}"),
    ("1st ms", "first_ms", "{:.0f}"),
    ("req/s", "requests_per_s", "{:.0f}"),
    ("p50 ms", "p50_ms", "{:.1f}"),
    ("p95 ms", "p95_ms", "{:.1f}"),
    ("p99 ms", "p99_ms", "{:.1f}"),
    ("non-2xx", "non2xx", "{}"),
    ("errors", "socket_errors", "{}"),
    ("SQL", "queries", "{}"),
    ("bytes", "bytes_per_response", "{:.0f}"),
    ("vs ref", "ratio", "{:.2f}"),
]
# Pages held to the throughput and latency targets (issue 7).
TARGET_PAGES = ("news list p1", "event + agenda", "project")
MEMORY_LIMIT_MB = 150


def _cell(row: dict, key: str, pattern: str) -> str:
    value = row.get(key)
    return "-" if value is None else pattern.format(value)


def _find(rows: list[dict], name: str, cache: str) -> dict | None:
    return next((row for row in rows if row["name"].startswith(name) and row["cache"] == cache), None)


def _ms(value: float | None) -> str:
    return "no answer within wrk's timeout" if value is None else f"{value:.1f} ms"


def _below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def targets(rows: list[dict], memory_mb: dict[str, list[float]]) -> list[dict]:
    """Each target of issue 7 with the measured figure and PASS or MISS (never asserted anywhere)."""
    checks = []

    def check(target: str, measured: str, ok: bool) -> None:
        checks.append({"target": target, "measured": measured, "result": "PASS" if ok else "MISS"})

    for name in TARGET_PAGES:
        row = _find(rows, name, "on")
        if row:
            check(f"{name}: ≥ 80% of reference req/s", f"{row['ratio']:.0%}", row["ratio"] >= 0.8)
            check(f"{name}: p99 < 100 ms", _ms(row["p99_ms"]), _below(row["p99_ms"], 100))
            failures = row["non2xx"] + row["socket_errors"]
            check(f"{name}: no errors", str(failures), failures == 0 and row["requests"] > 0)
    cold = _find(rows, "news list p1", "off")
    if cold:
        check("news list p1, cache bypassed: ≥ 25% of reference", f"{cold['ratio']:.0%}", cold["ratio"] >= 0.25)
    search = _find(rows, "search, 1 connection", "off")
    if search:
        check("search server-side (cache bypassed, 1 connection): p95 < 50 ms", _ms(search["p95_ms"]),
              _below(search["p95_ms"], 50))  # fmt: skip
    deep = next((r for r in rows if r["name"].startswith("news list p") and r["name"] != "news list p1"
                 and r["cache"] == "off"), None)  # fmt: skip
    if cold and deep and cold["requests"] and deep["requests"]:
        slowdown = cold["requests_per_s"] / deep["requests_per_s"]
        check(f"{deep['name']} within 1.5x of page 1 (cache bypassed)", f"{slowdown:.2f}x", slowdown <= 1.5)
    sizes = [mb for server in memory_mb.values() for mb in server]
    if sizes:
        largest = max(sizes)
        check(f"memory per worker < {MEMORY_LIMIT_MB} MB", f"{largest:.0f} MB max", largest < MEMORY_LIMIT_MB)
    return checks


def text_table(rows: list[dict]) -> str:
    cells = [[title for title, _, _ in COLUMNS]] + [[_cell(r, key, fmt) for _, key, fmt in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) if i else cell.ljust(width) for i, (cell, width) in
                       enumerate(zip(line, widths, strict=True))) for line in cells]  # fmt: skip
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def reference_line(reference: dict) -> str:
    runs = " and ".join(
        f"{run['requests_per_s']:.0f} req/s (p99 {_ms(run['p99_ms'])}, {run['bytes_per_response'] or 0:.0f} bytes)"
        for run in reference["runs"]
    )
    return f"{reference['requests_per_s']:.0f} req/s, the mean of a run before and after the portal: {runs}"


def markdown(result: dict) -> str:
    """The figures as the README shows them: machine and settings, the table, the targets."""
    machine, settings = result["machine"], result["settings"]
    header = "| " + " | ".join(title for title, _, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---" if i == 0 else "--:" for i in range(len(COLUMNS))) + "|"
    body = ["| " + " | ".join(_cell(row, key, fmt) for _, key, fmt in COLUMNS) + " |" for row in result["pages"]]
    reference = result["reference"]
    lines = [
        f"Measured {result['date']} on {machine['cpu']} ({machine['cores']} cores, {machine['ram_gb']:.0f} GB RAM), "
        f"commit {machine['commit']}; gunicorn {settings['workers']} workers x {settings['threads']} threads, "
        f"wrk {settings['connections']} connections for {settings['seconds']} s per page; data: {settings['data']}.",
        "",
        header,
        rule,
        *body,
        "",
        f"Reference (bare Django view, same server settings): {reference_line(reference)}. "
        "Memory per gunicorn worker at the end (RSS): "
        + "; ".join(
            f"{name}: {', '.join(f'{mb:.0f}' for mb in sizes)} MB" for name, sizes in result["memory_mb"].items()
        )
        + ".",
        "",
        "| target (issue 7) | measured | result |",
        "|---|--:|---|",
        *(f"| {t['target']} | {t['measured']} | {t['result']} |" for t in result["targets"]),
    ]
    return "\n".join(lines) + "\n"


def write(result: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (folder / "latest.md").write_text(markdown(result))
