"""The write path for posts: creating and editing them (with optimistic locking and revisions) and the
documents attached to them. Review steps (submit, withdraw, publish, reject) go through
``hub.core.services.content_transition``.

Who may change a post's content:

- its author (while a member of one of its projects) and the editors of its projects, as long as the
  post is a draft or was rejected: a submitted post is withdrawn first, so reviewers never read a text
  that changes under them; a published, scheduled or archived post is changed by hub staff only;
- hub staff, whatever the status (e.g. a typo in a published post). A staff edit keeps the status.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hub.core.models import PublicationStatus
from hub.core.services import audit_record, revision_record
from hub.documents.models import Document
from hub.members.permissions import can_edit_post, can_post_for

from .models import Post

S = PublicationStatus

# What a partner types; staff may also set the address, the event and the author (in the admin).
CONTENT_FIELDS = frozenset({"title", "lead", "body", "kind", "featured_image", "featured_image_alt"})
STAFF_FIELDS = frozenset({"slug", "event", "author"})
REVISION_FIELDS = [
    "title", "lead", "body", "kind", "featured_image", "featured_image_alt", "event", "projects", "topics",
]  # fmt: skip
WORKFLOW_FIELDS = ("status", "published_at", "submitted_at", "review_note", "version")
OPEN_TO_PARTNERS = frozenset({S.DRAFT, S.REJECTED})


class EditConflict(ValidationError):
    """The post was saved by someone else after the editor loaded it: their save is refused."""

    def __init__(self, *, current_version: int):
        super().__init__(
            _lazy("Someone else saved this post since you opened it. Your changes were not saved."),
            code="edit_conflict",
        )
        self.current_version = current_version


def post_is_open_to(user, post: Post) -> bool:
    """Whether the post's status lets ``user`` change its content (see the module docstring)."""
    return bool(user.is_staff or post.status in OPEN_TO_PARTNERS)


def _check_fields(by, fields: dict) -> None:
    unknown = set(fields) - CONTENT_FIELDS - STAFF_FIELDS
    if unknown:
        raise TypeError(f"Not a post field that can be edited: {', '.join(sorted(unknown))}")
    if not by.is_staff and set(fields) & STAFF_FIELDS:
        raise PermissionDenied(_("Only hub staff can change this."))


def _check_projects(by, projects, *, required: bool) -> None:
    if required and not by.is_staff and not projects:
        raise ValidationError({"projects": _("Choose at least one of your projects.")})
    if any(not can_post_for(by, project) for project in projects):
        raise PermissionDenied(_("You can only post for your own projects."))


@transaction.atomic
def post_create(*, by, projects=(), topics=(), **fields) -> Post:
    """Create a draft written by ``by`` for ``projects`` (all of them theirs) and keep its first revision."""
    _check_fields(by, fields)
    projects = list(projects)
    _check_projects(by, projects, required=True)
    fields.setdefault("author", by)
    post = Post(**fields, status=S.DRAFT)
    post.full_clean()
    post.save()
    post.projects.set(projects)
    post.topics.set(topics)
    revision_record(obj=post, by=by, fields=REVISION_FIELDS, summary=_("Created"))
    return post


