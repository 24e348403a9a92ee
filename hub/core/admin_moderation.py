"""The moderation queue: everything waiting for review, oldest first, with publish and reject at hand.

It lists the models whose admin uses PublicationAdminMixin, and acts through that admin's
``run_transition``: the same code path, messages and audit trail as the list actions."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .admin_actions import PublicationAdminMixin
from .models import PublicationStatus

QUEUE_ACTIONS = {"publish", "reject"}


@dataclass(frozen=True)
class QueueItem:
    obj: object
    model_admin: PublicationAdminMixin
    can_change: bool

    @property
    def key(self) -> str:
        return f"{self.obj._meta.label_lower}:{self.obj.pk}"

    @property
    def type_name(self) -> str:
        return self.obj._meta.verbose_name

    @property
    def owner(self):
        return getattr(self.obj, self.model_admin.owner_field)

    @property
    def waiting_since(self):
        return self.obj.submitted_at or self.obj.created_at

    @property
    def change_url(self) -> str:
        opts = self.obj._meta
        return reverse(
            f"{self.model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(self.obj.pk)]
        )


def moderated_admins(site, request) -> list:
    return [
        model_admin
        for model_admin in site._registry.values()
        if isinstance(model_admin, PublicationAdminMixin) and model_admin.has_view_or_change_permission(request)
    ]


def waiting_items(site, request) -> list[QueueItem]:
    """Every submitted item the user may see, oldest submission first; one query per model plus its projects."""
    items = [
        QueueItem(obj, model_admin, model_admin.has_change_permission(request, obj))
        for model_admin in moderated_admins(site, request)
        for obj in model_admin.moderation_queryset()
    ]
    return sorted(items, key=lambda item: (item.waiting_since, item.obj.created_at))


def waiting_count(site, request) -> int:
    return sum(model_admin.model.objects.submitted().count() for model_admin in moderated_admins(site, request))


def moderation_view(site, request):
    if request.method == "POST":
        act_on_item(site, request)
        return HttpResponseRedirect(request.path)
    context = {
        **site.each_context(request),
        "title": _("Moderation queue"),
        "items": waiting_items(site, request),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/hub/moderation_queue.html", context)


def act_on_item(site, request) -> None:
    model_admin, obj = find_item(site, request, request.POST.get("item", ""))
    action = request.POST.get("transition", "")
    if action not in QUEUE_ACTIONS:
        raise SuspiciousOperation("Unknown moderation action.")
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    if obj.status != PublicationStatus.SUBMITTED:
        # Someone else handled it since this page was loaded; acting now would overrule them.
        messages.warning(request, _("“%s” is no longer waiting for review; nothing changed.") % obj)
        return
    model_admin.run_transition(request, [obj], action, reason=request.POST.get("reason", ""))


def find_item(site, request, key: str):
    """The admin and the object named by a queue item's ``<app_label>.<model>:<pk>`` key."""
    label, _sep, pk = key.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    model_admin = site._registry.get(model)
    if not isinstance(model_admin, PublicationAdminMixin):
        raise Http404
    obj = model_admin.get_object(request, pk)
    if obj is None:
        raise Http404
    return model_admin, obj
