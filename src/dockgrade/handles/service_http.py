"""HTTP on a compose service's published port, waiting out a slow start but not a student's mistake."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import requests

from dockgrade.compose.project import ComposeProject
from dockgrade.core import bounded_http, messages
from dockgrade.core.errors import CheckFailed, GraderTimeout, Missing, NotRunnableOffline
from dockgrade.core.sockets import Listener
from dockgrade.core.waiting import wait_until
from dockgrade.handles.port_watch import PortWatch
from dockgrade.runtime import endpoints


class Service(Protocol):
    """What waiting for a service's HTTP needs of it (``handles.service.Service`` is one; naming that class here
    would make the two modules import each other)."""

    name: str
    project: ComposeProject

    def fail_if_exited(self) -> None: ...

    def logs(self) -> list[str]: ...

    def tail(self, lines: int = 5) -> str: ...

    def listeners(self) -> set[Listener] | None: ...


# Ending a wait at once: the service is gone, for the student's reason or (offline) for ours.
GIVE_UP = (CheckFailed, NotRunnableOffline)
DEFAULT_TIMEOUT = 90.0


def published_url(service: Service, port: int, path: str) -> str:
    """Where ``port`` of ``service`` is reached. A service that exited publishes nothing (behind the egress its
    relay is never started): then the check says it exited, in its own words, not that the port is missing."""
    try:
        return endpoints.url(service.project.host_port(service.name, port), path)
    except Missing:
        service.fail_if_exited()
        raise


def send(
    service: Service,
    port: int,
    path: str = "/",
    data: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    upstream: Service | None = None,
    listening: Callable[[str], bool] | None = None,
) -> requests.Response:
    """GET (or POST ``data``) on a service's published port, as soon as something other than a 502 answers.

    ``upstream`` is the service a proxy (``service``) forwards to: once it has exited, a 502 will not heal, so
    the check fails at once with its last words. ``listening`` recognises the log line of the service doing the
    work (``upstream``, else ``service``) saying it listens: from then on, silence or a 502 is the student's
    mistake (a server on localhost inside its container, a proxy_pass to the wrong port), not a slow start, and
    the check fails after a short grace instead of the whole ``timeout``. A 404 behind a proxy is waited out the
    same way (nginx turns a 502 into its ``error_page``, a 404 when the student's web root has no 50x.html;
    Bottle says it listens a moment before it binds) and returned after that grace: by then it is the app's own
    (a proxy_pass without the trailing slash). Other answers return at once: a 500 may come after the app
    already wrote a row, so the request must not be sent again.
    """
    service.fail_if_exited()
    url = published_url(service, port, path)
    gateway: list[int] = []
    early: list[requests.Response] = []
    heard = ListeningWatch(upstream or service, listening)
    bound = PortWatch(service.listeners, port, path, who=service.name)

    def attempt() -> requests.Response | None:
        try:
            response = bounded_http.post(url, data=data) if data is not None else bounded_http.get(url)
        except requests.RequestException as error:
            # A proxy whose app is gone can also hang (its address no longer answers ARP) instead of a 502.
            for involved in filter(None, (service, upstream)):
                involved.fail_if_exited()
            if upstream is None and heard.grace_over():
                raise _deaf(service) from None
            if upstream is None:
                bound.judge(silent=isinstance(error, requests.exceptions.ReadTimeout))
            return None
        if response.status_code in (502, 503, 504):
            gateway.append(response.status_code)  # the proxy answers, what is behind it does not (yet)
            if upstream is not None:
                upstream.fail_if_exited()
            if heard.grace_over():
                raise CheckFailed(messages.text("compose.bad_gateway", path=path, status=response.status_code))
            return None
        if upstream is not None and response.status_code == 404 and not heard.grace_over():
            upstream.fail_if_exited()
            early.append(response)
            return None
        # A server that daemonises can answer in the instant before its container's PID 1 exits (as for
        # ``Container.get``): an answer counts only from services still running after it.
        for involved in filter(None, (service, upstream)):
            involved.fail_if_exited()
        return response

    try:
        return wait_until(attempt, timeout, pause=0.2, what=url, give_up_on=GIVE_UP)
    except GraderTimeout as error:
        if early:
            return early[-1]
        if gateway:
            raise CheckFailed(messages.text("compose.bad_gateway", path=path, status=gateway[-1])) from error
        raise CheckFailed(messages.text("timeout.http", url=path, seconds=timeout)) from error


class ListeningWatch:
    """Tells when a service said, longer than a grace ago, that it listens (a server up and still unreachable)."""

    GRACE_S = 10.0

    def __init__(
        self,
        service: Service,
        listening: Callable[[str], bool] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service, self.listening, self.clock = service, listening, clock
        self.heard_at: float | None = None

    def grace_over(self) -> bool:
        """True once the service said it listens and the grace since then has passed."""
        if self.listening is None:
            return False
        if self.heard_at is None:
            if any(self.listening(text) for text in self.service.logs()):
                self.heard_at = self.clock()
            return False
        return self.clock() - self.heard_at > self.GRACE_S


def _deaf(service: Service) -> CheckFailed:
    tail = service.tail(lines=2)
    seconds = ListeningWatch.GRACE_S
    return CheckFailed(
        messages.text("compose.deaf", service=service.name, seconds=seconds, tail=tail),
        messages.text("compose.deaf_hint"),
    )
