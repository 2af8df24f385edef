"""The reader's address, as the reverse proxies that the operator trusts saw it.

The rule, in full: the peer of the connection (REMOTE_ADDR) is the client, unless it is a
proxy listed in SEGURFAQ_TRUSTED_PROXIES. Then X-Forwarded-For is read from its right end,
where each proxy appends the address it received the request from: addresses of trusted
proxies are skipped, and the first other one is the client. What lies to its left was
written by the client itself and is never believed. With no trusted proxy (the default),
the header is ignored.

Limits count per `client_network`: an IPv6 address as its /64, since one subscriber or
one machine is given a whole /64 and could take a new address for each request. Addresses
are only ever used hashed, for limits; none is stored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
IPV6_CLIENT_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parsed(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: str) -> bool:
    parsed = _parsed(address)
    if parsed is None:
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


def client_network(request: HttpRequest) -> str:
    """What limits count as one client: the address, or for IPv6 its /64."""
    address = client_address(request)
    parsed = _parsed(address)
    if parsed is None:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)


def is_operator_side(request: HttpRequest) -> bool:
    """A client on the operator's side: this machine (loopback) or a trusted proxy itself
    (the load balancer's probe). A request relayed by a proxy that is not trusted (it carries
    X-Forwarded-For) is a stranger's, even from the loopback: an nginx on this machine
    forwards every reader."""
    peer = request.META.get("REMOTE_ADDR", "")
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        if not _trusted(peer):
            return False
        peer = client_address(request)
    parsed = _parsed(peer)
    return parsed is not None and (parsed.is_loopback or _trusted(peer))
