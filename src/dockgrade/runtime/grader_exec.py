"""The grader's own commands inside a submission's containers (``psql``, ``nginx -T``, ``ping``), bounded.

They go through the interpreter's bounded exec: a student's image decides what ``psql`` or ``sh`` is,
so one that hangs or floods ends at the ``exec_seconds`` limit or past the ``exec_output`` limit, and
the check fails saying which, instead of the grader waiting or filling its memory.
"""

from __future__ import annotations

from docker.models.containers import Container

from dockgrade.core import messages
from dockgrade.core.bounded import exec_bytes
from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits, shown_size, size_bytes

_SHOWN_COMMAND = 60


def run(
    container: Container,
    words: list[str],
    user: str | None = None,
    limits: Limits | None = None,
    environment: dict[str, str] | None = None,
) -> tuple[int, str]:
    """(exit code, output) of ``words`` run in ``container`` (with ``environment`` added to the container's own);
    fails the check past the limits."""
    limits = limits or Limits.from_env()
    limit = size_bytes(limits.exec_output)
    done = exec_bytes(container, words, user, limits.exec_seconds, limit, stop_when_full=True, environment=environment)
    command = " ".join(words)[:_SHOWN_COMMAND]
    if done.overflowed:
        raise TooMuchOutput(messages.text("limits.exec_output", command=command, limit=shown_size(limit)), limit)
    if done.exit_code is None:
        seconds = limits.exec_seconds
        raise StepTimedOut(messages.text("limits.exec_seconds", command=command, seconds=seconds), seconds)
    return done.exit_code, done.output.decode("utf-8", "replace")
