import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, TemplateView

from hub.core import ratelimit

from .forms import ContactForm
from .models import Page
from .selectors import home_context, key_figures
from .services import contact_message_create

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **home_context()}


class PageDetailView(DetailView):
    """One of the hub's own pages, found by the slug its URL is configured with."""

    template_name = "pages/page.html"
    context_object_name = "page"
    page_slug = None
    show_key_figures = False

    def get_object(self, queryset=None):
        return get_object_or_404(Page, slug=self.page_slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.show_key_figures:
            context["figures"] = key_figures()
        return context


class ContactView(FormView):
    """The contact page's text, then the form; a valid message is stored and staff are told by e-mail."""

    template_name = "pages/contact.html"
    form_class = ContactForm
    success_url = reverse_lazy("pages:contact-thanks")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.filled_by_a_bot:
            # Answer as if it worked, so that the bot learns nothing; store and send nothing.
            logger.info("Contact form honeypot filled in; message dropped.")
            return HttpResponseRedirect(self.get_success_url())
        if not ratelimit.hit(request, "contact"):
            return self.too_many_messages(form)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def too_many_messages(self, form):
        """Past the per-client limit: the form again with the visitor's text and a 429, nothing stored or sent."""
        form.is_valid()  # add_error() needs the cleaned data
        form.add_error(None, _("You have sent several messages in a short time. Please try again in an hour."))
        response = self.form_invalid(form)
        response.status_code = 429
        return response

    def form_valid(self, form):
        try:
            contact_message_create(**form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        # The form works even if staff deleted the page's text.
        return {**super().get_context_data(**kwargs), "page": Page.objects.filter(slug="contact").first()}


class ContactThanksView(TemplateView):
    template_name = "pages/contact_thanks.html"


# Partners' and staff's pages, and the account pages, are no use in a search engine.
ROBOTS_DISALLOW = ["/workspace/", "/admin/", "/accounts/"]


@require_safe
def robots_txt(request):
    """Crawling rules, and where the sitemap is (robots.txt wants an absolute URL)."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """A branded page instead of Django's technical one when a form fails the CSRF check."""
    return render(request, "403_csrf.html", status=403)
