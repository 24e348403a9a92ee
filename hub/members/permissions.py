"""Who may do what with project content: the one place views, querysets and the admin ask.

Partners post for the projects they belong to and edit what they wrote; a project's editors
edit every post and event of that project and the project's public page; staff do everything.
Nobody but staff publishes: that is the review's job (hub.core.services).
"""

from django.db.models import Q, QuerySet

from .models import Membership, Role


def member_projects(user) -> QuerySet:
    """The projects ``user`` may post for (all of them for staff)."""
    from hub.projects.models import Project

    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user).distinct()


def edited_projects(user) -> QuerySet:
    """The projects whose page and content ``user`` edits as a project editor."""
    from hub.projects.models import Project

    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user, memberships__role=Role.EDITOR).distinct()


def can_post_for(user, project) -> bool:
    return user.is_authenticated and (user.is_staff or Membership.objects.filter(user=user, project=project).exists())


def can_edit_project(user, project) -> bool:
    return user.is_authenticated and (
        user.is_staff or Membership.objects.filter(user=user, project=project, role=Role.EDITOR).exists()
    )


def editable_content_filter(user, *, owner_field: str) -> Q:
    """A filter for the posts or events ``user`` may edit: their own while still a member of one
    of the item's projects, and every item of the projects they edit. Staff get everything."""
    if user.is_staff:
        return Q()
    own = Q(**{owner_field: user}, projects__memberships__user=user)
    edited = Q(projects__memberships__user=user, projects__memberships__role=Role.EDITOR)
    return own | edited


def editable_posts(user) -> QuerySet:
    from hub.news.models import Post

    if not user.is_authenticated:
        return Post.objects.none()
    return Post.objects.filter(editable_content_filter(user, owner_field="author")).distinct()


def editable_events(user) -> QuerySet:
    from hub.events.models import Event

    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(editable_content_filter(user, owner_field="created_by")).distinct()


def can_edit_post(user, post) -> bool:
    return editable_posts(user).filter(pk=post.pk).exists()


def can_edit_event(user, event) -> bool:
    return editable_events(user).filter(pk=event.pk).exists()


def can_edit_content(user, obj) -> bool:
    """Whether ``user`` may edit (and so submit or withdraw) a post, an event or a document."""
    if not user or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    model = obj._meta.model_name
    if model == "post":
        return can_edit_post(user, obj)
    if model == "event":
        return can_edit_event(user, obj)
    if model == "document":
        parent = obj.post or obj.event
        return parent is not None and can_edit_content(user, parent)
    return False
