"""Who may reach each URL of the portal (SECURITY.md item 10, 12): the table the IDOR tests read.

``url_patterns()`` lists every named pattern of the URL configuration, the admin's included. Each must have
an entry in ``ACCESS`` (or, for the admin, match ``ADMIN_PUBLIC`` / the staff-only rule): a URL added without
one fails ``test_every_url_has_an_entry_in_the_access_table``. Entries say:

- ``Public``: an anonymous visitor gets the page (kwargs built from a ``World`` when the URL has any);
- ``LoginRequired``: an anonymous visitor is sent to login with ``next``;
- ``ObjectScoped``: login required, and the object in the URL is only for its project's people:
  ``kwargs(world, side)`` builds the kwargs for side "a" or "b", ``data`` what to POST.
Everything under ``admin:`` except ``ADMIN_PUBLIC`` is staff only.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    converters: dict  # kwarg name -> converter class name ("int", "slug", "str", "path", or "regex")


def _converters(pattern) -> dict:
    found = {name: type(conv).__name__.removesuffix("Converter").lower() for name, conv in pattern.converters.items()}
    regex = getattr(pattern, "_regex", None)
    if regex is not None:  # re_path and DRF router patterns: named groups of the regex
        found.update({name: "regex" for name in re.compile(regex).groupindex if name not in found})
    return found


def url_patterns(patterns=None, prefix: str = "", namespace: str = "", converters=None) -> list[Pattern]:
    """Every URLPattern under the root URLconf, with its namespaced name, full route and converters."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        kinds = {**(converters or {}), **_converters(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += url_patterns(entry.url_patterns, route, inner, kinds)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {route}>"
            name = f"{namespace}:{name}" if namespace else name
            found.append(Pattern(name, route, kinds))
    return found


# Kinds of entry


@dataclass(frozen=True)
class Public:
    kwargs: Callable | None = None  # world -> kwargs of a public object
    method: str = "get"  # "post" for POST-only views (e.g. logout)
    statuses: tuple = (200,)


@dataclass(frozen=True)
class LoginRequired:
    pass


@dataclass(frozen=True)
class ObjectScoped:
    kwargs: Callable  # (world, side "a", "b" or "mixed") -> kwargs
    methods: tuple = ("get", "post")
    data: dict = field(default_factory=dict)
    nested: bool = False  # a child in a parent: also tried with A's parent and B's child ("mixed")
    # Anonymous visitors are sent to log in, except where a 404 must not even hint that the object
    # exists (uploaded files: tests/security/test_media.py).
    login_for_anonymous: bool = True


def _nested(parent: str, parent_kwarg: str, child: str, child_kwarg: str, **options) -> ObjectScoped:
    """A URL naming a parent and one of its children, e.g. a project's feed, by their attributes on a Side."""

    def kwargs(world, side):
        parent_object = getattr(world.parent_of(side), parent)
        parent_value = parent_object.slug if parent_kwarg == "slug" else parent_object.pk
        return {parent_kwarg: parent_value, child_kwarg: getattr(world.child_of(side), child).pk}

    return ObjectScoped(kwargs, nested=True, **options)


def _post(world, side):
    return {"pk": world.of(side).post.pk}


def _event(world, side):
    return {"pk": world.of(side).event.pk}


def _project(world, side):
    return {"slug": world.of(side).project.slug}


POST_EDIT = {"title": "Changed by someone else", "lead": "x", "body": "<p>x</p>", "kind": "news", "version": "1"}
EVENT_EDIT = {"title": "Changed by someone else", "version": "1", "sessions-TOTAL_FORMS": "0"}
POST_ONLY = ("post",)
GET_ONLY = ("get",)  # read-only pages: a POST is refused with 405 before any lookup

