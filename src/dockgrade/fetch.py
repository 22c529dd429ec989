"""Bring a student's repository to a local folder at the commit to grade (git never runs through a shell)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dockgrade.roster import Entry

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
    local = Path(entry.repo.removeprefix("file://")).expanduser()
    if local.is_dir() and not (local / ".git").exists():
        return Fetched(local.resolve(), "folder-" + _content_hash(local))
    if not local.exists() and "://" not in entry.repo and "@" not in entry.repo:
        raise FetchFailed(f"repositório não encontrado: {entry.repo}")
    target = workdir / entry.slug
    _clone_or_update(entry, target)
    _checkout(entry, target)
    return Fetched(target, _git(["rev-parse", "HEAD"], target).strip())


def _clone_or_update(entry: Entry, target: Path) -> None:
    shallow = [] if entry.deadline else ["--depth", "1"]
    if (target / ".git").exists():
        _git(["fetch", "--quiet", *shallow, "origin"], target)
        _git(["reset", "--quiet", "--hard", "FETCH_HEAD"], target)
        return
    if target.exists():
        shutil.rmtree(target)
    _git(["clone", "--quiet", *shallow, "--", entry.repo, str(target)], target.parent)


def _checkout(entry: Entry, target: Path) -> None:
    if entry.deadline:
        commit = _git(["rev-list", "-1", f"--before={entry.deadline}", "HEAD"], target).strip()
        if not commit:
            raise FetchFailed(f"nenhum commit antes do prazo {entry.deadline}")
        _git(["checkout", "--quiet", commit], target)
    elif entry.ref:
        _git(["fetch", "--quiet", "--depth", "1", "origin", entry.ref], target)
        _git(["checkout", "--quiet", "FETCH_HEAD"], target)


def _git(arguments: list[str], cwd: Path) -> str:
    cwd.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["git", "-c", "advice.detachedHead=false", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=_GIT_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise FetchFailed(f"git {arguments[0]} falhou: {(done.stderr or done.stdout).strip()[-300:]}")
    return done.stdout


def _content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
