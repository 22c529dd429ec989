"""Probes from the host: HTTP on published ports, logs, a container's exit."""

from __future__ import annotations

import requests

from dockgrade import messages
from dockgrade.errors import GraderTimeout, StepTimedOut
from dockgrade.sandbox import SandboxContainer
from dockgrade.waiting import wait_until

_HTTP_TIMEOUT_S = 3.0


def http_get(url: str, timeout: float = 30.0) -> requests.Response:
    """GET ``url`` as soon as something answers there (any status); fail the check if nothing does."""
    try:
        return wait_until(lambda: requests.get(url, timeout=_HTTP_TIMEOUT_S), timeout, pause=0.1, what=url)
    except GraderTimeout as error:
        raise StepTimedOut(messages.text("timeout.http", url=url, seconds=timeout), timeout) from error


def container_get(container: SandboxContainer, port: int, path: str = "/", timeout: float = 30.0) -> requests.Response:
    """GET ``path`` on a container's published ``port``; stops early when the container exits."""

    def probe() -> requests.Response | None:
        try:
            return requests.get(container.url(port, path), timeout=_HTTP_TIMEOUT_S)
        except requests.RequestException:
            if container.status() == "exited":
                raise StepTimedOut(_exited_message(container), 0) from None
            return None

    try:
        return wait_until(probe, timeout, pause=0.1, what=f"{container.name}:{port}")
    except GraderTimeout as error:
        if isinstance(error.__cause__, StepTimedOut):
            raise error.__cause__ from None
        raise StepTimedOut(messages.text("timeout.http", url=f":{port}{path}", seconds=timeout), timeout) from error


def logs_contain(container: SandboxContainer, fragments: list[str], timeout: float = 10.0) -> str:
    """Wait until the container's logs contain every fragment; return the logs either way."""
    try:
        return wait_until(lambda: _all_in(container.logs(), fragments), timeout, what="logs")
    except GraderTimeout:
        return container.logs()


def _all_in(text: str, fragments: list[str]) -> str | None:
    return text if all(fragment in text for fragment in fragments) else None


def _exited_message(container: SandboxContainer) -> str:
    tail = " ⏎ ".join(container.logs().strip().splitlines()[-3:])
    return messages.text("container.exited", tail=tail or "-")
