"""Questions graders ask about a script's transcript: its steps, their failures, the mounts as written."""

from __future__ import annotations

from pathlib import Path

from dockgrade.core import messages
from dockgrade.core.errors import CheckFailed, Missing
from dockgrade.offline.recipes import normalise_reference, split_reference
from dockgrade.script.transcript import Step, Transcript


def image_repository(step: Step) -> str:
    """``nginx`` for a ``run … nginx:1.13 …`` step; empty when the step names no image."""
    if not step.command.positional:
        return ""
    return split_reference(normalise_reference(step.command.positional[0]))[0]


def runs_of(transcript: Transcript, repository: str | None = None) -> list[Step]:
    """``container run`` steps, optionally only those of one image repository."""
    steps = transcript.of("run", "container")
    return [step for step in steps if repository is None or image_repository(step) == repository]


def shown_source(source: str, root: Path) -> str:
    """A mount's source as the student wrote it: relative to the submission, or the folder that does not exist
    there (the interpreter mounts an empty stand-in, ``<n>-<name>`` in the sandbox's scratch folder, instead)."""
    path = Path(source)
    if path.is_absolute() and path.is_relative_to(root):
        return path.relative_to(root).as_posix() + "/"
    if path.is_absolute() and path.parent.name.startswith("dockgrade-"):
        return messages.text("s4.missing_source", name=path.name.split("-", 1)[-1])
    return source


def failure_text(step: Step) -> str:
    """A failed step in the student's words: line, command, exit code, last output line."""
    last = (step.output.strip().splitlines() or ["-"])[-1][:160]
    return messages.text(
        "s4.step_failed", line=step.command.line, command=step.command.text, code=step.exit_code, output=last
    )


def require_steps(steps: list[Step], command: str, hint: str | None = None) -> list[Step]:
    """The steps, or fail the check saying the script lacks ``command``."""
    __tracebackhide__ = True
    if not steps:
        raise Missing(messages.text("s4.no_step", command=command), command, "run.sh", hint)
    return steps


def require_success(steps: list[Step], command: str, hint: str | None = None) -> Step:
    """The first successful step, or fail showing the last failure (or the missing command)."""
    __tracebackhide__ = True
    require_steps(steps, command, hint)
    for step in steps:
        if step.exit_code == 0:
            return step
    raise CheckFailed(failure_text(steps[-1]), hint)


def require_showing(steps: list[Step], command: str, text: str, hint: str | None = None) -> Step:
    """The first step whose output shows ``text`` whatever its exit code, else what ``require_success`` gives.

    A listing can show what was asked and still exit non-zero: busybox's ``ifconfig`` exits 1 when an interface
    vanishes while it reads them, which happens whenever another container stops on the same host."""
    __tracebackhide__ = True
    require_steps(steps, command, hint)
    for step in steps:
        if text in step.output:
            return step
    return require_success(steps, command, hint)
