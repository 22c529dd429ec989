"""Polling with an injectable clock: no real time passes in these tests."""

from __future__ import annotations

import pytest

from dockgrade.core.errors import GraderTimeout
from dockgrade.core.waiting import wait_until


class FakeClock:
    """A clock that only advances when slept on."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_returns_first_answer() -> None:
    """The first value other than None/False is returned, even a falsy one like 0 (an HTTP 404 is falsy)."""
    values = iter([None, False, 0])
    clock = FakeClock()
    assert wait_until(lambda: next(values), timeout=5, clock=clock, sleep=clock.sleep) == 0
    assert clock.now == pytest.approx(0.2)


def test_exceptions_mean_not_yet_and_are_chained() -> None:
    """A probe that keeps raising times out, with its last error as the cause."""
    clock = FakeClock()

    def probe() -> None:
        raise ConnectionRefusedError("nobody home")

    with pytest.raises(GraderTimeout, match="server did not finish within 1s") as info:
        wait_until(probe, timeout=1, pause=0.25, what="server", clock=clock, sleep=clock.sleep)
    assert isinstance(info.value.__cause__, ConnectionRefusedError)
