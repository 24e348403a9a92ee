"""Which writes retire the cached public pages (see hub/core/page_cache.py).

Any saved, deleted or re-linked row of an app whose content appears on public pages counts,
except the models listed as private below: they never show on a public page, and some of them
(login records, sessions) change on every login, which would empty the cache for nothing.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .page_cache import content_changed

PUBLIC_APPS = {"core", "members", "projects", "news", "events", "documents", "pages", "syndication"}
PRIVATE_MODELS = {
    "core.auditentry",
    "core.revision",
    "members.loginrecord",
    "members.invitation",
    "pages.contactmessage",
}


def _shows_in_public(model) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_APPS and meta.label_lower not in PRIVATE_MODELS


def _on_save(sender, update_fields=None, **kwargs):
    # A login stamps last_login on the user: nothing public changed.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if _shows_in_public(sender):
        content_changed()


def _on_delete(sender, **kwargs):
    if _shows_in_public(sender):
        content_changed()


def _on_relink(sender, instance, action, **kwargs):
    if action.startswith("post_") and _shows_in_public(type(instance)):
        content_changed()


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="page-cache-save")
    post_delete.connect(_on_delete, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_on_relink, dispatch_uid="page-cache-relink")
