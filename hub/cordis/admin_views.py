"""The back-office pages of a CORDIS import: where the record comes from, then the differences to accept.

Wired into the project admin (``ProjectAdmin.get_urls``); they need the rights to add and change projects.
Between the two pages the parsed record waits in the staff member's session, so nothing is written before
the acceptance, which compares again with what is stored then."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from .diff import cordis_import_plan
from .forms import CordisImportForm
from .matching import OrganisationIndex
from .records import CordisError, ProjectRecord
from .services import cordis_import_apply, plan_summary

SESSION_KEY = "cordis_import_records"


def cordis_admin_urls(model_admin) -> list:
    def wrap(view):
        return model_admin.admin_site.admin_view(lambda request: view(request, model_admin))

    return [
        path("cordis-import/", wrap(cordis_import_view), name="projects_project_cordis_import"),
        path("cordis-import/review/", wrap(cordis_review_view), name="projects_project_cordis_review"),
    ]


def _check_permission(request, model_admin):
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


def _context(request, model_admin, title: str, **extra) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": title, **extra}


def cordis_import_view(request, model_admin):
    _check_permission(request, model_admin)
    initial = {"grant_agreement_number": request.GET.get("grant", "")}
    form = CordisImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            records = form.records()
        except CordisError as error:
            form.add_error(None, str(error))
        else:
            request.session[SESSION_KEY] = [record.to_json() for record in records]
            return redirect("admin:projects_project_cordis_review")
    title = _("Import from CORDIS")
    return TemplateResponse(request, "admin/cordis/import_form.html", _context(request, model_admin, title, form=form))


def cordis_review_view(request, model_admin):
    _check_permission(request, model_admin)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.warning(request, _("There is no CORDIS import waiting for review: start one here."))
        return redirect("admin:projects_project_cordis_import")
    records = [ProjectRecord.from_json(item) for item in stored]
    if request.method == "POST" and "cancel" in request.POST:
        del request.session[SESSION_KEY]
        messages.info(request, _("Import cancelled: nothing was changed."))
        return redirect("admin:projects_project_changelist")
    if request.method == "POST":
        try:
            return _accept(request, records)
        except CordisError as error:
            messages.error(request, str(error))
    return _review(request, model_admin, records)


def _review(request, model_admin, records):
    index = OrganisationIndex()
    plans, errors = [], []
    for record in records:
        try:
            plans.append(cordis_import_plan(record, index))
        except CordisError as error:
            errors.append(str(error))
    context = _context(request, model_admin, _("Review the CORDIS import"), plans=plans, errors=errors)
    return TemplateResponse(request, "admin/cordis/review.html", context)


def _accept(request, records):
    with transaction.atomic():  # several projects are imported together or not at all
        results = [cordis_import_apply(record=record, by=request.user) for record in records]
    del request.session[SESSION_KEY]
    for project, plan in results:
        text = _("%(project)s imported. %(summary)s") % {"project": project, "summary": plan_summary(plan)}
        messages.success(request, text)
    if len(results) == 1:
        return redirect("admin:projects_project_change", results[0][0].pk)
    return redirect("admin:projects_project_changelist")
