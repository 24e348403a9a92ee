from django import template
from django.utils.safestring import mark_safe

from hub.core.sanitize import sanitize_html

register = template.Library()


@register.filter
def rich_text(value: str) -> str:
    """Render stored rich text. It was sanitised on save; cleaning again at output means a row
    written by any other path (a migration, a raw update) still cannot carry a script."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - the input has just been sanitised
