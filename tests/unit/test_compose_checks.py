"""Compose checks that need no engine: waiting on a service's logs, and a server that listens on the wrong address."""

from __future__ import annotations

from typing import cast

import pytest

from dockgrade.compose_checks import _DeafWatch, logs_showing
from dockgrade.compose_project import ComposeProject
from dockgrade.errors import CheckFailed

LISTENING = "Listening on http://0.0.0.0:8080/"


class Replica:
    """A service's container whose log grows by one line per read."""

    def __init__(self, lines: list[str], status: str = "running") -> None:
        self.lines, self.reads, self.status = lines, 0, status

    def logs(self) -> bytes:
        self.reads += 1
        return "\n".join(self.lines[: self.reads]).encode()

    def reload(self) -> None:
        pass


class Project:
    """The one call ``logs_showing`` makes of a compose project."""

    def __init__(self, *replicas: Replica) -> None:
        self.replicas = list(replicas)

    def containers(self, service: str) -> list[Replica]:
        return self.replicas


def listening(*replicas: Replica, timeout: float | None = 10) -> bool:
    project = cast(ComposeProject, Project(*replicas))
    return logs_showing(project, "app", lambda text: "8080" in text and "istening" in text, timeout)


def test_a_line_written_late_is_waited_for() -> None:
    """The app prints its listening line after installing its packages: the check waits for it."""
    app = Replica(["pip install bottle", "Successfully installed bottle", LISTENING])
    assert listening(app)
    assert app.reads == 3


def test_an_app_that_exited_ends_the_wait_at_once() -> None:
    """A crashed app will print nothing more: no need to wait out the limit."""
    app = Replica(["ModuleNotFoundError: No module named 'bottle'"], status="exited")
    assert not listening(app, timeout=30)
    assert app.reads == 1


def test_one_replica_showing_it_is_enough() -> None:
    """With --scale, the line in any replica's log counts."""
    assert listening(Replica(["starting"], status="exited"), Replica([LISTENING]))


def test_the_wait_limit_bounds_a_silent_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still running yet never listening: False once the wait_seconds limit passes."""
    monkeypatch.setenv("DOCKGRADE_LIMIT_WAIT_SECONDS", "0.5")
    app = Replica(["starting"])
    assert not listening(app, timeout=None)
    assert app.reads > 1


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def deaf_watch(app: Replica, clock: Clock) -> _DeafWatch:
    return _DeafWatch(cast(ComposeProject, Project(app)), "app", lambda text: "istening" in text, clock)


def test_silence_after_listening_fails_after_the_grace_with_a_hint() -> None:
    """Listening on localhost inside the container: the student learns it in seconds, told where to listen."""
    clock = Clock()
    watch = deaf_watch(Replica(["Listening on http://localhost:8080/"]), clock)
    watch.fail_after_grace()  # it says it listens: the grace starts
    clock.now = _DeafWatch.GRACE_S
    watch.fail_after_grace()  # still within the grace
    clock.now = _DeafWatch.GRACE_S + 0.5
    with pytest.raises(CheckFailed) as failure:
        watch.fail_after_grace()
    assert "localhost:8080" in failure.value.message
    assert "0.0.0.0" in (failure.value.hint or "")


def test_silence_while_still_starting_is_not_charged() -> None:
    """pip still installing: no listening line yet, so however long it takes is the caller's timeout to judge."""
    clock = Clock()
    watch = deaf_watch(Replica(["Collecting bottle"] * 50), clock)
    for second in range(100):
        clock.now = float(second)
        watch.fail_after_grace()
    assert watch.heard_at is None
