"""The reader's address, as the reverse proxies that the operator trusts saw it.

The rule, in full: the peer of the connection (REMOTE_ADDR) is the client, unless it is a
proxy listed in SEGURFAQ_TRUSTED_PROXIES. Then X-Forwarded-For is read from its right end,
where each proxy appends the address it received the request from: addresses of trusted
proxies are skipped, and the first other one is the client. What lies to its left was
written by the client itself and is never believed. With no trusted proxy (the default),
the header is ignored. Addresses are only ever used hashed, for rate limits.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(parsed in network for network in _networks(tuple(settings.SEGURFAQ_TRUSTED_PROXIES)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    return _trusted(request.META.get("REMOTE_ADDR", ""))


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop):
            # Not checked as an address: a malformed one is still this client's own mark.
            return hop[:64]
    return peer
