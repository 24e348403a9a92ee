import json
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.utils.safestring import mark_safe

from hub.core import structured_data as schema
from hub.core.sanitize import sanitize_html

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a string would end the element early: "<" and its friends
# are written as JSON escapes instead, which mean the same to a JSON parser.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def rich_text(value: str) -> str:
    """Render stored rich text. It was sanitised on save; cleaning again at output means a row
    written by any other path (a migration, a raw update) still cannot carry a script."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - the input has just been sanitised


def absolute(context, path: str) -> str:
    """``path`` as an absolute URL: on the request's host, or the configured site address without a request."""
    request = context.get("request")
    if request is not None:
        try:
            return request.build_absolute_uri(path)
        except DisallowedHost:  # the 400 page, answering a request whose Host header we refused
            pass
    return urljoin(settings.HUB_SITE_URL + "/", path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return absolute(context, path) if path else ""


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without its query string, except the page number of a list past its first page."""
    request = context.get("request")
    if request is None:
        return ""
    url = absolute(context, request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url


@register.simple_tag(takes_context=True)
def render_block(context, name: str) -> str:
    """The text of block ``name`` as the page being rendered defines it (empty if it does not).

    The head says a page's title twice, in <title> and og:title; with this, templates define it once.
    A BlockNode renders the most specific definition of its name found in the template chain."""
    # Rendered output, escaped as it would be in place; strip() returns a plain str, hence mark_safe again.
    return mark_safe(BlockNode(name, NodeList()).render(context).strip())  # noqa: S308


@register.simple_tag(takes_context=True)
def structured_data(context, obj) -> dict:
    """The schema.org description of ``obj`` (post, event, project or organisation), for ``json_ld``."""
    return schema.for_object(obj, lambda path: absolute(context, path))


@register.simple_tag
def json_ld(data: dict) -> str:
    """``data`` as a JSON-LD script element, safe whatever the strings in it contain."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
