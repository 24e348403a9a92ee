"""The address of a list page's CSV download, narrowed as the page is."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def csv_export_url(context, kind: str) -> str:
    """``kind`` is projects, organisations or events. The export takes the page's filters that
    validated (the pages ignore the others, the export would refuse them); the events pages
    export what they list, upcoming or past events."""
    params = {}
    filter_form = context.get("filter_form")
    if filter_form is not None:
        # Model choices (a topic, a project) are named by their slug, as the export expects.
        params.update({name: getattr(value, "slug", value) for name, value in filter_form.active_filters().items()})
    if kind == "events":
        params["status"] = "past" if context.get("past") else "upcoming"
    url = reverse(f"api:export-{kind}")
    return f"{url}?{urlencode(params)}" if params else url
