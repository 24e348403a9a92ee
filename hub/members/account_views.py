"""Views of /accounts/ beside Django's login and password views: invitations, the profile, personal data."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, UpdateView

from hub.core.ratelimit import UploadRateLimitMixin

from .account_forms import AccountDeleteForm, InvitationConfirmForm, InvitationSignupForm, ProfileForm
from .models import User
from .services import (
    InvitationUnusable,
    invitation_accept,
    invitation_accept_existing,
    invitation_from_token,
    is_addressed_to,
    personal_data_export,
    user_delete,
    user_profile_update,
)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where they match, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@method_decorator(never_cache, name="dispatch")
class InvitationAcceptView(FormView):
    """The e-mailed link: a new person creates their account; a member with an account confirms."""

    template_name = "members/account/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitation_from_token(token=kwargs["token"])
        except InvitationUnusable as error:
            return self.unusable(error)
        if request.user.is_authenticated and not is_addressed_to(self.invitation, request.user):
            return self.not_yours()
        if not request.user.is_authenticated and User.objects.filter(email__iexact=self.invitation.email).exists():
            # The account exists: its owner logs in with their password, then comes back here to confirm.
            if request.method == "POST":
                return redirect_to_login(request.path)
            return render(request, "members/account/invitation_login.html", {"invitation": self.invitation})
        return super().dispatch(request, *args, **kwargs)

    def unusable(self, error: InvitationUnusable):
        context = {"reason": error.reason, "invitation": error.invitation}
        return render(self.request, "members/account/invitation_unusable.html", context, status=error.status)

    def not_yours(self):
        return render(self.request, "members/account/invitation_not_yours.html", status=403)

    def get_form_class(self):
        return InvitationConfirmForm if self.request.user.is_authenticated else InvitationSignupForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.request.user.is_authenticated:
            kwargs["email"] = self.invitation.email
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def form_valid(self, form):
        token = self.kwargs["token"]
        try:
            if self.request.user.is_authenticated:
                invitation_accept_existing(token=token, user=self.request.user)
                user = self.request.user
            else:
                data = form.cleaned_data
                user = invitation_accept(token=token, full_name=data["full_name"], password=data["password"])
                # Named: with the lockout backend first in the list, login() cannot guess which one.
                login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        except InvitationUnusable as error:
            return self.unusable(error)
        except PermissionDenied:
            return self.not_yours()
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        project, role = self.invitation.project, self.invitation.get_role_display().lower()
        messages.success(
            self.request,
            _("Welcome, %(name)s: you have joined %(project)s as %(role)s.")
            % {"name": user.get_short_name(), "project": project.acronym, "role": role},
        )
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))


@method_decorator(never_cache, name="dispatch")
class ProfileUpdateView(LoginRequiredMixin, UploadRateLimitMixin, UpdateView):
    form_class = ProfileForm
    template_name = "members/account/profile_form.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        # A copy, so a refused form does not change the name shown for the signed-in user.
        return User.objects.select_related("organisation").get(pk=self.request.user.pk)

    def get_context_data(self, **kwargs):
        recent_logins = self.request.user.login_records.all()[:5]
        return super().get_context_data(recent_logins=recent_logins, **kwargs)

    def form_valid(self, form):
        try:
            user_profile_update(user=self.object, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile has been saved."))
        return redirect(self.success_url)


@method_decorator(never_cache, name="dispatch")
class PersonalDataExportView(LoginRequiredMixin, View):
    """A JSON file of everything the portal holds about the signed-in member."""

    def get(self, request):
        data = personal_data_export(user=request.user)
        dump_options = {"indent": 2, "ensure_ascii": False}
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params=dump_options)
        filename = f"cluster-hub-personal-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(never_cache, name="dispatch")
class AccountDeleteView(LoginRequiredMixin, FormView):
    """Deleting one's own account, confirmed with the current password."""

    form_class = AccountDeleteForm
    template_name = "members/account/delete_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user_delete(user=User.objects.get(pk=self.request.user.pk))
        logout(self.request)
        messages.success(
            self.request, _("Your account has been deleted. What you published stays online, without your name.")
        )
        return redirect("pages:home")
