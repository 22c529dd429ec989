"""When a server that does not answer is a mistake, not a slow start: where it listens says so."""

from __future__ import annotations

import time
from collections.abc import Callable

from dockgrade.core import messages
from dockgrade.core.errors import CheckFailed
from dockgrade.core.sockets import Listener, reachable_ports


class PortWatch:
    """Tells, from the sockets a container or service listens on, when it cannot be a slow start any more: bound
    to another port, or to the container's loopback only, for a grace; or bound to the port and silent
    (connections accepted, no answer) for a longer one. Read at most every ``EVERY_S``, and only while requests
    fail. ``who`` names a compose service; without it the messages speak of the container."""

    EVERY_S = 2.0
    GRACE_S = 10.0
    SILENT_GRACE_S = 20.0  # an app may hold its first requests while it connects to its database

    def __init__(
        self,
        listeners: Callable[[], set[Listener] | None],
        port: int,
        path: str,
        who: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.listeners, self.port, self.path, self.who, self.clock = listeners, port, path, who, clock
        self.read_at: float | None = None
        self.state: str | None = None
        self.others: list[int] = []
        self.since: tuple[str | None, float] = (None, 0.0)

    def judge(self, silent: bool) -> None:
        """Fail the check once the same mistake has lasted its grace (``silent``: the request was accepted and
        left unanswered, as opposed to refused)."""
        now = self.clock()
        if self.read_at is None or now - self.read_at >= self.EVERY_S:
            self.read_at, self.state = now, self._state()
        key = ("silent" if silent else None) if self.state == "bound" else self.state
        if key != self.since[0]:
            self.since = (key, now)
        grace = self.SILENT_GRACE_S if key == "silent" else self.GRACE_S
        if key is not None and now - self.since[1] > grace:
            raise self._failure(key)

    def _state(self) -> str | None:
        found = self.listeners()
        if found is None:
            return None  # unreadable: only the deadline decides
        reachable = reachable_ports(found)
        self.others = sorted(reachable)
        if self.port in reachable:
            return "bound"
        if any(listener.port == self.port for listener in found):
            return "loopback"
        return "elsewhere" if reachable else None

    def _failure(self, key: str) -> CheckFailed:
        kind = "compose" if self.who else "container"
        names = {"service": self.who or "", "port": self.port, "path": self.path}
        if key == "silent":
            text = messages.text(f"{kind}.silent", **names, seconds=self.SILENT_GRACE_S)
            return CheckFailed(text, messages.text("compose.silent_hint"))
        if key == "loopback":
            return CheckFailed(messages.text(f"{kind}.loopback_only", **names), messages.text("compose.deaf_hint"))
        found = ", ".join(map(str, self.others))
        text = messages.text(f"{kind}.other_port", **names, found=found)
        return CheckFailed(text, messages.text(f"{kind}.other_port_hint", port=self.port))
