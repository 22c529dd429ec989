"""Questions graders ask about a script's transcript and the containers it left running."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import requests
from docker.errors import NotFound

from dockgrade import bounded_http, endpoints, grader_exec, messages
from dockgrade.errors import CheckFailed, Missing
from dockgrade.interpreter import Interpreter
from dockgrade.limits import wait_seconds
from dockgrade.probes import logs_matching
from dockgrade.recipes import normalise_reference, split_reference
from dockgrade.sandbox import SandboxContainer
from dockgrade.transcript import ContainerState, Step, Transcript
from dockgrade.waiting import wait_until


def image_repository(step: Step) -> str:
    """``nginx`` for a ``run … nginx:1.13 …`` step; empty when the step names no image."""
    if not step.command.positional:
        return ""
    return split_reference(normalise_reference(step.command.positional[0]))[0]


def runs_of(transcript: Transcript, repository: str | None = None) -> list[Step]:
    """``container run`` steps, optionally only those of one image repository."""
    steps = transcript.of("run", "container")
    return [step for step in steps if repository is None or image_repository(step) == repository]


def current(interpreter: Interpreter, name: str) -> ContainerState | None:
    """The container's state now (None when it no longer exists)."""
    try:
        return interpreter.containers.snapshot(name)
    except NotFound:
        return None


def running(interpreter: Interpreter, repository: str | None = None) -> list[ContainerState]:
    """The script's containers still running at the end, optionally of one image repository."""
    states = [current(interpreter, name) for name in interpreter.names.students("container")]
    alive = [state for state in states if state and state.status == "running"]
    return [s for s in alive if repository is None or split_reference(normalise_reference(s.image))[0] == repository]


def probe(interpreter: Interpreter, name: str, words: list[str]) -> tuple[int, str]:
    """The grader's own command inside a student's container (never student input)."""
    container = interpreter.containers.container(name)
    return grader_exec.run(container, words, limits=interpreter.sandbox.limits)


def logs_of(interpreter: Interpreter, name: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """The script's container ``name``'s logs once they match every pattern (or it exits, or the wait limit
    passes): the engine copies a container's output to its log asynchronously, so a line written just now
    (nginx's access log for the request just answered) can be missing from an immediate read."""
    container = SandboxContainer(interpreter.containers.container(name), interpreter.sandbox.limits)
    return logs_matching(container, patterns)


PING = ["ping", "-c", "1", "-W", "2"]


def unreachable(interpreter: Interpreter, name: str, address: str, attempts: int = 3) -> bool:
    """True when at least one of ``attempts`` pings from the container ``name`` to ``address`` gets no answer.

    A reachable address answers every ping. An isolated one can still answer one: each time the engine
    creates a network it deletes and re-inserts its isolation jump in the FORWARD chain (dockerd 20.10),
    and a ping sent in that moment passes. Gradings running side by side create networks all the time.
    """
    return any(probe(interpreter, name, [*PING, address])[0] != 0 for _ in range(attempts))


def get_published(
    state: ContainerState, container_port: int, path: str = "/", timeout: float | None = None
) -> requests.Response:
    """GET a container's published port as soon as it answers (within the ``wait_seconds`` limit by default)."""
    timeout = wait_seconds(timeout)
    url = endpoints.url(state.ports[f"{container_port}/tcp"], path)
    return wait_until(lambda: bounded_http.get(url), timeout, what=url, give_up_on=(CheckFailed,))


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
