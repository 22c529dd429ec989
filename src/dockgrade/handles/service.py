"""The handle on a compose service under test (a project's service, one of its replicas)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from docker.errors import APIError

from dockgrade.compose.project import ComposeProject
from dockgrade.core import bounded_http, messages
from dockgrade.core.errors import CheckFailed, GraderTimeout, Missing, NotRunnableOffline, StepTimedOut, TooMuchOutput
from dockgrade.core.limits import wait_seconds
from dockgrade.core.sockets import PROC_FILES, Listener, from_cat
from dockgrade.core.waiting import wait_for, wait_until
from dockgrade.handles import service_http
from dockgrade.handles.container import GETENT, NAME_PROBE
from dockgrade.offline import pins
from dockgrade.offline.recipes import LABEL_STANDIN
from dockgrade.runtime import grader_exec
from dockgrade.runtime.sandbox import SandboxContainer

T = TypeVar("T")
_LISTEN = re.compile(r"^\s*listen\s+(?:[\w.\[\]:]*:)?(\d+)", re.MULTILINE)


class Service:
    """A compose service: HTTP on its published ports, its replicas' logs, exec and files, each bounded."""

    def __init__(self, project: ComposeProject, name: str, replica: int = 0) -> None:
        self.project, self.name, self.replica = project, name, replica

    @classmethod
    def find(cls, project: ComposeProject, role: str, hint: str | None = None, **clues: Any) -> Service:
        """The service called ``clues['name']``, else the first one matching one clue (``image``, ``builds``,
        ``port``, tried in order); fail the check naming ``role`` (the student's words) when none does."""
        __tracebackhide__ = True
        found = None
        for key, value in clues.items():
            found = found or project.find_service(**{key: value})
        if not found or not project.containers(found):
            raise Missing(messages.text("compose.no_service", role=role), role, "docker-compose.yml", hint)
        return cls(project, found)

    @property
    def config(self) -> dict[str, Any]:
        """The service as the merged configuration declares it."""
        return dict(self.project.services().get(self.name, {}))

    @property
    def environment(self) -> dict[str, str]:
        """The service's environment as the merged configuration declares it."""
        declared: Any = self.config.get("environment") or {}
        if isinstance(declared, list):
            return dict(item.split("=", 1) for item in declared if "=" in item)
        return {key: str(value) for key, value in declared.items()}

    @property
    def published(self) -> list[Any]:
        """The ports the student's file publishes on the host (before dockgrade's free ports)."""
        return self.project.config.declared_ports.get(self.name, []) if self.project.config else []

    def containers(self) -> list[Any]:
        """The replicas' engine containers, their state fresh."""
        containers = self.project.containers(self.name)
        for container in containers:
            container.reload()
        return containers

    def get(self, path: str = "/", port: int = 80, **options: Any) -> requests.Response:
        """GET ``path`` on the published ``port`` once something other than a 502 answers (``service_http``)."""
        return service_http.send(self, port, path, None, **options)

    def post(self, path: str, data: dict[str, str], port: int = 80, **options: Any) -> requests.Response:
        """POST the form ``data``, waiting like ``get``; a 500 is an answer (a row may already be written)."""
        return service_http.send(self, port, path, data, **options)

    def request(self, method: str, path: str, port: int, polling: bool = False, **options: Any) -> requests.Response:
        """One bounded request (no waiting): the service already answered a ``get``. ``polling``: the caller
        retries it, so a silent server is given the polling probes' shorter connect wait."""
        if polling:
            options.setdefault("connect_seconds", bounded_http.CONNECT_SECONDS)
        return bounded_http.request(method, service_http.published_url(self, port, path), **options)

    def logs(self, until: Callable[[list[str]], bool] | None = None, timeout: float | None = None) -> list[str]:
        """Each replica's logs; with ``until``, once they satisfy it, or every replica has exited (nothing more
        will be written), or ``timeout`` (the ``wait_seconds`` limit by default) passes: the check decides."""
        if until is None:
            return [container.logs().decode("utf-8", "replace") for container in self.project.containers(self.name)]
        condition = until
        last: list[list[str]] = [[]]

        def outcome() -> str | None:
            # The state first: logs read after an exit was seen hold everything the replica ever wrote.
            exited = all(container.status == "exited" for container in self.containers())
            last[0] = self.logs()
            if condition(last[0]):
                return "seen"
            return "exited" if exited else None

        wait_for(outcome, wait_seconds(timeout), f"{self.name} logs")
        return last[0]

    def wait(self, probe: Callable[[], T | None], timeout: float, what: str) -> T | None:
        """Poll ``probe`` until it returns something; None when ``timeout`` passes. A service that exited ends
        the wait at once, with its last words (the check fails, or is not runnable offline)."""
        try:
            return wait_until(probe, timeout, pause=0.2, what=what, give_up_on=service_http.GIVE_UP)
        except GraderTimeout:
            return None

    def tail(self, lines: int = 5) -> str:
        """The last log lines of the first replica, joined for a message."""
        found = self.logs()
        return " ⏎ ".join(found[0].strip().splitlines()[-lines:]) if found else "-"

    def exec(self, words: list[str], environment: dict[str, str] | None = None) -> tuple[int, str]:
        """The grader's own command inside the replica (never student input), within the exec limits."""
        container = self._replica()
        try:
            return grader_exec.run(container, words, limits=self.project.sandbox.limits, environment=environment)
        except APIError as error:  # it exited between the look and the exec (nginx dying on a bad upstream)
            container.reload()
            if container.status == "running":
                raise
            raise exited(container, self.name) from error

    def file(self, path: str) -> bytes:
        """A file of the replica, read up to the ``file_read_size`` limit."""
        return SandboxContainer(self._replica(), self.project.sandbox.limits).read_file(path)

    def resolves(self, host: str) -> bool:
        """True when ``host`` resolves from inside the service (its DNS sees it on a shared network)."""
        return self.exec([*GETENT, host], environment=NAME_PROBE)[0] == 0

    def nginx_config(self) -> str:
        """nginx's whole configuration (``nginx -T``), or its files when nginx cannot test it: ``nginx -T``
        resolves the upstream names, and the name of an app that has exited no longer resolves."""
        code, output = self.exec(["nginx", "-T"])
        if code == 0:
            return output
        return output + "\n" + self.exec(["sh", "-c", "cat /etc/nginx/nginx.conf /etc/nginx/conf.d/*.conf"])[1]

    def web_port(self, default: int = 80) -> int:
        """The container port a web service serves on: ``default``, or the one it publishes when nginx really
        listens there (``82:82`` with ``listen 82``: a variant; ``8080:8080`` with nginx on 80 stays a mistake)."""
        targets = [int(port["target"]) for port in self.config.get("ports") or []]
        if default in targets or not targets:
            return default
        try:
            listening = {int(port) for port in _LISTEN.findall(self.nginx_config())}
        except CheckFailed:
            return default
        return next((target for target in targets if target in listening), default)

    def require_available(self) -> None:
        """A grader error (never charged) when the check needs this service and its image is unavailable here."""
        if self.name in self.project.unavailable:
            image = self.project.unavailable[self.name]
            message = messages.text("compose.not_runnable_offline", service=self.name, image=image)
            raise NotRunnableOffline(message, image)

    def listeners(self) -> set[Listener] | None:
        """The sockets the replicas listen on (the kernel's tables, read by the grader's bounded exec); None when
        they cannot be read (an image without ``cat``, a replica gone)."""
        found: set[Listener] | None = None
        for container in self.project.containers(self.name):
            try:
                _code, output = grader_exec.run(container, ["cat", *PROC_FILES], limits=self.project.sandbox.limits)
            except (APIError, StepTimedOut, TooMuchOutput):
                continue
            if (replica := from_cat(output)) is not None:
                found = (found or set()) | replica
        return found

    def fail_if_exited(self) -> None:
        """A service whose container exited will never answer: end the check now, with its own last words."""
        for container in self.containers():
            if container.status == "exited":
                raise exited(container, self.name)

    def _replica(self) -> Any:
        containers = self.project.containers(self.name)
        if self.replica >= len(containers):
            raise Missing(messages.text("compose.no_service", role=self.name), self.name, "docker-compose.yml")
        container = containers[self.replica]
        container.reload()
        if container.status != "running":
            raise exited(container, self.name)
        return container


def exited(container: Any, service: str) -> CheckFailed | NotRunnableOffline:
    """The error for a service that exited, with its own last words.

    Not the student's when it ran on a stand-in and died installing a dependency that the stand-in's Python
    cannot build (the official image would have): then the check is "not runnable offline".
    """
    code = (container.attrs.get("State") or {}).get("ExitCode", "?")
    log = container.logs().decode("utf-8", "replace")
    lines = log.strip().splitlines()
    errors = [line for line in lines if "ERROR" in line or "error" in line.lower()] or lines
    words = " ⏎ ".join(errors[-4:]) or "-"
    labels = (container.attrs.get("Config") or {}).get("Labels") or {}
    if LABEL_STANDIN in labels and pins.failed_offline(log):
        image = str((container.attrs.get("Config") or {}).get("Image", "?"))
        return NotRunnableOffline(messages.text("compose.offline_dependency", service=service, logs=words), image)
    return CheckFailed(messages.text("compose.not_running", service=service, code=code, logs=words))
