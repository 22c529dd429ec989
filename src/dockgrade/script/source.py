"""Where a command-line exercise's docker commands come from: the student's run.sh, else the lecture's command.

A course repository often keeps only the files an exercise produced (``ex-volume/html/index.html``) and
no script: the commands were typed during the lecture. Such an exercise is graded by running the
lecture's canonical command (``Exercise.canonical``) on the student's folder, through the same safe
interpreter, so the checks observe the same behaviour. A run.sh, when present, is the one used; in a folder
shared with another exercise (``ex-volume`` for s4-e08) only when it is this exercise's script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dockgrade.core import messages
from dockgrade.core.errors import Missing, Refused
from dockgrade.core.limits import Limits
from dockgrade.course.exercise import Exercise
from dockgrade.script import policy

SCRIPT = "run.sh"
_FINGERPRINT_BYTES = 64 * 1024


@dataclass(frozen=True)
class ScriptSource:
    """The text to interpret and whether it is the student's own script or the lecture's command."""

    text: str
    canonical: bool = False


def script_source(exercise: Exercise, folder: Path, limits: Limits, root: Path) -> ScriptSource:
    """The commands to run for ``exercise`` found in ``folder``; Missing when there are none, Refused when the
    student's script may not be read (too big, a link out of the submission)."""
    path = folder / SCRIPT
    if path.is_file() and _belongs(exercise, folder, root, path):
        if problem := policy.script_problem(path, limits, root):
            raise Refused(problem, SCRIPT)
        return ScriptSource(path.read_bytes().decode("utf-8", "replace"))
    if exercise.canonical:
        return ScriptSource(exercise.canonical, canonical=True)
    raise Missing(messages.text("script.missing", script=SCRIPT, folder=f"{folder.name}/"), SCRIPT, str(folder))


def _belongs(exercise: Exercise, folder: Path, root: Path, script: Path) -> bool:
    """A script is the exercise's own, except in a folder shared with another exercise (its ``shared_folders``,
    the repository's root) where it must show this exercise's fingerprint (``ex-volume/run.sh`` holds s4-e07's
    command, not s4-e08's ``--name ex-daemon-basic``)."""
    shared = folder == root or folder.name.lower() in exercise.shared_folders
    if not shared or exercise.fingerprint is None:
        return True
    size = min(script.stat().st_size, _FINGERPRINT_BYTES)
    with script.open("rb") as handle:
        return exercise.fingerprint.matches(handle.read(size).decode("utf-8", "replace"))