ACCESS = {
    # Django's auth views and the members' account pages
    "login": Public(),
    "logout": Public(method="post", statuses=(302,)),
    "password_change": LoginRequired(),
    "password_change_done": LoginRequired(),
    "password_reset": Public(),
    "password_reset_done": Public(),
    "password_reset_confirm": Public(lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Public(),
    # An unknown or used token shows a "this invitation is not valid" page, not a login.
    "accounts:invitation-accept": Public(lambda w: {"token": "no-such-token"}, statuses=(200, 404)),
    # The signed-in member's own data: no object in the URL, so nothing of someone else's to name.
    "accounts:profile": LoginRequired(),
    "accounts:export": LoginRequired(),
    "accounts:delete": LoginRequired(),
    # Staff's second factor, after the password (hub/members/two_factor.py)
    "accounts:two-factor-verify": LoginRequired(),
    "accounts:two-factor-setup": LoginRequired(),
    # The partners' workspace
    "workspace:dashboard": LoginRequired(),
    "workspace:post-list": LoginRequired(),
    "workspace:post-create": LoginRequired(),
    "workspace:post-edit": ObjectScoped(_post, data=POST_EDIT),
    "workspace:post-preview": ObjectScoped(_post, methods=GET_ONLY),
    "workspace:post-submit": ObjectScoped(_post, methods=POST_ONLY),
    "workspace:post-withdraw": ObjectScoped(_post, methods=POST_ONLY),
    "workspace:post-revisions": ObjectScoped(_post, methods=GET_ONLY),
    "workspace:post-document-add": ObjectScoped(_post, data={"title": "x", "kind": "other", "url": "https://x.eu/"}),
    "workspace:post-document-remove": _nested("post", "pk", "document", "document_pk", methods=POST_ONLY),
    "workspace:event-list": LoginRequired(),
    "workspace:event-create": LoginRequired(),
    "workspace:event-edit": ObjectScoped(_event, data=EVENT_EDIT),
    "workspace:event-preview": ObjectScoped(_event, methods=GET_ONLY),
    "workspace:event-submit": ObjectScoped(_event, methods=POST_ONLY),
    "workspace:event-withdraw": ObjectScoped(_event, methods=POST_ONLY),
    "workspace:event-revisions": ObjectScoped(_event, methods=GET_ONLY),
    "workspace:event-session-people": _nested(
        "event", "pk", "session", "session_pk", data={"version": "1", "people-TOTAL_FORMS": "0"}
    ),
    "workspace:project-list": LoginRequired(),
    "workspace:project-edit": ObjectScoped(_project, data={"summary": "Changed by someone else"}),
    "workspace:project-revisions": ObjectScoped(_project, methods=GET_ONLY),
    "workspace:project-feeds": ObjectScoped(_project, data={"url": "https://news.example.org/feed.xml"}),
    "workspace:project-feed-delete": _nested("project", "slug", "feed", "pk"),
    "stats:project-figures": ObjectScoped(_project, methods=GET_ONLY),
    # A project's register of deliverables and publications
    "register:deliverable-list": ObjectScoped(_project, methods=GET_ONLY),
    "register:deliverable-add": ObjectScoped(
        _project, data={"number": "D9.9", "title": "Forged", "work_package": "1"}
    ),
    "register:deliverable-edit": _nested("project", "slug", "deliverable", "pk", data={"title": "Changed"}),
    "register:deliverable-delete": _nested("project", "slug", "deliverable", "pk"),
    "register:publication-list": ObjectScoped(_project, methods=GET_ONLY),
    "register:publication-add": ObjectScoped(_project, data={"title": "Forged", "authors": "X", "year": "2025"}),
    "register:publication-edit": _nested("project", "slug", "publication", "pk", data={"title": "Changed"}),
    "register:publication-delete": _nested("project", "slug", "publication", "pk"),
    # The public site: published content only (drafts are checked in test_authorization.py)
    "projects:project-list": Public(),
    "projects:project-detail": Public(lambda w: {"slug": w.b.project.slug}),
    "projects:project-landscape": Public(),
    "results:result-list": Public(),
    # Counts the download, then sends the visitor to the file or the link.
    "stats:document-download": Public(lambda w: {"slug": w.published_document.slug}, statuses=(200, 302)),
    "members:organisation-list": Public(),
    "members:organisation-detail": Public(lambda w: {"slug": w.organisation.slug}),
    "members:person-detail": Public(lambda w: {"slug": w.public_person.slug}),
    "news:post-list": Public(),
    "news:feed-rss": Public(),
    "news:feed-atom": Public(),
    "news:project-feed-rss": Public(lambda w: {"slug": w.b.project.slug}),
    "news:project-feed-atom": Public(lambda w: {"slug": w.b.project.slug}),
    "news:topic-detail": Public(lambda w: {"slug": w.topic.slug}),
    "news:topic-feed-rss": Public(lambda w: {"slug": w.topic.slug}),
    "news:topic-feed-atom": Public(lambda w: {"slug": w.topic.slug}),
    "news:post-detail": Public(lambda w: {"slug": w.published_post.slug}),
    "events:event-list": Public(),
    "events:event-past": Public(),
    "events:calendar-ics": Public(),
    "events:project-calendar-ics": Public(lambda w: {"slug": w.b.project.slug}),
    "events:event-ics": Public(lambda w: {"slug": w.published_event.slug}),
    "events:event-detail": Public(lambda w: {"slug": w.published_event.slug}),
    "documents:document-list": Public(),
    "api:api-root": Public(),
    "api:schema": Public(),
    "api:export-projects": Public(),
    "api:export-organisations": Public(),
    "api:export-events": Public(),
    "api:search": Public(),
    "api:project-list": Public(),
    "api:project-detail": Public(lambda w: {"slug": w.b.project.slug}),
    "api:organisation-list": Public(),
    "api:organisation-detail": Public(lambda w: {"slug": w.organisation.slug}),
    "api:topic-list": Public(),
    "api:topic-detail": Public(lambda w: {"slug": w.topic.slug}),
    "api:event-list": Public(),
    "api:event-detail": Public(lambda w: {"slug": w.published_event.slug}),
    "api:post-list": Public(),
    "api:post-detail": Public(lambda w: {"slug": w.published_post.slug}),
    "api:document-list": Public(),
    "api:document-detail": Public(lambda w: {"slug": w.published_document.slug}),
    "api:deliverable-list": Public(),
    "api:deliverable-detail": Public(lambda w: {"pk": w.delivered.pk}),
    "api:publication-list": Public(),
    "api:publication-detail": Public(lambda w: {"pk": w.b.publication.pk}),
    "search:results": Public(),
    "syndication:widget-help": Public(),
    "syndication:news-widget": Public(),
    "sitemap": Public(),
    "sitemap-section": Public(lambda w: {"section": "news"}),
    "pages:home": Public(),
    "pages:about": Public(),
    "pages:contact": Public(),
    "pages:contact-thanks": Public(),
    "pages:accessibility": Public(),
    "pages:privacy": Public(),
    "pages:legal": Public(),
    "pages:robots": Public(),
    # A's draft attachment is a file only A's editors (and staff) may fetch (hub/core/media.py).
    "media": ObjectScoped(
        lambda w, side: {"path": w.of(side).document.file.name}, methods=GET_ONLY, login_for_anonymous=False
    ),
    "healthz": Public(),  # for load balancers: says only "ok" or which backend is down
}

# The admin's own sign-in page is the only admin URL for everyone; every other one is staff only.
ADMIN_PUBLIC = {"admin:login"}


def is_admin(name: str) -> bool:
    return name.startswith("admin:")


def missing_entries(patterns: list[Pattern]) -> list[str]:
    return sorted(p.name for p in patterns if not is_admin(p.name) and p.name not in ACCESS)


def sample_url(pattern: Pattern) -> str:
    """An address of an admin pattern: ids of rows that do not exist are enough, since a non-staff visitor
    must be turned away before any lookup. Unnamed patterns (redirects, the catch-all) are filled in by hand."""
    samples = {"int": 1, "path": "1", "str": "x", "slug": "x"}
    kwargs = {name: samples.get(kind, "x") for name, kind in pattern.converters.items()}
    if "app_label" in kwargs:
        kwargs["app_label"] = "news"
    if "<unnamed" not in pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), pattern.route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "no-such-page/", route)
    return "/" + route.replace("^", "").replace("$", "")
