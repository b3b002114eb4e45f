"""Where deliveries may go: http(s) URLs whose host resolves to public addresses only (private,
loopback and link-local ones too in development). Checked when subscribing and again at every
delivery, which then connects to the very address it checked (no second lookup to rebind)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL = 2000
LOOKUP_SECONDS = 3.0
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
_lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="webhook-dns")


class RefusedAddress(ValueError):
    """A receiver URL Tandem will not deliver to; the message says why."""


@dataclass(frozen=True)
class Target:
    """A checked URL and the address to connect to for it."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses by the system's resolver, bounded in time: DNS can hang."""
    future = _lookups.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        found = future.result(timeout=LOOKUP_SECONDS)
    except Late:
        raise RefusedAddress(
            f"Looking up {host} took longer than {LOOKUP_SECONDS:.0f} s."
        ) from None
    except OSError:
        raise RefusedAddress(f"{host} does not resolve to any address.") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def check_url(url: str) -> tuple[str, str, int]:
    """The scheme, host and port of a URL a receiver may have; RefusedAddress if not."""
    if len(url) > MAX_URL:
        raise RefusedAddress(f"Must be at most {MAX_URL} characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedAddress(f"Is not a valid URL ({error}).") from None
    if parts.scheme not in ("http", "https"):
        raise RefusedAddress("Must be an http or https URL.")
    if not parts.hostname:
        raise RefusedAddress("Must name a host.")
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress("Must not hold a user name or password.")
    if any(char.isspace() or ord(char) < 0x20 for char in url):
        raise RefusedAddress("Must not hold spaces or control characters.")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def target(url: str, allow_private: bool, resolve: Resolver = system_resolver) -> Target:
    """The URL checked and resolved: every address it resolves to must be allowed."""
    scheme, host, port = check_url(url)
    addresses = resolve(host, port)
    if not addresses:
        raise RefusedAddress(f"{host} does not resolve to any address.")
    for address in addresses:
        why = refusal(address, allow_private)
        if why:
            raise RefusedAddress(f"{host} resolves to {address}, {why}.")
    return Target(url, scheme, host, port, addresses[0])


def refusal(text: str, allow_private: bool) -> str | None:
    """Why deliveries may not go to this address; None if they may."""
    try:
        address: Address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_multicast:
        return "an address no receiver has"
    if address.is_global:
        return None
    if allow_private and (address.is_private or address.is_loopback or address.is_link_local):
        return None
    return "a private, loopback, link-local or reserved address (allowed in development only)"
