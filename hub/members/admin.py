"""Back office for people, organisations, project memberships and invitations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.projects.admin import MembershipInline, ParticipationInline

from .models import Invitation, Membership, Organisation, User


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
class MemberAdmin(UserAdmin):
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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "country", "city")
    list_filter = ("kind", "country")
    search_fields = ("name", "short_name", "city")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind")}),
        (_("Where"), {"fields": ("country", "city", "website")}),
        (_("Presentation"), {"fields": ("logo", "description")}),
    )
    inlines = [ParticipationInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "project", "role", "created_at")
    list_filter = ("role", "project")
    list_select_related = ("user", "project")
    search_fields = ("user__email", "user__full_name", "project__acronym")
    autocomplete_fields = ("user", "project")
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "project", "role", "invited_by", "created_at", "expires_at", "state")
    list_filter = ("role", "project")
    list_select_related = ("project", "invited_by", "accepted_by")
    search_fields = ("email", "project__acronym")
    autocomplete_fields = ("project",)
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("email", "project", "role", "expires_at")}),
        (_("Tracking"), {"fields": ("key", "invited_by", "created_at", "accepted_at", "accepted_by")}),
    )
    # The key is the secret in the e-mailed link and acceptance is the invitee's act: never typed here.
    readonly_fields = ("key", "invited_by", "created_at", "accepted_at", "accepted_by")

    @admin.display(description=_("state"))
    def state(self, invitation):
        if invitation.accepted_at:
            return _("Accepted")
        return _("Expired") if invitation.is_expired else _("Pending")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)
