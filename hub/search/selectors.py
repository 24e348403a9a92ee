"""Reading the search index: full-text search ranked by PostgreSQL, a plain word match elsewhere.

Only ``SearchEntry.objects.public()`` is ever searched, so hidden content cannot reach results,
counts, suggestions or snippets.

Cost at 100,000+ entries (PostgreSQL). A common word matches most of the index, so no step may touch
every match:

- Counts stop at ``COUNT_CAP`` per kind: one query counting, for each kind, its first ``COUNT_CAP + 1``
  matches. A kind past the cap shows "1,000+" (and the total "n+"); smaller kinds stay exact.
- Ranking. When at most ``COUNT_CAP`` entries match, every match is ranked (``ts_rank``) as before. Past
  the cap only a candidate set is: the ``RECENT_CANDIDATES`` newest matches plus the ``TITLE_CANDIDATES``
  newest entries whose *title* matches. Both read the partial index on (date, id) newest first, and stop
  at their limit; the title one is an index-only scan, the index including a stored title-only tsvector
  (migration 0003). ``ts_rank`` (cheaper than ``ts_rank_cd``, which reads positions) then orders these
  few hundred. Titles (weight A) still come first, the title candidates being in the set; what is lost
  is an old entry that has the words only in its text, behind hundreds of newer ones.
- The ranked ids are read once (so at most ``COUNT_CAP`` results are listed, 600 past the cap), and only
  the page's 20 rows are fetched, with ``ts_headline`` (it parses the whole text) computed for those only.
- The trigram "did you mean" runs only below ``FEW_RESULTS`` matches, in one query whose ``%`` operator
  uses the trigram index on titles.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, TextField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .documents import MARK_START, MARK_STOP
from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
FEW_RESULTS = 3
SNIPPET_CHARS = 220
COUNT_CAP = 1000
RECENT_CANDIDATES = 300
TITLE_CANDIDATES = 300
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
    entries: Sequence
    counts: dict[str, int] = field(default_factory=dict)
    suggestion: str = ""

    @property
    def capped(self) -> bool:
        """Whether counting stopped at the cap for some kind: the total is then a lower bound."""
        return any(count > COUNT_CAP for count in self.counts.values())

    @property
    def total(self) -> int:
        """How many entries match, counting at most ``COUNT_CAP`` of each kind."""
        return sum(min(count, COUNT_CAP) for count in self.counts.values())

    @property
    def total_label(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"

    def matching(self, kinds=None) -> int:
        """How many entries of ``kinds`` (of any kind if None) match, counting ``COUNT_CAP + 1`` at most per kind."""
        return sum(count for kind, count in self.counts.items() if not kinds or kind in kinds)

    def kind_counts(self) -> list[tuple[str, str, str]]:
        """(kind, its name, its count as shown) for each kind with a match, for links that narrow by kind."""
        kinds = SearchEntry.Kind.choices
        return [(kind, label, self.count_label(kind)) for kind, label in kinds if kind in self.counts]

    def count_label(self, kind: str) -> str:
        """The count shown for ``kind``: exact, or "1,000+" where counting stopped."""
        count = self.counts.get(kind, 0)
        return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


class RankedEntries(Sequence):
    """Entries in a ranked order of ids, fetched a slice at a time (with their headlines) by the paginator."""

    def __init__(self, ids: list[int], query: str):
        self.ids, self.query = ids, query

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _with_headlines(self.ids[index], self.query)
        return _with_headlines([self.ids[index]], self.query)[0]

    def __iter__(self):
        return iter(self[:])  # one query, not one per entry


def clean_query(query: str | None) -> str:
    """The query as we search it: no control characters (PostgreSQL refuses NUL), one space between words, capped."""
    text = _CONTROL.sub(" ", query or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(query, *, kinds=None, project=None, topic=None, year=None) -> SearchResults:
    """Public entries matching ``query``, best first, narrowed by kinds, a project and a topic (slugs) and a year.

    ``counts`` gives the matches per kind before the kind filter (capped, see the module's docstring),
    for links that narrow by kind.
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


def _capped_counts(entries: QuerySet) -> dict[str, int]:
    """Matches per kind, each counted up to ``COUNT_CAP + 1`` (a kind past the cap shows "1,000+").

    One query whatever the number of matches (counting all of 100,000 matches costs a scan of them
    all): per kind, a count over the first ``COUNT_CAP + 1`` matching rows. Kinds without a match are left out.
    """
    parts, params = [], []
    for kind in SearchEntry.Kind.values:
        sql, kind_params = entries.filter(kind=kind).order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        # The ORM compiled `sql`; every value travels in `params`.
        parts.append(f"SELECT %s, (SELECT COUNT(*) FROM ({sql}) capped)")  # noqa: S608  # nosec B608
        params += [kind, *kind_params]
    return _fetch_counts(" UNION ALL ".join(parts), params)


def _fetch_counts(sql: str, params: list) -> dict[str, int]:
    # ``sql`` wraps the ORM's SQL, its values as placeholders: every value is in ``params``.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {kind: count for kind, count in cursor.fetchall() if count}


class OnEntry(Func):
    """SQL on the index's PostgreSQL-only columns and functions, ``{t}`` standing for the entry's table.

    Not RawSQL: the table is named as the query at hand names it (an alias such as U0 inside a
    subquery), which this reads off the compiled primary key. ``template`` is one of the literals below;
    every value (the query above all) is a bound parameter.
    """

    def __init__(self, template: str, params: list, output_field):
        super().__init__(F("pk"), output_field=output_field)
        self.sql_template, self.sql_params = template, params

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        table = pk_sql.rsplit(".", 1)[0]
        return self.sql_template.replace("{t}", table), [*pk_params, *self.sql_params]


def _matches(query: str) -> OnEntry:
    return OnEntry("{t}.search_vector @@ " + TSQUERY, [query], BooleanField())


def _search_postgresql(query: str, scope: QuerySet, kinds) -> SearchResults:
    found = scope.filter(_matches(query))
    counts = _capped_counts(found)
    if not counts:  # nothing matched the words: show what resembles them instead
        return _resembling(query, scope, kinds)
    suggestion = _resembling(query, scope, kinds).suggestion if sum(counts.values()) < FEW_RESULTS else ""
    ids = _ranked_ids(scope, query, kinds, many=sum(counts.values()) > COUNT_CAP)
    return SearchResults(query, RankedEntries(ids, query), counts, suggestion)


def _resembling(query: str, scope: QuerySet, kinds) -> SearchResults:
    """Entries whose title resembles the query (trigrams), the most similar first, and the best title as a
    suggestion. One query: pg_trgm's % operator (similarity above 0.3) uses the trigram index on titles."""
    similar = scope.filter(OnEntry("{t}.title %% %s", [query], BooleanField()))
    similarity = OnEntry("similarity({t}.title, %s)", [query], FloatField())
    ordered = similar.annotate(similarity=similarity).order_by("-similarity", "-date", "-id")
    rows = list(ordered.values_list("pk", "kind", "title")[: COUNT_CAP + 1])
    best = rows[0][2] if rows else ""
    ids = [pk for pk, kind, _ in rows if not kinds or kind in kinds][:COUNT_CAP]
    return SearchResults(
        query=query,
        entries=RankedEntries(ids, query),
        counts=dict(Counter(kind for _, kind, _ in rows)),
        suggestion=best if best.casefold() != query.casefold() else "",
    )


def _ranked_ids(scope: QuerySet, query: str, kinds, *, many: bool) -> list[int]:
    """Ids of the matches best first: all of them ranked, or (``many``) only the candidates (module docstring)."""
    found = _of_kinds(scope.filter(_matches(query)), kinds)
    if many:
        newest = found.order_by("-date", "-id").values("pk")[:RECENT_CANDIDATES]
        # Title only, so an index-only scan of the (date, id) index, which includes title_vector, can serve it.
        titled = _of_kinds(scope.filter(OnEntry("{t}.title_vector @@ " + TSQUERY, [query], BooleanField())), kinds)
        titled = titled.order_by("-date", "-id").values("pk")[:TITLE_CANDIDATES]
        # A title match may still fail the whole query (a -word found in the text): match again.
        found = SearchEntry.objects.filter(pk__in=newest.union(titled, all=True)).filter(_matches(query))
    rank = OnEntry("ts_rank({t}.search_vector, " + TSQUERY + ")", [query], FloatField())
    ranked = found.annotate(rank=rank).order_by("-rank", "-date", "-id").values_list("pk", flat=True)
    return list(ranked[:COUNT_CAP])


def _with_headlines(ids: list[int], query: str) -> list[SearchEntry]:
    """The entries of ``ids`` in that order, each with its ``headline``: ts_headline on these rows only."""
    if not ids:
        return []
    headline = OnEntry(
        "ts_headline('english', coalesce(nullif({t}.body, ''), {t}.subtitle), " + TSQUERY + ", %s)",
        [query, HEADLINE_OPTIONS],
        TextField(),
    )
    rows = SearchEntry.objects.filter(pk__in=ids).annotate(headline=headline).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


def _search_words(query: str, scope: QuerySet, kinds) -> SearchResults:
    words = _WORD.findall(query)[:MAX_WORDS]
    if not words:
        return SearchResults(query=query, entries=SearchEntry.objects.none())
    found = scope
    for word in words:
        found = found.filter(Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(body__icontains=word))
    entries = _of_kinds(found, kinds).order_by("-date", "-id")[:COUNT_CAP]
    return SearchResults(query=query, entries=entries, counts=_capped_counts(found))


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
