"""Our own static rules (SECURITY.md items 19, 20; issue 8 "static checks"), run by `make lint` and pytest.

Semgrep would pull some forty packages into the dev tools (and downgrade ones the API tests use), so the
four rules are written here against the AST and the template text:

1. ``mark_safe``/``SafeString`` only at the vetted call sites of ``MARK_SAFE_ALLOWED``; ``format_html``
   only with a literal template (its arguments are escaped, so user data can only enter escaped);
2. no ``|safe``/``safeseq`` in templates except on the sanitised fields of ``SAFE_FILTER_ALLOWED``, and
   ``{% autoescape off %}`` only in plain-text e-mails;
3. no ``csrf_exempt`` anywhere;
4. no SQL built from strings: ``.raw()``, ``.extra()``, ``cursor.execute()`` and ``RawSQL()`` take a
   literal query (values go in as parameters), except the allowlisted call sites.
An allowlist entry names a file and the function holding the call, with the reason it is safe.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("hub", "portal")
TEMPLATE_DIRS = ("templates", "hub")

# (file, function) -> why the markup is safe
MARK_SAFE_ALLOWED = {
    ("hub/core/templatetags/hub.py", "rich_text"): "the value is sanitised on the same line",
    ("hub/core/templatetags/hub.py", "render_block"): "a block Django already rendered with autoescaping",
    ("hub/core/templatetags/hub.py", "json_ld"): "JSON with <, > and & written as escapes",
    ("hub/search/selectors.py", "snippet"): "the headline is escaped; the <mark> tags are ours",
    ("hub/search/selectors.py", "_excerpt"): "every piece of text is escaped; the <mark> tags are ours",
    ("hub/core/templatetags/images.py", "rich_text_images"): "sanitised; the <picture> markup added is format_html",
    ("hub/members/two_factor.py", "qr_code_svg"): "an SVG of path data drawn by qrcode: no text from anyone",
    ("hub/news/forms.py", "render"): "every option's value and label is escaped on the line above",
    ("hub/news/forms.py", "cached_html"): "the form as our autoescaping template rendered it, kept in the cache",
}
FORMAT_HTML_ALLOWED = {
    ("hub/core/images.py", "attribute_list"): "the template is literal '{}=\"{}\"' pairs joined by spaces",
}
RAW_SQL_ALLOWED = {
    ("hub/core/bulk.py", "vacuum_analyze"): "VACUUM takes no parameters; the table names are our models', quoted",
    ("hub/search/selectors.py", "_fetch_counts"): "SQL the ORM compiled, joined by UNION ALL; every value bound",
}
# (template, expression before |safe) -> why it is safe
SAFE_FILTER_ALLOWED: dict = {}
AUTOESCAPE_OFF_ALLOWED = re.compile(r"(\.txt$|registration/password_reset_email\.html$)")  # plain-text e-mails

MARKUP_CALLS = {"mark_safe", "SafeString"}
SQL_METHODS = {"raw", "extra", "execute", "executemany"}


def python_files():
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                yield path


def template_files():
    for folder in TEMPLATE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".html", ".txt", ".xml"} and "tests" not in path.parts:
                yield path


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def is_literal(node) -> bool:
    """A plain string constant (an f-string, %, + or .format() on it is not)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def calls_by_function(path: Path):
    """(function name, call) for every call in ``path``; calls at module level belong to ``<module>``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    owners = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                owners.setdefault(id(inner), node.name) if inner is not node else None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield owners.get(id(node), "<module>"), node


def findings(check) -> list[str]:
    found = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        for function, call in calls_by_function(path):
            problem = check(relative, function, call)
            if problem:
                found.append(f"{relative}:{call.lineno} in {function}(): {problem}")
    return found


def markup_problem(path: str, function: str, call: ast.Call) -> str | None:
    name = call_name(call)
    if name in MARKUP_CALLS and (path, function) not in MARK_SAFE_ALLOWED:
        return f"{name}() outside the vetted call sites (sanitise, or use format_html with a literal template)"
    literal = not call.args or is_literal(call.args[0])
    if name == "format_html" and not literal and (path, function) not in FORMAT_HTML_ALLOWED:
        return "format_html() with a template that is not a literal string"
    return None


def sql_problem(path: str, function: str, call: ast.Call) -> str | None:
    name = call_name(call)
    is_sql = name == "RawSQL" or (isinstance(call.func, ast.Attribute) and name in SQL_METHODS)
    if not is_sql or (path, function) in RAW_SQL_ALLOWED:
        return None
    if name == "extra":
        return ".extra() is not allowed: use annotations, or RawSQL with parameters"
    if call.args and not is_literal(call.args[0]):
        return f"{name}() with SQL that is not a literal string: pass values as parameters"
    return None


def test_markup_is_marked_safe_only_at_the_vetted_call_sites():
    problems = findings(markup_problem)

    assert not problems, "\n".join(problems)


def test_no_sql_is_built_from_strings():
    problems = findings(sql_problem)

    assert not problems, "\n".join(problems)


def test_no_view_is_exempt_from_csrf():
    found = [
        str(path.relative_to(ROOT)) for path in python_files() if "csrf_exempt" in path.read_text(encoding="utf-8")
    ]

    assert not found, f"csrf_exempt in: {found}"


SAFE_FILTER = re.compile(r"\{\{\s*([^}|]+?)\s*\|[^}]*\b(safe|safeseq)\b")


def test_templates_mark_nothing_safe_but_sanitised_fields():
    problems = []
    for path in template_files():
        relative = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for match in SAFE_FILTER.finditer(text):
            if (relative, match[1]) not in SAFE_FILTER_ALLOWED:
                problems.append(f"{relative}: {match[0]} (use the rich_text filter, which sanitises)")
        if "autoescape off" in text and not AUTOESCAPE_OFF_ALLOWED.search(relative):
            problems.append(f"{relative}: autoescape off in a template that is not a plain-text e-mail")

    assert not problems, "\n".join(problems)


def test_every_allowlisted_call_site_still_exists():
    """An entry for code that moved would silently allow a new call of the same name elsewhere later."""
    sites = set()
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        sites |= {(relative, function) for function, _call in calls_by_function(path)}

    for entry in [*MARK_SAFE_ALLOWED, *FORMAT_HTML_ALLOWED, *RAW_SQL_ALLOWED]:
        assert entry in sites, f"allowlisted {entry} no longer exists"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("def f(x):\n    return mark_safe(x)\n", True),
        ("def f(x):\n    return format_html(f'<b>{x}</b>')\n", True),
        ("def f(x):\n    return format_html('<b>{}</b>', x)\n", False),
        ("def f(q):\n    return Post.objects.raw('SELECT * FROM p WHERE t = %s' % q)\n", True),
        ("def f(q):\n    return Post.objects.raw('SELECT * FROM p WHERE t = ' + q)\n", True),
        ("def f(q):\n    cursor.execute(f'SELECT {q}')\n", True),
        ("def f(q):\n    cursor.execute('SELECT %s', [q])\n", False),
        ("def f():\n    return Post.objects.extra(where=['1=1'])\n", True),
    ],
)
def test_the_rules_catch_what_they_are_meant_to(tmp_path, source, flagged):
    path = tmp_path / "sample.py"
    path.write_text(source)

    problems = [
        check("sample.py", function, call)
        for function, call in calls_by_function(path)
        for check in (markup_problem, sql_problem)
    ]

    assert any(problems) == flagged
