"""The staff second-factor pages: set up an authenticator app, then type its code before the admin."""

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from django_otp import login as otp_login

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": gettext_lazy("Type the 6-digit code your authenticator app shows.")},
    )


def safe_next(request, default: str = "admin:index") -> str:
    """The ``next`` page if it is on this site, else ``default``: never a redirect to another host."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else resolve_url(default)


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(LoginRequiredMixin, FormView):
    """Shared by both pages: only staff get here; a partner is sent on, never asked for a code."""

    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.needs_second_factor(request.user):
            return redirect(safe_next(request, "workspace:dashboard"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request), **kwargs)

    def too_many_failures(self):
        context = {"cooloff_minutes": max(1, int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60)}
        return render(self.request, "two_factor/locked_out.html", context, status=429)


class SecondFactorVerifyView(SecondFactorView):
    template_name = "two_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.needs_second_factor(request.user):
            if request.user.is_verified():
                return redirect(safe_next(request))
            if not two_factor.has_confirmed_device(request.user):
                return redirect(with_next("accounts:two-factor-setup", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            device = two_factor.code_check(request=self.request, code=form.cleaned_data["code"])
        except two_factor.TooManyCodeFailures:
            return self.too_many_failures()
        if device is None:
            form.add_error(
                "code",
                _(
                    "This code is not right. Codes change every 30 seconds: type the one shown now, "
                    "or one of your backup codes."
                ),
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(safe_next(self.request))


class SecondFactorSetupView(SecondFactorView):
    """A staff member without an authenticator adds one: scan or type the secret, confirm with a code."""

    template_name = "two_factor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Once a device is confirmed, a password alone must never be enough to add another.
        if request.user.is_authenticated and two_factor.has_confirmed_device(request.user):
            return redirect(with_next("accounts:two-factor-verify", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.enrolment_device(user=self.request.user)
        context = {"qr_code_svg": two_factor.qr_code_svg(device), "secret": two_factor.secret_text(device)}
        return super().get_context_data(**context, **kwargs)

    def form_valid(self, form):
        device = two_factor.enrolment_device(user=self.request.user)
        try:
            codes = two_factor.enrolment_confirm(device=device, code=form.cleaned_data["code"], request=self.request)
        except two_factor.TooManyCodeFailures:
            return self.too_many_failures()
        if codes is None:
            form.add_error("code", _("This code is not right. Type the 6-digit code the app shows now."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        # Shown once, in this answer only: no page shows them again (new ones replace them).
        return render(self.request, "two_factor/backup_codes.html", {"codes": codes, "next": safe_next(self.request)})
