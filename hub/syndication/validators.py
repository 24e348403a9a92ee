"""Which feed addresses the hub agrees to fetch: public web servers only, never the hub's own network."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_SCHEMES = frozenset({"http", "https"})


def private_hosts_allowed() -> bool:
    """Local development and the tests serve feeds from 127.0.0.1; production never does."""
    return bool(settings.DEBUG or getattr(settings, "HUB_FEEDS_ALLOW_PRIVATE_HOSTS", False))


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id such as "%eth0"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def host_addresses(host: str, port: int) -> set[str]:
    """Every address ``host`` resolves to; raise ValidationError if it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ValidationError(_("The server “%(host)s” cannot be found.") % {"host": host}) from error
    return {info[4][0] for info in infos}


def check_public_host(host: str, port: int) -> None:
    """Raise ValidationError unless every address of ``host`` is a public one (no loopback, private,
    link-local or reserved address), so a feed address cannot make the hub call its own network."""
    if private_hosts_allowed():
        return
    if not all(is_public_address(address) for address in host_addresses(host, port)):
        raise ValidationError(
            _("“%(host)s” is not a public web server; the hub only fetches feeds from public websites.")
            % {"host": host}
        )


def validate_feed_url(url: str) -> None:
    """Raise ValidationError unless ``url`` is an http(s) address of a public web server."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValidationError(_("Enter a valid web address.")) from error
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise ValidationError(_("Enter the address of a web page starting with https:// or http://."))
    if parts.username is not None or parts.password is not None:
        raise ValidationError(_("Enter the address without a user name or password."))
    check_public_host(parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80))
