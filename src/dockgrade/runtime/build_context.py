"""What a build may send to the engine, checked before anything is sent.

A build context is refused when it is larger than the limit (measured by walking it with the
same ``.dockerignore`` rules the Docker SDK uses to pack it, so nothing is read or copied), when
it holds too many entries, when a symbolic link in it resolves outside the submission, when a
file name is not valid UTF-8 (the engine, the reports and the student's terminal disagree on it),
when its Dockerfile is larger than the ``dockerfile_size`` limit, or when the Dockerfile makes the
engine download something (``ADD <url>``, ``ADD <git repository>``: see ``remote``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from docker.utils.build import PatternMatcher

from dockgrade.core import messages
from dockgrade.core.errors import Refused
from dockgrade.core.limits import Limits, shown_size, size_bytes
from dockgrade.runtime.dockerfile import remote_sources

DOCKERIGNORE = ".dockerignore"
MAX_ENTRIES = 50_000
_MAX_IGNORE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ContextProblem:
    """One reason to refuse a build context, in the student's words."""

    message: str
    what: str


def check(
    context: Path,
    root: Path | None,
    limits: Limits,
    dockerfile: str = "Dockerfile",
    build_args: Mapping[str, str] | None = None,
) -> None:
    """Raise ``Refused`` for the first problem of ``context`` (``root``: the submission, default the context)."""
    problem = first_problem(context, root, limits, dockerfile, build_args)
    if problem is not None:
        raise Refused(problem.message, problem.what)


def first_problem(
    context: Path,
    root: Path | None,
    limits: Limits,
    dockerfile: str = "Dockerfile",
    build_args: Mapping[str, str] | None = None,
) -> ContextProblem | None:
    """The first reason to refuse ``context``, or None when it may be sent (``build_args``: the build's own)."""
    context = Path(context)
    allowed = (root or context).resolve()
    ignore = _ignore_patterns(context)
    if isinstance(ignore, ContextProblem):
        return ignore
    limit, total = size_bytes(limits.context_size), 0
    for count, relative in enumerate(_entries(context, ignore, dockerfile), start=1):
        problem = _entry_problem(context, relative, allowed)
        if problem is not None:
            return problem
        total += _size(context / relative)
        if total > limit:
            return _too_big(context, limit, _total_size(context, ignore, dockerfile))
        if count > MAX_ENTRIES:
            return ContextProblem(messages.text("context.too_many", folder=context.name, limit=MAX_ENTRIES), "files")
    return dockerfile_problem(context / dockerfile, allowed, limits, build_args)


def dockerfile_problem(
    path: Path, allowed: Path, limits: Limits, build_args: Mapping[str, str] | None = None
) -> ContextProblem | None:
    """Why the Dockerfile at ``path`` may not be built: out of the submission, too big, or downloading something."""
    if not path.is_file():
        return None  # the engine says so in its own words
    if not Path(os.path.realpath(path)).is_relative_to(allowed):
        return ContextProblem(messages.text("context.symlink_outside", link=path.name), path.name)
    limit, size = size_bytes(limits.dockerfile_size), path.stat().st_size
    if size > limit:
        shown = {"file": path.name, "size": shown_size(size), "limit": shown_size(limit)}
        return ContextProblem(messages.text("context.dockerfile_too_big", **shown), path.name)
    fetched = remote_sources(path.read_bytes().decode("utf-8", "replace"), dict(build_args or {}))
    if fetched:
        return ContextProblem(messages.text("policy.remote_add", file=path.name, source=fetched[0]), fetched[0])
    return None


def _entries(context: Path, ignore: list[str], dockerfile: str) -> Iterator[str]:
    return iter(PatternMatcher([*ignore, f"!{dockerfile}", f"!{DOCKERIGNORE}"]).walk(str(context)))


def _entry_problem(context: Path, relative: str, allowed: Path) -> ContextProblem | None:
    path = context / relative
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        shown = ascii(os.fsencode(relative))[2:-1]
        return ContextProblem(messages.text("context.bad_name", name=shown), shown)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(allowed):
            what = f"{relative} -> {os.readlink(path)}"
            return ContextProblem(messages.text("context.symlink_outside", link=what), relative)
    return None


def _ignore_patterns(context: Path) -> list[str] | ContextProblem:
    """The ``.dockerignore`` lines, read as the Docker SDK reads them (bounded, UTF-8)."""
    path = context / DOCKERIGNORE
    if not path.is_file() or path.is_symlink():
        return []
    with path.open("rb") as handle:
        data = handle.read(_MAX_IGNORE_BYTES + 1)
    try:
        lines = data[:_MAX_IGNORE_BYTES].decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return ContextProblem(messages.text("context.bad_ignore"), DOCKERIGNORE)
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _size(path: Path) -> int:
    """Bytes the SDK would pack for one entry: a regular file's apparent size (sparse files count in full)."""
    try:
        status = path.lstat()
    except OSError:
        return 0
    return status.st_size if path.is_file() and not path.is_symlink() else 0


def _total_size(context: Path, ignore: list[str], dockerfile: str) -> int:
    """The whole context's size (for the message), over at most ``MAX_ENTRIES`` entries."""
    total = 0
    for count, relative in enumerate(_entries(context, ignore, dockerfile)):
        if count > MAX_ENTRIES:
            break
        total += _size(context / relative)
    return total


def _too_big(context: Path, limit: int, size: int) -> ContextProblem:
    text = messages.text("context.too_big", folder=context.name, size=shown_size(size), limit=shown_size(limit))
    return ContextProblem(text, "context")
