"""Reading the search index: full-text search ranked by PostgreSQL, a plain word match elsewhere.

Only ``SearchEntry.objects.public()`` is ever searched, so hidden content cannot reach results,
counts, suggestions or snippets.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, FloatField, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .documents import MARK_START, MARK_STOP
from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
FEW_RESULTS = 3
SNIPPET_CHARS = 220
TABLE = SearchEntry._meta.db_table
TSQUERY = "websearch_to_tsquery('english', %s)"
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", '
    'MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")


@dataclass
class SearchResults:
    query: str
    entries: QuerySet
    counts: dict[str, int] = field(default_factory=dict)
    suggestion: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def clean_query(query: str | None) -> str:
    """The query as we search it: no control characters (PostgreSQL refuses NUL), one space between words, capped."""
    text = _CONTROL.sub(" ", query or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(query, *, kinds=None, project=None, topic=None, year=None) -> SearchResults:
    """Public entries matching ``query``, best first, narrowed by kinds, a project and a topic (slugs) and a year.

    ``counts`` gives the matches per kind before the kind filter, for links that narrow by kind.
    """
    query = clean_query(query)
    if not query:
        return SearchResults(query=query, entries=SearchEntry.objects.none())
    scope = _narrowed(SearchEntry.objects.public(), project=project, topic=topic, year=year)
    if connection.vendor == "postgresql":
        return _search_postgresql(query, scope, kinds)
    return _search_words(query, scope, kinds)


def _narrowed(entries: QuerySet, *, project, topic, year) -> QuerySet:
    if project:
        entries = entries.filter(projects__slug=project)
    if topic:
        entries = entries.filter(topics__slug=topic)
    if year:
        entries = entries.filter(date__year=year)
    return entries


def _of_kinds(entries: QuerySet, kinds) -> QuerySet:
    return entries.filter(kind__in=kinds) if kinds else entries


def _counts(entries: QuerySet) -> dict[str, int]:
    rows = entries.order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def _sql(template: str, params: list, output_field):
    """SQL on the index's PostgreSQL-only column and functions. ``template`` is one of the constants
    below, with the table's name only; every value (the query above all) is a bound parameter."""
    return RawSQL(template.replace("{t}", f'"{TABLE}"'), params, output_field=output_field)  # noqa: S611


def _search_postgresql(query: str, scope: QuerySet, kinds) -> SearchResults:
    matches = _sql("{t}.search_vector @@ " + TSQUERY, [query], BooleanField())
    found = scope.filter(matches)
    counts = _counts(found)
    ordering = ["-rank", "-date", "-id"]
    suggestion = ""
    if sum(counts.values()) < FEW_RESULTS:
        # pg_trgm's % operator (similarity above 0.3) can use the trigram index on titles.
        similar = scope.filter(_sql("{t}.title %% %s", [query], BooleanField()))
        similarity = _sql("similarity({t}.title, %s)", [query], FloatField())
        best = similar.annotate(similarity=similarity).order_by("-similarity", "id").values_list("title", flat=True)
        best = best.first()
        suggestion = best if best and best.casefold() != query.casefold() else ""
        if not counts:  # nothing matched the words: show what resembles them instead
            found, counts = similar, _counts(similar)
            ordering = ["-similarity", "-date", "-id"]
    entries = _of_kinds(found, kinds).annotate(
        similarity=_sql("similarity({t}.title, %s)", [query], FloatField()),
        rank=_sql("ts_rank({t}.search_vector, " + TSQUERY + ")", [query], FloatField()),
        headline=_sql(
            "ts_headline('english', coalesce(nullif({t}.body, ''), {t}.subtitle), " + TSQUERY + ", %s)",
            [query, HEADLINE_OPTIONS],
            TextField(),
        ),
    )
    return SearchResults(query=query, entries=entries.order_by(*ordering), counts=counts, suggestion=suggestion)


def _search_words(query: str, scope: QuerySet, kinds) -> SearchResults:
    words = _WORD.findall(query)[:MAX_WORDS]
    if not words:
        return SearchResults(query=query, entries=SearchEntry.objects.none())
    found = scope
    for word in words:
        found = found.filter(Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(body__icontains=word))
    entries = _of_kinds(found, kinds).order_by("-date", "-id")
    return SearchResults(query=query, entries=entries, counts=_counts(found))


def snippet(entry: SearchEntry, query: str) -> SafeString:
    """An excerpt of ``entry`` around the query's words, HTML-escaped, the words in <mark> (the only tag)."""
    headline = getattr(entry, "headline", None)
    if headline is not None:
        return mark_safe(escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308
    return _excerpt(entry.body or entry.subtitle, _WORD.findall(clean_query(query))[:MAX_WORDS])


def _excerpt(text: str, words: list[str]) -> SafeString:
    text = " ".join(text.split())
    if not words:
        return escape(text[:SNIPPET_CHARS])
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    excerpt = text[start : start + SNIPPET_CHARS]
    parts, last = ["…" if start else ""], 0
    for match in pattern.finditer(excerpt):
        parts += [escape(excerpt[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts += [escape(excerpt[last:]), "…" if start + SNIPPET_CHARS < len(text) else ""]
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped; the marks are ours
