"""The handle on a container the student's run.sh started, found by the name the script gave it."""

from __future__ import annotations

import re
from collections.abc import Iterable

import requests
from docker.errors import NotFound
from docker.models.containers import Container as EngineContainer

from dockgrade.core import bounded_http
from dockgrade.core.errors import CheckFailed
from dockgrade.core.limits import wait_seconds
from dockgrade.core.waiting import wait_until
from dockgrade.handles.container import GETENT, NAME_PROBE, Container
from dockgrade.offline.recipes import normalise_reference, split_reference
from dockgrade.runtime import endpoints, grader_exec
from dockgrade.runtime.sandbox import SandboxContainer
from dockgrade.script.interpreter import Interpreter
from dockgrade.script.transcript import ContainerState

PING = ["ping", "-c", "1", "-W", "2"]


class ScriptContainer:
    """A script's container: its state when found, HTTP, logs, exec and files, each bounded like ``Container``."""

    def __init__(self, script: Interpreter, name: str, state: ContainerState | None = None) -> None:
        self.script, self.name, self._state = script, name, state

    @classmethod
    def named(cls, script: Interpreter, name: str) -> ScriptContainer | None:
        """The container the script called ``name``, as it is now (None when it no longer exists)."""
        try:
            return cls(script, name, script.containers.snapshot(name))
        except NotFound:
            return None

    @classmethod
    def running(cls, script: Interpreter, repository: str | None = None) -> list[ScriptContainer]:
        """The script's containers still running at the end, optionally of one image repository."""
        found = [cls.named(script, name) for name in script.names.students("container")]
        alive = [handle for handle in found if handle and handle.state.status == "running"]
        return [handle for handle in alive if repository is None or handle.repository == repository]

    @property
    def state(self) -> ContainerState:
        """The container as ``docker inspect`` saw it when found (now, when made by name alone)."""
        if self._state is None:
            self._state = self.script.containers.snapshot(self.name)
        return self._state

    @property
    def repository(self) -> str:
        """``nginx`` for a container of ``nginx:1.13``."""
        return split_reference(normalise_reference(self.state.image))[0]

    def get(self, path: str = "/", port: int = 80, timeout: float | None = None) -> requests.Response:
        """GET the container's published ``port`` as soon as it answers (within the ``wait_seconds`` limit)."""
        timeout = wait_seconds(timeout)
        url = endpoints.url(self.state.ports[f"{port}/tcp"], path)
        return wait_until(lambda: bounded_http.get(url), timeout, what=url, give_up_on=(CheckFailed,))

    def logs(self, until: Iterable[re.Pattern[str]] = ()) -> str:
        """The logs once they match every pattern (or it exits, or the wait limit passes): the engine copies a
        container's output to its log asynchronously, so a line written just now (nginx's access log for the
        request just answered) can be missing from an immediate read."""
        return self._sandboxed().logs(until)

    def exec(self, words: list[str], environment: dict[str, str] | None = None) -> tuple[int, str]:
        """The grader's own command inside the container (never student input), within the exec limits."""
        return grader_exec.run(self._engine(), words, limits=self.script.sandbox.limits, environment=environment)

    def file(self, path: str) -> bytes:
        """A file of the container, read up to the ``file_read_size`` limit."""
        return self._sandboxed().file(path)

    def resolves(self, host: str) -> bool:
        """True when ``host`` resolves inside the container."""
        return self.exec([*GETENT, host], environment=NAME_PROBE)[0] == 0

    def added_files(self) -> list[str]:
        """The paths added to the container's filesystem since it was created (``docker diff``, kind A)."""
        changes = self._engine().diff() or []
        return [str(change["Path"]) for change in changes if change["Kind"] == 1]

    def unreachable(self, address: str, attempts: int = 3) -> bool:
        """True when at least one of ``attempts`` pings from the container to ``address`` gets no answer.

        A reachable address answers every ping. An isolated one can still answer one: each time the engine
        creates a network it deletes and re-inserts its isolation jump in the FORWARD chain (dockerd 20.10),
        and a ping sent in that moment passes. Gradings running side by side create networks all the time.
        """
        return any(self.ping(address)[0] != 0 for _ in range(attempts))

    def ping(self, address: str) -> tuple[int, str]:
        """(exit code, output) of one ping from the container to ``address`` (a name or an IP), 2 s at most."""
        return self.exec([*PING, address], environment=NAME_PROBE)

    def _engine(self) -> EngineContainer:
        return self.script.containers.container(self.name)

    def _sandboxed(self) -> Container:
        return Container(SandboxContainer(self._engine(), self.script.sandbox.limits))
