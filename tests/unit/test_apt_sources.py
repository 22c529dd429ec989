"""The Debian mirror is read from the host's apt sources, in both formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.offline import apt_sources

DEB822 = """\
Types: deb
# a comment
URIs: http://mirror.example/debian/
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
"""


def test_deb822_first_archive_uri() -> None:
    """The first non-security URI of a deb822 file is the mirror, trailing slash dropped."""
    assert apt_sources.mirror_from_deb822(DEB822) == "http://mirror.example/debian"


def test_deb822_skips_source_stanzas() -> None:
    """A deb-src stanza never names the mirror."""
    text = "Types: deb-src\nURIs: http://src.example/debian\n\nTypes: deb\nURIs: http://bin.example/debian\n"
    assert apt_sources.mirror_from_deb822(text) == "http://bin.example/debian"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("deb http://one.example/debian bookworm main", "http://one.example/debian"),
        ("deb [arch=amd64 signed-by=/k.gpg] http://two.example/debian/ bookworm main", "http://two.example/debian"),
        ("# deb http://commented.example/debian bookworm main", None),
        ("deb http://sec.example/debian-security bookworm-security main", None),
    ],
)
def test_one_line_sources(line: str, expected: str | None) -> None:
    """One-line sources.list entries, options and comments included."""
    assert apt_sources.mirror_from_one_line(line) == expected


def test_host_mirror_prefers_deb822(tmp_path: Path) -> None:
    """With both formats present, the .sources file wins."""
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(DEB822)
    (tmp_path / "sources.list").write_text("deb http://old.example/debian bookworm main\n")
    assert apt_sources.host_mirror(tmp_path) == "http://mirror.example/debian"


def test_host_mirror_absent(tmp_path: Path) -> None:
    """A host without apt sources has no mirror (stand-ins cannot be built there)."""
    assert apt_sources.host_mirror(tmp_path) is None
