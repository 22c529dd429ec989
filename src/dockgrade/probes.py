"""Probes from the host: HTTP on published ports, logs, a container's exit."""

from __future__ import annotations

import re
from collections.abc import Iterable

import requests

from dockgrade import bounded_http, messages
from dockgrade.errors import CheckFailed, GraderTimeout, StepTimedOut
from dockgrade.limits import exit_reason, wait_seconds
from dockgrade.sandbox import SandboxContainer
from dockgrade.waiting import wait_until


def http_get(url: str, timeout: float | None = None) -> requests.Response:
    """GET ``url`` as soon as something answers there (any status, within the ``wait_seconds`` limit by default);
    fail the check if nothing does."""
    timeout = wait_seconds(timeout)
    try:
        return wait_until(lambda: bounded_http.get(url), timeout, pause=0.1, what=url, give_up_on=(CheckFailed,))
    except GraderTimeout as error:
        raise StepTimedOut(messages.text("timeout.http", url=url, seconds=timeout), timeout) from error


def container_get(
    container: SandboxContainer, port: int, path: str = "/", timeout: float | None = None
) -> requests.Response:
    """GET ``path`` on a container's published ``port``; stops early when the container exits.

    ``timeout`` defaults to the ``wait_seconds`` limit.
    """
    timeout = wait_seconds(timeout)

    def probe() -> requests.Response | None:
        if container.status() in ("exited", "dead"):
            raise StepTimedOut(_exited_message(container), 0)
        try:
            return bounded_http.get(container.url(port, path))
        except requests.RequestException:
            return None

    try:
        return wait_until(probe, timeout, pause=0.1, what=f"{container.name}:{port}", give_up_on=(CheckFailed,))
    except GraderTimeout as error:
        raise StepTimedOut(messages.text("timeout.http", url=f":{port}{path}", seconds=timeout), timeout) from error


def logs_matching(
    container: SandboxContainer, patterns: Iterable[re.Pattern[str]], timeout: float | None = None
) -> str:
    """Wait until the container's logs match every pattern, or it exits, for at most ``timeout`` seconds (the
    ``wait_seconds`` limit by default); return the logs either way (the check decides)."""
    wanted = list(patterns)
    timeout = wait_seconds(timeout)

    def matched() -> str | None:
        logs = container.logs()
        finished = all(pattern.search(logs) for pattern in wanted) or container.status() in ("exited", "dead")
        return logs if finished else None

    try:
        return wait_until(matched, timeout, what="logs")
    except GraderTimeout:
        return container.logs()


def _exited_message(container: SandboxContainer) -> str:
    tail = " ⏎ ".join(container.logs().strip().splitlines()[-3:])
    reason = exit_reason(container.inspect())  # a limit that stopped it (memory, file size, SIGKILL)
    return "; ".join(filter(None, [reason, messages.text("container.exited", tail=tail or "-")]))


def body(response: requests.Response) -> str:
    """The response body as text: UTF-8 first, since nginx sends no charset and students write accents."""
    return response.content.decode("utf-8", "replace")


def require_running(container: SandboxContainer) -> None:
    """Fail the check (student's side) when the container is no longer running."""
    if container.status() != "running":
        raise StepTimedOut(_exited_message(container), 0)
