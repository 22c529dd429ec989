"""Bring a student's repository to a local folder at the commit to grade.

The roster line is checked again here (``roster_fields``), so git never sees a value that could be
read as an option or a command, whoever built the entry; git runs through ``git_command`` (no shell,
no prompt, only the line's transport) with ``--end-of-options`` before every value from the roster.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from dockgrade.batch import roster_fields
from dockgrade.batch.git_command import GitFailed, run_git
from dockgrade.batch.roster import Entry
from dockgrade.core import messages

_GIT_TIMEOUT_S = 300


class FetchFailed(Exception):
    """The repository could not be obtained; the message is for the instructor."""


@dataclass(frozen=True)
class Fetched:
    """A checked-out submission and the version it is at (a commit, or a content hash for plain folders)."""

    path: Path
    version: str


def fetch(entry: Entry, workdir: Path) -> Fetched:
    """Clone or update ``entry``'s repository under ``workdir`` (plain local folders are used in place)."""
    refusal = entry.refused or roster_fields.fields_problem(entry.repo, entry.ref, entry.deadline)
    if refusal:
        raise FetchFailed(refusal)
    local = roster_fields.local_path(entry.repo)
    if local is not None and local.is_dir() and not (local / ".git").exists():
        return Fetched(local.resolve(), "folder-" + _content_hash(local))
    if local is not None and not local.exists():
        raise FetchFailed(messages.text("fetch.not_found", repo=entry.repo))
    # A local path goes to git absolute: "a:b" or "-x" relative to here can never be read as a host or option.
    source = str(local.resolve()) if local is not None else entry.repo
    git = _Git(roster_fields.transport(entry.repo))
    target = workdir / entry.slug
    try:
        _clone_or_update(git, entry, source, target)
        _checkout(git, entry, target)
        return Fetched(target, git(["rev-parse", "HEAD"], target).strip())
    except GitFailed as error:
        raise FetchFailed(_explained(error)) from None


class _Git:
    """git limited to one transport, with the batch's time limit."""

    def __init__(self, transport: str) -> None:
        self.transport = transport

    def __call__(self, arguments: list[str], cwd: Path) -> str:
        cwd.mkdir(parents=True, exist_ok=True)
        return run_git(arguments, cwd, self.transport, _GIT_TIMEOUT_S)


def _clone_or_update(git: _Git, entry: Entry, source: str, target: Path) -> None:
    shallow = [] if entry.deadline else ["--depth", "1"]
    if (target / ".git").exists() and _origin(git, target) == source:
        git(["fetch", "--quiet", *shallow, "origin"], target)
        git(["reset", "--quiet", "--hard", "FETCH_HEAD"], target)
        return
    if target.exists():
        shutil.rmtree(target)
    git(["clone", "--quiet", *shallow, "--end-of-options", source, str(target)], target.parent)


def _origin(git: _Git, target: Path) -> str:
    """The URL an earlier run cloned from (a roster that changed a student's repository clones anew)."""
    try:
        return git(["config", "--get", "remote.origin.url"], target).strip()
    except GitFailed:
        return ""


def _checkout(git: _Git, entry: Entry, target: Path) -> None:
    if entry.deadline:
        moment = roster_fields.deadline_moment(entry.deadline)
        before = f"--before=@{int(moment.timestamp())}"
        commit = git(["rev-list", "-1", before, "--end-of-options", "HEAD"], target).strip()
        if not commit:
            raise FetchFailed(messages.text("fetch.no_commit_before", deadline=entry.deadline))
        # rev-list printed a commit id, never an option (checkout takes no --end-of-options).
        git(["checkout", "--quiet", "--detach", commit], target)
    elif entry.ref:
        git(["fetch", "--quiet", "--depth", "1", "--end-of-options", "origin", entry.ref], target)
        git(["checkout", "--quiet", "--detach", "FETCH_HEAD"], target)


def _explained(error: GitFailed) -> str:
    if error.timed_out:
        return messages.text("fetch.timeout", seconds=_GIT_TIMEOUT_S, command=error.command)
    if error.needs_credentials:
        return messages.text("fetch.no_credentials")
    return messages.text("fetch.git_failed", command=error.command, error=error.output)


def _content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
