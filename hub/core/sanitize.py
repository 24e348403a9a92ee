"""Rich text from partners is cleaned against an allow-list before it is stored."""

import nh3

# "div" and "del" are what the workspace editor (Trix) writes for paragraphs and struck-through text.
ALLOWED_TAGS = {
    "p", "div", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del", "sub", "sup",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # Images must come from this site: a remote src would make every visitor's browser
    # call another host (privacy law, and our no-third-party-request promise).
    if element == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` with only allow-listed tags, attributes and URL schemes; idempotent."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )
