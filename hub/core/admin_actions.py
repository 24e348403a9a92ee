"""What the Post, Event and Document admins share: publication actions that go through
``content_transition`` (so every status change lands in the audit trail), and the review
history shown on each change page; and the revisions block of the Post, Event and Project pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEntry, PublicationStatus, Revision
from .services import TRANSITIONS, content_transition

# Status and dates change only through the actions, so they are never typed in a form.
PUBLICATION_READONLY_FIELDS = ("status", "published_at", "submitted_at", "review_note", "audit_trail")
# Posted by the submit button of the intermediate pages, like Django's delete confirmation.
CONFIRMED = "confirmed"


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=gettext_lazy("The author sees this note with their submission: say what to change."),
        error_messages={"required": gettext_lazy("Give the author a reason for the rejection.")},
    )

    def transition_arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=gettext_lazy("Publish at"),
        widget=AdminSplitDateTime,
        help_text=gettext_lazy("A future date schedules publication: the item becomes public then."),
    )

    def transition_arguments(self) -> dict:
        return {"at": self.cleaned_data["publish_at"]}


def status_label(value: str) -> str:
    """The readable name of a stored status; audit rows may hold a value no longer in the choices."""
    try:
        return PublicationStatus(value).label
    except ValueError:
        return value


def refusal_message(obj, error: Exception) -> str:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    # The service names the object in most refusals; name it where it does not, so each line stands alone.
    return text if str(obj) in text else f"“{obj}”: {text}"


class PublicationAdminMixin:
    """Publication actions, the review history and the moderation-queue hooks for a Publishable's admin.

    ``owner_field`` names the foreign key to the person who wrote or proposed the item."""

    owner_field = "author"
    actions = ["publish_now", "publish_on_date", "archive", "reject_with_reason"]

    # Actions

    @admin.action(description=gettext_lazy("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        objects = list(queryset)
        for obj in objects:
            if obj.is_public:
                # Publishing again would move its date to today and reorder the news; keep the original date.
                self.message_user(request, _("“%s” is already public; nothing changed.") % obj, messages.WARNING)
        self.run_transition(request, [obj for obj in objects if not obj.is_public], "publish")

    @admin.action(description=gettext_lazy("Publish on a date (schedule)…"), permissions=["change"])
    def publish_on_date(self, request, queryset):
        return self.confirm_transition(
            request,
            queryset,
            "publish_on_date",
            action="publish",
            form_class=ScheduleForm,
            title=_("Publish on a date"),
        )

    @admin.action(description=gettext_lazy("Archive"), permissions=["change"])
    def archive(self, request, queryset):
        self.run_transition(request, queryset, "archive")

    @admin.action(description=gettext_lazy("Reject with a reason…"), permissions=["change"])
    def reject_with_reason(self, request, queryset):
        return self.confirm_transition(
            request, queryset, "reject_with_reason", action="reject", form_class=RejectForm, title=_("Reject")
        )

    def run_transition(self, request, objects, action: str, *, reason: str = "", at=None) -> int:
        """Apply ``action`` to each object on its own: a refusal is reported and does not stop the others."""
        done = []
        for obj in objects:
            try:
                content_transition(obj=obj, action=action, by=request.user, reason=reason, at=at)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, refusal_message(obj, error), messages.ERROR)
            else:
                done.append(obj)
        if done:
            self.message_user(request, self.success_message(action, done, at), messages.SUCCESS)
        return len(done)

    def success_message(self, action: str, done: list, at) -> str:
        verb = TRANSITIONS[action].verb
        if action == "publish" and at and at > timezone.now():
            verb = _("scheduled for %s") % formats.localize(timezone.localtime(at))
        return _("%(count)d %(items)s %(verb)s: %(titles)s.") % {
            "count": len(done),
            "items": model_ngettext(self.opts, len(done)),
            "verb": verb,
            "titles": ", ".join(f"“{obj}”" for obj in done),
        }

    def confirm_transition(self, request, queryset, admin_action: str, *, action: str, form_class, title: str):
        """An intermediate page asking for what the move needs (a reason, a date); apply it once the form is valid."""
        form = form_class(request.POST if CONFIRMED in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_transition(request, queryset, action, **form.transition_arguments())
            return None  # the admin goes back to the list, where the messages show
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "queryset": queryset,
            "objects_name": model_ngettext(queryset),
            "admin_action": admin_action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "confirmed_name": CONFIRMED,
            "target_status": status_label(TRANSITIONS[action].target),
        }
        return TemplateResponse(request, "admin/hub/transition_confirmation.html", context)

    # Change page and list

    @admin.display(description=gettext_lazy("Review history"))
    def audit_trail(self, obj):
        if obj is None or obj.pk is None:
            return _("Nothing yet: the history starts with the first status change.")
        content_type = ContentType.objects.get_for_model(obj)
        entries = AuditEntry.objects.filter(content_type=content_type, object_id=obj.pk).select_related("actor")
        rows = [(entry, status_label(entry.from_status), status_label(entry.to_status)) for entry in entries]
        trail_url = reverse(f"{self.admin_site.name}:core_auditentry_changelist")
        query = f"?content_type__id__exact={content_type.pk}&object_id={obj.pk}"
        return render_to_string("admin/hub/includes/audit_trail.html", {"rows": rows, "trail_url": trail_url + query})

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def publication_state(self, obj):
        if obj.status == PublicationStatus.PUBLISHED and not obj.is_public and obj.published_at:
            return _("Scheduled for %s") % formats.localize(timezone.localtime(obj.published_at))
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("projects"))
    def project_list(self, obj):
        # Reads the prefetched projects (see get_queryset): no query per row.
        return ", ".join(project.acronym for project in obj.projects.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("projects")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new item has no history yet
            return [(name, options) for name, options in fieldsets if "audit_trail" not in options["fields"]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change and getattr(obj, f"{self.owner_field}_id") is None:
            setattr(obj, self.owner_field, request.user)
        if change and hasattr(obj, "version"):
            # Partners' edits carry the version they started from; bumping it here makes an edit
            # based on the text before this save fail instead of silently overwriting it.
            obj.version += 1
        super().save_model(request, obj, form, change)

    # Moderation queue

    def moderation_queryset(self):
        """Everything waiting for review, with what the queue shows, in a fixed number of queries."""
        return self.model.objects.submitted().select_related(self.owner_field).prefetch_related("projects")


class RevisionHistoryAdminMixin:
    """A "Revisions" block for the change page: each saved version of the item, who saved it, when and what
    changed, in one query however long the history. Put ``revision_history`` in a fieldset and in
    ``readonly_fields``; the fieldset is left out of the add page."""

    @admin.display(description=gettext_lazy("Revisions"))
    def revision_history(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        revisions = Revision.objects.filter(content_type=content_type, object_id=obj.pk).select_related("author")
        list_url = reverse(f"{self.admin_site.name}:core_revision_changelist")
        context = {
            "revisions": revisions,
            "versioned": any(field.name == "version" for field in obj._meta.fields),
            "list_url": f"{list_url}?content_type__id__exact={content_type.pk}&object_id={obj.pk}",
        }
        return render_to_string("admin/hub/includes/revisions.html", context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new item has no revisions yet
            return [(name, options) for name, options in fieldsets if "revision_history" not in options["fields"]]
        return fieldsets
