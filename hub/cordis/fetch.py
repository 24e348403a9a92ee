"""Fetch a project's record from CORDIS by grant agreement number."""

import re
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from .records import CordisError

# A project record is a few hundred kilobytes at most; anything much larger is not one.
MAX_RECORD_BYTES = 5 * 1024 * 1024


def valid_grant_number(grant: str) -> str:
    grant = str(grant).strip()
    if not re.fullmatch(r"\d{5,10}", grant):
        raise CordisError(_("“%(grant)s” is not a grant agreement number (5 to 10 digits).") % {"grant": grant})
    return grant


def fetch_project_xml(grant: str) -> bytes:
    """The XML record of project ``grant`` from CORDIS; CordisError if CORDIS cannot be reached in time or
    does not know the project."""
    url = settings.HUB_CORDIS_URL.format(grant=valid_grant_number(grant))
    if not url.startswith(("https://", "http://")):  # never file: or another scheme urllib understands
        raise CordisError(_("HUB_CORDIS_URL must be an https:// address."))
    headers = {"Accept": "application/xml", "User-Agent": settings.HUB_NAME}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  # nosec B310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=settings.HUB_CORDIS_TIMEOUT) as response:  # noqa: S310  # nosec B310
            content = response.read(MAX_RECORD_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise CordisError(_("CORDIS has no project %(grant)s.") % {"grant": grant}) from None
        raise CordisError(_("CORDIS answered with an error (HTTP %(code)s).") % {"code": error.code}) from None
    except (TimeoutError, OSError) as error:  # URLError is an OSError
        reason = getattr(error, "reason", error)
        raise CordisError(
            _("CORDIS could not be reached (%(reason)s). Try again later, or upload the project's XML file.")
            % {"reason": reason}
        ) from None
    if len(content) > MAX_RECORD_BYTES:
        raise CordisError(_("CORDIS sent more than a project record; nothing was imported."))
    return content
