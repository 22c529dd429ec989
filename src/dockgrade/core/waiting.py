"""Polling instead of sleeping: wait until a probe succeeds, with an injectable clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from dockgrade.core.errors import GraderTimeout

T = TypeVar("T")


def wait_until(
    probe: Callable[[], T | None],
    timeout: float,
    pause: float = 0.1,
    what: str = "condition",
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    give_up_on: tuple[type[Exception], ...] = (),
) -> T:
    """Call ``probe`` until it returns something other than None or False, and return that.

    (Not "truthy": an HTTP 404 response is falsy yet is an answer.)

    Exceptions raised by the probe count as "not yet"; the last one is chained to the
    ``GraderTimeout`` raised when ``timeout`` seconds pass, so the cause is never lost.
    Exceptions of the ``give_up_on`` types end the wait at once and propagate.
    """
    deadline = clock() + timeout
    last_error: Exception | None = None
    while True:
        try:
            value = probe()
        except give_up_on:
            raise
        except Exception as error:
            last_error, value = error, None
        if value is not None and value is not False:
            return value
        if clock() >= deadline:
            raise GraderTimeout(what, timeout) from last_error
        sleep(pause)


def wait_for(probe: Callable[[], T | None], timeout: float, what: str) -> T | None:
    """Poll ``probe`` (every 0.2 s) until it returns something; None when the time runs out (the check decides)."""
    try:
        return wait_until(probe, timeout, pause=0.2, what=what)
    except GraderTimeout:
        return None
