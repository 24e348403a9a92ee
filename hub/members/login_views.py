"""Django's login and password views, with the hub's limits on top (SECURITY.md items 1-7, 24)."""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from hub.core import ratelimit


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per address and per client (HUB_RATE_LIMITS["password-reset"]).

    Known and unknown addresses count alike, so the refusal reveals nothing about who has an account.
    """

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        # Both counters advance on every request: a client cycling addresses is caught, and so is an
        # address requested from many clients.
        within_address = ratelimit.hit(f"email:{address}", "password-reset")
        within_client = ratelimit.hit(self.request, "password-reset")
        if within_address and within_client:
            return super().form_valid(form)
        form.add_error(None, _("Too many reset requests in the last hour. No e-mail was sent; try again later."))
        return self.render_to_response(self.get_context_data(form=form), status=429)
