"""Checks of a roster line's fields, before git sees any of them.

Rosters are often assembled from what students submit, so every field is untrusted: a ``ref`` like
``--upload-pack=…`` or a ``repo`` like ``ext::sh …`` would make git run a command on the grading host.
Each check returns the plain message refusing the value (pt-BR by default), or ``""`` when it is fine.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dockgrade.core import messages

# The transports git may use for a roster's repository (the name git's protocol.<name>.allow knows).
URL_TRANSPORTS = ("https", "http", "ssh", "git", "file")
_COMMIT = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")
# What git check-ref-format refuses anywhere in a name: controls, space, ~ ^ : ? * [ \ and DEL.
_REF_FORBIDDEN = re.compile(r"[\x00-\x20~^:?*\[\\\x7f]")
_MAX_REF, _MAX_REPO = 200, 1000
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")
_USER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+%~-]*")
_SCP_LIKE = re.compile(r"(?:(?P<user>[^@/:]+)@)?(?P<host>[^@/:]+):(?P<path>.*)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(value: str, limit: int = 80) -> str:
    """A value quoted for a message: control characters escaped, long values cut."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def has_controls(value: str) -> bool:
    """Whether ``value`` holds a control character (a newline, a tab, an escape sequence)."""
    return bool(_CONTROL.search(value))


def fields_problem(repo: str, ref: str, deadline: str) -> str:
    """The first problem of a line's repository, ref and deadline (``""`` when git may see them)."""
    problems = (repo_problem(repo), ref_problem(ref), deadline_problem(deadline))
    return next((problem for problem in problems if problem), "")


def ref_problem(ref: str) -> str:
    """Why ``ref`` cannot be fetched safely: it must be a full commit id or a valid branch or tag name."""
    if not ref or _COMMIT.fullmatch(ref):
        return ""
    if ref.startswith("-"):
        return messages.text("roster.ref_option", ref=shown(ref))
    if len(ref) > _MAX_REF or not is_ref_name(ref):
        return messages.text("roster.ref_invalid", ref=shown(ref))
    return ""


def is_ref_name(name: str) -> bool:
    """``git check-ref-format --allow-onelevel``'s rules, in Python (git is never given a bad name to judge)."""
    components = name.split("/")
    return not (
        _REF_FORBIDDEN.search(name)
        or name in ("", "@")
        or ".." in name
        or "@{" in name
        or name.endswith(".")
        or any(not part or part.startswith(".") or part.endswith(".lock") for part in components)
    )


def deadline_problem(deadline: str) -> str:
    """Why ``deadline`` is not a date (ISO 8601: ``2026-05-10``, ``2026-05-10 23:59``, with or without offset)."""
    if not deadline:
        return ""
    try:
        deadline_moment(deadline)
    except ValueError:
        return messages.text("roster.deadline", deadline=shown(deadline))
    return ""


def deadline_moment(deadline: str) -> datetime:
    """The deadline as an aware moment: a date alone means the end of that day, no offset the host's zone.

    ValueError when it is not an ISO 8601 date (git's own date parser would read almost anything as "now").
    """
    if deadline.startswith(("-", "+")) or not deadline[:1].isdigit():
        raise ValueError(deadline)
    moment = datetime.fromisoformat(deadline)
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", deadline):
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    return moment if moment.tzinfo else moment.astimezone()


def repo_problem(repo: str) -> str:
    """Why git must not be given ``repo``: only a local path or a URL of an allowed transport is accepted."""
    if not repo:
        return messages.text("roster.repo_invalid", repo=shown(repo))
    if repo.startswith("-"):
        return messages.text("roster.repo_option", repo=shown(repo))
    if has_controls(repo) or len(repo) > _MAX_REPO:
        return messages.text("roster.repo_invalid", repo=shown(repo))
    # git reads "<name>::<address>" as "run the remote helper git-remote-<name>" (ext:: runs a command).
    helper = re.match(r"([A-Za-z0-9+.-]*)::", repo)
    if helper or ("::" in repo and "://" not in repo):
        name = helper[1] if helper else "::"
        return messages.text("roster.repo_transport", repo=shown(repo), transport=name)
    if "://" in repo:
        return _url_problem(repo)
    scp = _scp_like(repo)
    if scp is not None:
        return "" if _USER.fullmatch(scp["user"] or "x") and _HOST.fullmatch(scp["host"]) else _invalid(repo)
    return ""


def _url_problem(repo: str) -> str:
    parts = urlsplit(repo)
    scheme = parts.scheme.lower()
    if scheme not in URL_TRANSPORTS:
        return messages.text("roster.repo_transport", repo=shown(repo), transport=scheme or "?")
    if parts.password is not None:
        # The secret is never repeated in the message: it would land in the reports.
        return messages.text("roster.repo_secret")
    if re.search(r"\s", repo):
        return _invalid(repo)
    if scheme == "file":
        return "" if parts.netloc in ("", "localhost") and parts.path.startswith("/") else _invalid(repo)
    host = parts.netloc.rpartition("@")[2]
    host = re.sub(r":\d*$", "", host) if not host.endswith("]") else host
    user_ok = parts.username is None or bool(_USER.fullmatch(parts.username))
    return "" if user_ok and _HOST.fullmatch(host) and parts.path else _invalid(repo)


def _invalid(repo: str) -> str:
    return messages.text("roster.repo_invalid", repo=shown(repo))


def _scp_like(repo: str) -> re.Match[str] | None:
    """``user@host:path`` as git reads it: a colon before any slash makes it SSH, not a local path."""
    colon, slash = repo.find(":"), repo.find("/")
    if colon < 0 or (0 <= slash < colon):
        return None
    return _SCP_LIKE.fullmatch(repo)


def transport(repo: str) -> str:
    """The git transport a (valid) ``repo`` uses: one of URL_TRANSPORTS (``file`` for local paths)."""
    if "://" in repo:
        return urlsplit(repo).scheme.lower()
    return "ssh" if _scp_like(repo) is not None else "file"


def local_path(repo: str) -> Path | None:
    """The folder a (valid) ``repo`` names on this machine (a path or a ``file://`` URL), or None for a remote."""
    if repo.lower().startswith("file://"):
        return Path(unquote(urlsplit(repo).path))
    if transport(repo) != "file":
        return None
    return Path(repo).expanduser()
