"""The TCP ports a container listens on, from the kernel's own tables (``/proc/net/tcp`` and ``tcp6``).

Read by the grader while it waits for a student's server: a server bound to another port, or to the
container's loopback only, will never answer on the published port, and saying so beats waiting out the
whole deadline. The tables are the kernel's, so no tool (``ss``, ``netstat``) need be in the student's image.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

_LISTEN = "0A"
PROC_FILES = ["/proc/net/tcp", "/proc/net/tcp6"]


@dataclass(frozen=True)
class Listener:
    """One listening socket: its port and whether only the container itself can reach it."""

    port: int
    loopback: bool


def listeners(table: str) -> set[Listener]:
    """The listening sockets a ``/proc/net/tcp`` (or ``tcp6``) text lists; other lines are ignored."""
    found = set()
    for line in table.splitlines():
        words = line.split()
        if len(words) < 4 or words[3] != _LISTEN or ":" not in words[1]:
            continue
        address, _, port = words[1].partition(":")
        try:
            found.add(Listener(int(port, 16), _is_loopback(address)))
        except ValueError:
            continue
    return found


def from_cat(output: str) -> set[Listener] | None:
    """The listening sockets in what ``cat`` of ``PROC_FILES`` printed; None when it printed no table (an image
    without ``cat``). A missing ``tcp6`` (IPv6 off) only adds cat's complaint after the ``tcp`` table."""
    return listeners(output) if "local_address" in output else None


def _is_loopback(hexadecimal: str) -> bool:
    """The kernel writes each 32-bit word of the address in the machine's byte order (little-endian here)."""
    raw = bytes.fromhex(hexadecimal)
    if len(raw) not in (4, 16):
        raise ValueError(hexadecimal)
    words = b"".join(raw[index : index + 4][::-1] for index in range(0, len(raw), 4))
    address = ipaddress.ip_address(words)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def reachable_ports(found: set[Listener]) -> set[int]:
    """Ports listened on beyond the loopback (what a published port can lead to)."""
    return {listener.port for listener in found if not listener.loopback}