@transaction.atomic
def post_update(*, post: Post, by, expected_version: int, projects=None, topics=None, **fields) -> Post:
    """Save ``fields`` if the post is still at ``expected_version`` (else raise EditConflict), bump its
    version and keep a revision; the status is left as it is. ``projects`` replaces those ``by`` may post
    for; the post's other projects stay (a partner cannot add or remove another project)."""
    _check_fields(by, fields)
    if not can_edit_post(by, post):
        raise PermissionDenied(_("You can only edit posts of your own projects."))
    # The conditional UPDATE claims the next version atomically: of two saves from the same version,
    # exactly one matches a row, on SQLite and PostgreSQL alike; the row stays locked until commit.
    claimed = Post.objects.filter(pk=post.pk, version=expected_version).update(version=F("version") + 1)
    stored = Post.objects.get(pk=post.pk)
    if not claimed:
        raise EditConflict(current_version=stored.version)
    if not post_is_open_to(by, stored):
        raise ValidationError(closed_message(stored))
    changed = _apply_fields(post, stored, fields)
    for name in WORKFLOW_FIELDS:  # as stored now: a review step may have happened since ``post`` was read
        setattr(post, name, getattr(stored, name))
    post.full_clean()
    post.save(update_fields=[*changed, "version", "updated_at"])
    changed += _apply_relations(post, by, projects=projects, topics=topics)
    revision_record(obj=post, by=by, fields=REVISION_FIELDS, summary=_change_summary(changed))
    return post


def closed_message(post: Post) -> str:
    """Why a partner cannot change ``post`` in its current status."""
    if post.status == S.SUBMITTED:
        return _("“%(title)s” is waiting for review: withdraw it before you change it.") % {"title": post}
    if post.status == S.PUBLISHED and not post.is_public:
        return _("“%(title)s” is scheduled for publication: ask hub staff to change it.") % {"title": post}
    return _("“%(title)s” is %(status)s: ask hub staff to change it.") % {
        "title": post,
        "status": post.get_status_display().lower(),
    }


def _apply_fields(post: Post, stored: Post, fields: dict) -> list[str]:
    """Set ``fields`` on ``post`` as a form would; return the names whose value differs from ``stored``."""
    changed = []
    for name, value in fields.items():
        field = Post._meta.get_field(name)
        field.save_form_data(post, value)  # a file field ignores None (kept) and clears on False
        if field.value_from_object(post) != field.value_from_object(stored) or isinstance(value, UploadedFile):
            changed.append(name)
    return changed


def _apply_relations(post: Post, by, *, projects, topics) -> list[str]:
    changed = []
    if projects is not None:
        current = set(post.projects.all())
        kept = {project for project in current if not can_post_for(by, project)}
        wanted = set(projects) - kept
        _check_projects(by, wanted, required=True)
        if wanted | kept != current:
            post.projects.set(wanted | kept)
            changed.append("projects")
    if topics is not None and set(topics) != set(post.topics.all()):
        post.topics.set(topics)
        changed.append("topics")
    return changed


def _change_summary(changed: list[str]) -> str:
    if not changed:
        return _("Saved without changes")
    names = ", ".join(str(Post._meta.get_field(name).verbose_name) for name in changed)
    return _("Changed %(fields)s") % {"fields": names}


def _check_post_open(*, post: Post, by) -> None:
    if not can_edit_post(by, post):
        raise PermissionDenied(_("You can only change posts of your own projects."))
    if not post_is_open_to(by, post):
        raise ValidationError(closed_message(post))


@transaction.atomic
def post_document_add(*, post: Post, by, title: str, kind: str, file=None, url: str = "") -> Document:
    """Attach a file or a link to ``post``. It is stored as published but, like every attached document,
    is public only while the post is: it goes through the post's review and appears when the post does."""
    _check_post_open(post=post, by=by)
    document = Document(
        post=post,
        title=title,
        kind=kind,
        file=file or "",
        url=url,
        uploaded_by=by,
        status=S.PUBLISHED,
        published_at=timezone.now(),
    )
    document.full_clean()
    document.save()
    document.projects.set(post.projects.all())
    audit_record(obj=post, action="attach document", by=by, reason=document.title)
    return document


@transaction.atomic
def post_document_remove(*, document: Document, by) -> None:
    """Remove a document from its post and delete its file once the removal is committed."""
    post = document.post
    if post is None:
        raise ValidationError(_("This document is not attached to a post."))
    _check_post_open(post=post, by=by)
    file, title = document.file, document.title
    document.delete()
    audit_record(obj=post, action="remove document", by=by, reason=title)
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))
