"""Back office for people, organisations, project memberships and invitations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.core import ratelimit
from hub.core.pagination import LargeTableAdminMixin
from hub.core.uploads import SafeUploadsAdminMixin
from hub.projects.admin import MembershipInline, ParticipationInline

from .models import Invitation, Membership, Organisation, User
from .services import invitation_check, invitation_create, invitation_resend


class UniqueEmailMixin:
    """E-mail is the login and logins ignore case, so "Ana@x.eu" and "ana@x.eu" are one person."""

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A member with this e-mail address already exists."), code="unique")
        return email


class MemberCreationForm(UniqueEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class MemberChangeForm(UniqueEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class MemberAdmin(LargeTableAdminMixin, SafeUploadsAdminMixin, UserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "job_title", "organisation", "bio", "photo")}),
        (_("Public profile page"), {"fields": ("public_profile", "slug")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "full_name", "organisation", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "public_profile", "groups")
    list_select_related = ("organisation",)
    search_fields = ("email", "full_name", "organisation__name", "organisation__short_name")
    ordering = ("full_name", "email")
    autocomplete_fields = ("organisation",)
    inlines = [MembershipInline]
    date_hierarchy = "date_joined"

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # the add page asks only for the login

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        # Only superusers hand out powers; otherwise any staff member could make themselves superuser.
        return (*fields, "is_superuser", "groups", "user_permissions")

    def has_change_permission(self, request, obj=None):
        # Staff must not take over a superuser's account, e.g. by setting its password.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(LargeTableAdminMixin, SafeUploadsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "country", "city")
    list_filter = ("kind", "country")
    search_fields = ("name", "short_name", "city", "cordis_id")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind")}),
        (_("Where"), {"fields": ("country", "city", "website")}),
        (_("Presentation"), {"fields": ("logo", "description")}),
        (_("EU identifiers (filled in by the CORDIS import)"), {"fields": ("cordis_id", "vat_number", "is_sme")}),
    )
    inlines = [ParticipationInline]


@admin.register(Membership)
class MembershipAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("user", "project", "role", "created_at")
    list_filter = ("role", "project")
    list_select_related = ("user", "project")
    search_fields = ("user__email", "user__full_name", "project__acronym")
    autocomplete_fields = ("user", "project")
    date_hierarchy = "created_at"


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending")), ("accepted", _("Accepted")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(accepted_at__isnull=True, expires_at__lte=timezone.now())
        return queryset


class InvitationAddForm(forms.ModelForm):
    """Adding an invitation sends it, so the form refuses up front what the service would refuse."""

    sender = None  # set per request by InvitationAdmin.get_form, for the rate limit

    class Meta:
        model = Invitation
        fields = ("email", "project", "role")

    def clean(self):
        cleaned_data = super().clean()
        email, project = cleaned_data.get("email"), cleaned_data.get("project")
        if email and project:
            invitation_check(email=User.objects.normalize_email(email), project=project)
            self.check_rate_limit()
        return cleaned_data

    def check_rate_limit(self):
        # Per sender, in the shared cache: a stolen staff session cannot mail thousands of addresses.
        if self.sender and not ratelimit.hit(f"user:{self.sender.pk}", "invitation"):
            raise ValidationError(_("You have sent many invitations in the last hour. Please try again later."))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "project", "role", "invited_by", "created_at", "expires_at", "state")
    list_filter = (InvitationStateFilter, "role", "project")
    list_select_related = ("project", "invited_by", "accepted_by")
    search_fields = ("email", "project__acronym")
    autocomplete_fields = ("project",)
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fieldsets = (
        (None, {"fields": ("email", "project", "role", "expires_at")}),
        (_("Tracking"), {"fields": ("key", "invited_by", "created_at", "accepted_at", "accepted_by")}),
    )
    # Saving the add form e-mails the invitation (valid for 7 days) through the same service as everywhere else.
    add_fieldsets = ((None, {"fields": ("email", "project", "role")}),)
    # The key is the secret in the e-mailed link and acceptance is the invitee's act: never typed here.
    readonly_fields = ("key", "invited_by", "created_at", "accepted_at", "accepted_by")

    @admin.display(description=_("state"))
    def state(self, invitation):
        if invitation.accepted_at:
            return _("Accepted")
        return _("Expired") if invitation.is_expired else _("Pending")

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.add_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        form = super().get_form(request, obj, **kwargs)
        form.sender = request.user  # a class made for this request by modelform_factory
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        invitation = invitation_create(email=obj.email, project=obj.project, role=obj.role, by=request.user)
        obj.pk = invitation.pk
        obj.refresh_from_db()  # the admin goes on with ``obj``: give it the saved key, sender and expiry
        self.message_user(request, _("The invitation was e-mailed to %(email)s.") % {"email": obj.email})

    @admin.action(description=_("Send again (valid for another 7 days)"), permissions=["change"])
    def send_again(self, request, queryset):
        sent = 0
        for invitation in queryset.select_related("project"):
            if not ratelimit.hit(f"user:{request.user.pk}", "invitation"):
                self.message_user(
                    request, _("Too many invitations sent in the last hour; the rest were not sent."), messages.WARNING
                )
                break
            try:
                invitation_resend(invitation=invitation, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                sent += 1
        if sent:
            message = ngettext("%(count)d invitation sent again.", "%(count)d invitations sent again.", sent)
            self.message_user(request, message % {"count": sent}, messages.SUCCESS)
