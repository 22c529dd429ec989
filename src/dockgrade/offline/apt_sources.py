"""Read the host's Debian mirror from its apt sources, so no mirror host is ever hard-coded."""

from __future__ import annotations

import re
from pathlib import Path

APT_DIR = Path("/etc/apt")
_SUITE_DEFAULT = "bookworm"
_ONE_LINE = re.compile(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)")


def deb822_sources(apt_dir: Path = APT_DIR) -> list[Path]:
    """Return the deb822 ``.sources`` files under ``apt_dir``, sorted."""
    return sorted((apt_dir / "sources.list.d").glob("*.sources"))


def mirror_from_deb822(text: str) -> str | None:
    """Return the first plain Debian archive URI of a deb822 sources text (security archives skipped)."""
    for stanza in re.split(r"\n\s*\n", text):
        fields = _deb822_fields(stanza)
        if fields.get("types", "deb").split()[0] != "deb":
            continue
        for uri in fields.get("uris", "").split():
            if "security" not in uri:
                return uri.rstrip("/")
    return None


def mirror_from_one_line(text: str) -> str | None:
    """Return the first plain Debian archive URI of a one-line-style ``sources.list`` text."""
    for line in text.splitlines():
        match = _ONE_LINE.match(line)
        if match and "security" not in match.group(1):
            return match.group(1).rstrip("/")
    return None


def host_mirror(apt_dir: Path = APT_DIR) -> str | None:
    """Return the host's Debian mirror URI, or None when the host has no apt sources."""
    for path in deb822_sources(apt_dir):
        if mirror := mirror_from_deb822(path.read_text(encoding="utf-8")):
            return mirror
    one_line = apt_dir / "sources.list"
    if one_line.is_file():
        return mirror_from_one_line(one_line.read_text(encoding="utf-8"))
    return None


def default_suite() -> str:
    """The Debian suite the stand-ins are built from (the official ``debian:latest`` line)."""
    return _SUITE_DEFAULT


def _deb822_fields(stanza: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in stanza.splitlines():
        if line.startswith("#") or ":" not in line or line[:1].isspace():
            continue
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields
