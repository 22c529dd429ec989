"""Build contexts are checked before anything is sent: size (with .dockerignore), links out, odd names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockgrade.core.errors import Refused
from dockgrade.core.limits import Limits
from dockgrade.runtime import build_context


@pytest.fixture
def context(tmp_path: Path) -> Path:
    folder = tmp_path / "entrega" / "primeiro-build"
    folder.mkdir(parents=True)
    (folder / "Dockerfile").write_text("FROM nginx\nCOPY index.html /usr/share/nginx/html/\n")
    (folder / "index.html").write_text("<h1>oi</h1>\n")
    return folder


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)


def test_ordinary_context_passes(context: Path) -> None:
    """A course-sized context with an inside link is sent."""
    (context / "atalho.html").symlink_to("index.html")
    assert build_context.first_problem(context, context.parent, Limits()) is None


def test_sparse_gigabyte_refused_by_apparent_size(context: Path) -> None:
    """A 1 GiB sparse file counts as 1 GiB (the SDK would pack every byte), in words the student can act on."""
    sparse(context / "video.mp4", 1024**3)
    problem = build_context.first_problem(context, context.parent, Limits())
    assert problem is not None
    assert "1 GiB" in problem.message
    assert ".dockerignore" in problem.message


def test_dockerignore_respected(context: Path) -> None:
    """What .dockerignore leaves out is not counted (nor sent)."""
    (context / "dados").mkdir()
    sparse(context / "dados" / "video.mp4", 1024**3)
    (context / ".dockerignore").write_text("# grandes\ndados\n")
    assert build_context.first_problem(context, context.parent, Limits()) is None


def test_dockerfile_never_ignored(context: Path) -> None:
    """An ignore-everything .dockerignore still sends (and counts) the Dockerfile, as the SDK does."""
    (context / ".dockerignore").write_text("*\n")
    sparse(context / "Dockerfile", 1024**3)
    assert build_context.first_problem(context, context.parent, Limits()) is not None


def test_limit_is_configurable(context: Path) -> None:
    """The size limit comes from Limits (DOCKGRADE_LIMIT_CONTEXT_SIZE)."""
    sparse(context / "dados.bin", 2 * 1024**2)
    assert build_context.first_problem(context, context.parent, Limits(context_size="1m")) is not None
    assert build_context.first_problem(context, context.parent, Limits(context_size="3m")) is None


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc", "/"])
def test_links_out_of_the_submission_refused(context: Path, target: str) -> None:
    """A link resolving outside the submission is refused before the build, naming the link."""
    (context / "segredo").symlink_to(target)
    with pytest.raises(Refused, match="segredo"):
        build_context.check(context, context.parent, Limits())


def test_link_inside_submission_but_outside_context_allowed(context: Path) -> None:
    """A link to a sibling folder of the submission is the student's own file."""
    (context.parent / "comum").mkdir()
    (context / "comum").symlink_to("../comum")
    assert build_context.first_problem(context, context.parent, Limits()) is None


def test_non_utf8_name_refused(context: Path) -> None:
    """A file name that is not UTF-8 is refused, shown with escapes."""
    with open(os.fsencode(context) + b"/\xff\xfe.html", "w") as handle:
        handle.write("x")
    problem = build_context.first_problem(context, context.parent, Limits())
    assert problem is not None
    assert "\\xff\\xfe.html" in problem.message


def test_binary_dockerignore_refused(context: Path) -> None:
    """A .dockerignore that is not text is refused (the SDK would crash reading it)."""
    (context / ".dockerignore").write_bytes(b"\xff\xfe\x00garbage")
    problem = build_context.first_problem(context, context.parent, Limits())
    assert problem is not None
    assert ".dockerignore" in problem.message


def test_too_many_entries_refused(context: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk stops at an entry limit, so a context of millions of files is refused quickly."""
    monkeypatch.setattr(build_context, "MAX_ENTRIES", 10)
    for number in range(20):
        (context / f"{number}.txt").write_text("x")
    problem = build_context.first_problem(context, context.parent, Limits())
    assert problem is not None
    assert "10" in problem.message
