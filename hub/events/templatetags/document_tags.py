"""How a document link describes itself: the file's format, or the site a link leads to."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def file_extension(name: str) -> str:
    """The file format to announce next to a link, e.g. PDF for documents/2023/proceedings.pdf."""
    return PurePosixPath(name or "").suffix.lstrip(".").upper()


@register.filter
def hostname(url: str) -> str:
    """The site a link leads to, e.g. zenodo.org for https://www.zenodo.org/records/1."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")
