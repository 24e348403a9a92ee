"""The one write path for moving content through review: views, admin actions and commands call these."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hub.members.permissions import can_edit_content

from .models import AuditEntry, PublicationStatus, Publishable, Revision
from .notifications import notify_transition

S = PublicationStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    staff_only: bool
    verb: str  # for messages: "cannot be <verb>"


TRANSITIONS = {
    "submit": Transition(frozenset({S.DRAFT, S.REJECTED}), S.SUBMITTED, False, _lazy("submitted")),
    "withdraw": Transition(frozenset({S.SUBMITTED}), S.DRAFT, False, _lazy("withdrawn")),
    "publish": Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED, S.PUBLISHED}), S.PUBLISHED, True, _lazy("published")
    ),
    "reject": Transition(frozenset({S.SUBMITTED}), S.REJECTED, True, _lazy("rejected")),
    "archive": Transition(frozenset({S.PUBLISHED}), S.ARCHIVED, True, _lazy("archived")),
}


def audit_record(*, obj, action: str, by, from_status: str = "", to_status: str = "", reason: str = "") -> AuditEntry:
    """Store one line of the audit trail for ``obj``."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        actor=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def content_transition(
    *, obj: Publishable, action: str, by, reason: str = "", at: datetime | None = None
) -> Publishable:
    """Move ``obj`` through ``action``; raise ValidationError if the move is not allowed from its
    current status, PermissionDenied if ``by`` may not make it. Records the move in the audit trail."""
    transition = TRANSITIONS[action]
    if transition.staff_only and not (by and by.is_staff):
        raise PermissionDenied(_("Only hub staff can do this."))
    if not can_edit_content(by, obj):
        raise PermissionDenied(_("You can only change content of your own projects."))
    if obj.status not in transition.sources:
        raise ValidationError(
            _("“%(obj)s” is in status “%(status)s” and cannot be %(verb)s.")
            % {"obj": obj, "status": obj.get_status_display(), "verb": transition.verb}
        )
    if action == "reject" and not reason.strip():
        raise ValidationError(_("Give the author a reason for the rejection."))
    previous = obj.status
    obj.status = transition.target
    fields = ["status", "updated_at"]
    if action == "publish":
        obj.published_at = at or timezone.now()
        fields.append("published_at")
    if action == "submit":
        obj.submitted_at = timezone.now()
        fields.append("submitted_at")
    if action in {"reject", "publish"}:
        obj.review_note = reason.strip()
        fields.append("review_note")
    obj.full_clean()
    obj.save(update_fields=fields)
    audit_record(obj=obj, action=action, by=by, from_status=previous, to_status=obj.status, reason=reason.strip())
    notify_transition(obj=obj, action=action, by=by, reason=reason.strip())
    return obj


def revision_record(*, obj, by, fields: list[str], summary: str = "") -> Revision:
    """Keep a copy of ``fields`` of ``obj`` as they are now, under its current version number."""
    data = {name: _serialisable(obj, name) for name in fields}
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        version=getattr(obj, "version", 1),
        data=data,
        author=by if by is not None and by.is_authenticated else None,
        summary=summary[:200],
    )


def _serialisable(obj, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    value = field.value_from_object(obj)
    return str(value) if value is not None and not isinstance(value, int | bool | str) else value
