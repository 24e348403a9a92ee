"""Reads for the partners' workspace; each list costs a fixed number of queries, however long it is."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.core.models import PublicationStatus
from hub.members.models import Membership, Role
from hub.projects.models import Project

S = PublicationStatus
DASHBOARD_ITEMS = 10


@dataclass
class ProjectRole:
    project: Project
    role: str
    can_edit: bool


def project_roles(user) -> list[ProjectRole]:
    """The projects ``user`` belongs to with their role and whether they edit the page; staff see every project."""
    memberships = Membership.objects.filter(user=user).select_related("project").order_by("project__acronym")
    if not user.is_staff:
        return [ProjectRole(m.project, m.get_role_display(), m.role == Role.EDITOR) for m in memberships]
    roles = {m.project_id: m.get_role_display() for m in memberships}
    return [ProjectRole(p, roles.get(p.pk, _("Hub staff")), True) for p in Project.objects.order_by("acronym")]


@dataclass
class StatusGroup:
    key: str
    label: str
    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def status_groups(now) -> list[tuple]:
    """The dashboard's groups: key, heading, which rows, newest first (scheduled: soonest first)."""
    published = Q(status=S.PUBLISHED)
    return [
        ("draft", _("Drafts"), Q(status=S.DRAFT), ["-updated_at"]),
        ("submitted", _("Waiting for review"), Q(status=S.SUBMITTED), ["-submitted_at"]),
        ("rejected", _("Sent back by the reviewers"), Q(status=S.REJECTED), ["-updated_at"]),
        ("scheduled", _("Scheduled"), published & Q(published_at__gt=now), ["published_at"]),
        ("published", _("Published"), published & Q(published_at__lte=now), ["-published_at"]),
    ]


def content_by_status(items, *, limit: int = DASHBOARD_ITEMS) -> list[StatusGroup]:
    """``items`` (the posts or events a user may edit) in the dashboard's groups: the latest ``limit`` of
    each and how many there are in all; one query for the counts and one per group that is not empty."""
    rows = items.model.objects.filter(pk__in=items.values("pk"))
    groups = status_groups(timezone.now())
    totals = rows.aggregate(**{key: Count("pk", filter=condition) for key, _label, condition, _order in groups})
    result = []
    for key, label, condition, order in groups:
        found = list(rows.filter(condition).order_by(*order, "-id")[:limit]) if totals[key] else []
        result.append(StatusGroup(key, label, found, totals[key]))
    return result
