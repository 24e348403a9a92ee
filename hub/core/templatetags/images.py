"""Responsive images in templates.

``{% load_renditions page_obj %}`` looks up, in one query, the renditions of every image the given rows
show (image fields and images in rich text) and keeps them in the context; ``{% responsive_image %}`` and
``{% rich_text_images %}`` below it then write <picture> elements without another query. Without the
preload they still work, at one query per image: fine on a detail page, not in a list.
"""

from django import template
from django.utils.safestring import mark_safe

from hub.core import images
from hub.core.sanitize import sanitize_html

register = template.Library()

CONTEXT_KEY = "image_renditions"


def pictures(context, names: set[str]) -> dict:
    """The pictures of ``names``, from the preloaded ones, querying only for names not seen yet."""
    known = context.get(CONTEXT_KEY) or {}
    missing = names - known.keys()
    return {**known, **images.pictures_for(missing)} if missing else known


@register.simple_tag(takes_context=True)
def load_renditions(context, *values) -> str:
    """Preload the renditions of every image shown by ``values`` (rows, lists or pages of rows)."""
    context[CONTEXT_KEY] = pictures(context, images.sources_in(values))
    return ""


@register.simple_tag(takes_context=True)
def responsive_image(
    context, file, *, alt: str, sizes: str = "100vw", css_class: str = "", lazy: bool = True, **attributes
) -> str:
    """A <picture> for an image field's file; the original alone while it has no renditions.
    Extra keyword arguments become attributes (``fetchpriority="high"`` for the main image of a page)."""
    if not file:
        return ""
    picture = pictures(context, {file.name}).get(file.name)
    # The original's URL is only needed without renditions; url() builds a string, it does not touch storage.
    fallback_url = "" if picture else file.url
    return images.picture_html(
        picture, fallback_url=fallback_url, alt=alt, sizes=sizes, css_class=css_class, lazy=lazy, extra=attributes
    )


@register.simple_tag(takes_context=True)
def rich_text_images(context, value: str, *, sizes: str = "(min-width: 992px) 720px, 100vw") -> str:
    """Stored rich text as the ``rich_text`` filter shows it, with its local images made responsive."""
    html = sanitize_html(value or "")
    found = pictures(context, images.sources_in_html(html))
    return mark_safe(images.responsive_html(html, found, sizes=sizes))  # noqa: S308 - sanitised, then escaped additions
