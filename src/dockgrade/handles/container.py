"""The handle on a container the grader started from the student's image (image graders)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import requests
from docker.errors import APIError

from dockgrade.core import bounded_http, messages
from dockgrade.core.errors import CheckFailed, GraderTimeout, StepTimedOut, TooMuchOutput
from dockgrade.core.limits import exit_reason, wait_seconds
from dockgrade.core.sockets import PROC_FILES, Listener, from_cat
from dockgrade.core.waiting import wait_until
from dockgrade.handles.port_watch import PortWatch
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer

GETENT = ["getent", "hosts"]
# The grader's name probes ask once, for a second: on a network with no route out (internal, or the egress
# proxy's) the embedded DNS answers nothing for a name it does not know, and glibc's default (5 s, twice, per
# query) makes each "cannot resolve" wait ~20 s. A name the engine knows is answered at once either way.
NAME_PROBE = {"RES_OPTIONS": "timeout:1 attempts:1"}


class Container:
    """A sandbox container under test: HTTP on its published ports, logs, exec and files, each bounded.

    Bounds: HTTP by ``bounded_http`` (bytes, total deadline) within the ``wait_seconds`` limit; exec by the
    ``exec_seconds``/``exec_output`` limits; files by ``file_read_size``; log waits by ``wait_seconds``.
    """

    def __init__(self, container: SandboxContainer) -> None:
        self.container = container

    @classmethod
    def run(
        cls, sandbox: Sandbox, image: str, name: str, command: list[str] | None = None, **options: Any
    ) -> Container:
        """Start ``image`` in ``sandbox`` (``Sandbox.run``'s options: ports, binds, init…) and return its handle."""
        return cls(sandbox.run(image, name, command, **options))

    @property
    def id(self) -> str:
        """The engine's container id (for ``volumes_from``)."""
        return self.container.id

    @property
    def name(self) -> str:
        """The run-unique container name."""
        return self.container.name

    def address(self) -> str:
        """The container's IP address on its (first) network."""
        return self.container.address()

    def host_port(self, port: int) -> int:
        """The host port the container's ``port`` is published on."""
        return self.container.host_port(port)

    def get(self, path: str = "/", port: int = 80, timeout: float | None = None) -> requests.Response:
        """GET ``path`` on the published ``port`` as soon as it answers; stops early when the container exits.

        ``timeout`` defaults to the ``wait_seconds`` limit.
        """
        timeout = wait_seconds(timeout)
        bound = PortWatch(self.listeners, port, path)

        def probe() -> requests.Response | None:
            self._require_alive()
            try:
                response = bounded_http.get(self.container.url(port, path))
            except requests.RequestException as error:
                bound.judge(silent=isinstance(error, requests.exceptions.ReadTimeout))
                return None
            # A server that daemonises (``CMD ["nginx"]``) can answer in the instant before the container's PID 1
            # exits: an answer counts only from a container still running after it.
            self._require_alive()
            return response

        try:
            return wait_until(probe, timeout, pause=0.1, what=f"{self.name}:{port}", give_up_on=(CheckFailed,))
        except GraderTimeout as error:
            raise StepTimedOut(messages.text("timeout.http", url=f":{port}{path}", seconds=timeout), timeout) from error

    def listeners(self) -> set[Listener] | None:
        """The sockets the container listens on (the kernel's tables, by the grader's bounded exec); None when they
        cannot be read (an image without ``cat``, a container gone)."""
        try:
            return from_cat(self.container.exec(["cat", *PROC_FILES]).output)
        except (APIError, StepTimedOut, TooMuchOutput):
            return None

    def request(self, method: str, path: str, port: int, **options: Any) -> requests.Response:
        """One bounded request (no waiting): the container already answered a ``get``."""
        return bounded_http.request(method, self.container.url(port, path), **options)

    def logs(self, until: Iterable[re.Pattern[str]] = (), timeout: float | None = None) -> str:
        """The logs once they match every pattern of ``until``, or the container exits, or ``timeout`` (the
        ``wait_seconds`` limit by default) passes; the logs either way (the check decides)."""
        wanted = list(until)
        timeout = wait_seconds(timeout)

        def matched() -> str | None:
            logs = self.container.logs()
            finished = all(pattern.search(logs) for pattern in wanted) or self.container.status() in ("exited", "dead")
            return logs if finished else None

        try:
            return wait_until(matched, timeout, what="logs")
        except GraderTimeout:
            return self.container.logs()

    def exec(
        self, words: list[str], user: str | None = None, environment: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """(exit code, output) of the grader's own command inside the container, within the exec limits."""
        done = self.container.exec(words, user, environment)
        return done.exit_code, done.output

    def file(self, path: str) -> bytes:
        """A file of the container, read up to the ``file_read_size`` limit (stopped containers too)."""
        return self.container.read_file(path)

    def list_dir(self, path: str) -> list[str]:
        """The names in a folder of the container."""
        return self.container.list_dir(path)

    def resolves(self, host: str) -> bool:
        """True when ``host`` resolves inside the container."""
        return self.exec([*GETENT, host], environment=NAME_PROBE)[0] == 0

    def require_running(self) -> None:
        """Fail the check (student's side) when the container is no longer running."""
        if self.container.status() != "running":
            raise StepTimedOut(self._exited_message(), 0)

    def _require_alive(self) -> None:
        if self.container.status() in ("exited", "dead"):
            raise StepTimedOut(self._exited_message(), 0)

    def _exited_message(self) -> str:
        tail = " ⏎ ".join(self.container.logs().strip().splitlines()[-3:])
        reason = exit_reason(self.container.inspect())  # a limit that stopped it (memory, file size, SIGKILL)
        return "; ".join(filter(None, [reason, messages.text("container.exited", tail=tail or "-")]))
