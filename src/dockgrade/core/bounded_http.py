"""HTTP from the grader to a submission's server: bounded bytes, a total deadline, redirects on the same origin only.

The one way the grader speaks HTTP. A student's server may answer with an endless body, drip one
byte a second forever, or redirect the grader to an address of the grading machine; ``request``
keeps at most the ``http_size`` limit of the answer, hangs up when the ``http_seconds`` limit has
passed since it connected (not per read: a drip never times out per read), and follows a
redirect only to the same scheme, host and port.

Not answering at all (nothing listening yet, no status line within ``connect_seconds``) raises a
``requests.RequestException``, so callers keep waiting as before; a server that started answering
and then broke a limit fails the check at once, saying which limit.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Mapping
from urllib.parse import urlencode, urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from dockgrade.core import messages
from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits, shown_size, size_bytes

# Polling probes retry soon after a silent server; a single request (an API call) gives it longer to answer.
CONNECT_SECONDS = 3.0
_SINGLE_CONNECT_SECONDS = 10.0
_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)


def get(
    url: str, headers: Mapping[str, str] | None = None, connect_seconds: float = CONNECT_SECONDS
) -> requests.Response:
    """``GET url`` within the limits (see ``request``)."""
    return request("GET", url, headers=headers, connect_seconds=connect_seconds)


def post(
    url: str, data: Mapping[str, str] | None = None, connect_seconds: float = CONNECT_SECONDS
) -> requests.Response:
    """``POST`` a form to ``url`` within the limits (see ``request``)."""
    return request("POST", url, data=data, connect_seconds=connect_seconds)


def request(
    method: str,
    url: str,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    connect_seconds: float = _SINGLE_CONNECT_SECONDS,
    limits: Limits | None = None,
) -> requests.Response:
    """One HTTP exchange (plain ``http://``), its whole body read within the limits.

    Raises ``TooMuchOutput`` past the ``http_size`` limit, ``StepTimedOut`` when the answer did not end
    within the ``http_seconds`` limit, and a ``requests.RequestException`` when nothing answered (no
    connection, or no status line within ``connect_seconds``).
    """
    limits = limits or Limits.from_env()
    budget = _Budget(size_bytes(limits.http_size), limits.http_seconds, time.monotonic() + limits.http_seconds)
    body = urlencode(dict(data)).encode() if data is not None else None
    sent = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    for _hop in range(_MAX_REDIRECTS + 1):
        response = _exchange(method, url, body, {**sent, **dict(headers or {})}, budget, connect_seconds)
        target = urljoin(url, response.headers.get("Location", ""))
        if response.status_code not in _REDIRECTS or not _same_origin(url, target):
            return response
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            method, body, sent = "GET", None, {}
        url = target
    return response


class _Budget:
    """The limits of one request, redirects included: bytes per answer, one deadline for all."""

    def __init__(self, max_bytes: int, seconds: float, deadline: float) -> None:
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.deadline = deadline


def _exchange(
    method: str, url: str, body: bytes | None, headers: dict[str, str], budget: _Budget, connect_seconds: float
) -> requests.Response:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise requests.exceptions.InvalidURL(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=connect_seconds)
    try:
        connection.connect()
    except OSError as error:
        connection.close()
        raise requests.exceptions.ConnectionError(str(error)) from error
    watch = _Deadline(connection, budget.deadline)
    answer: http.client.HTTPResponse | None = None
    try:
        path = parts.path or "/"
        connection.request(method, f"{path}?{parts.query}" if parts.query else path, body=body, headers=headers)
        answer = connection.getresponse()
        content = _read(answer, budget, url, watch)
    except (OSError, http.client.HTTPException) as error:
        if watch.finish():
            raise _too_slow(url, budget) from error
        kind = requests.exceptions.ReadTimeout if isinstance(error, TimeoutError) else requests.ConnectionError
        raise kind(str(error)) from error
    finally:
        watch.finish()
        if answer is not None:
            answer.close()
        connection.close()
    if watch.finish():  # the deadline cut the body short (an answer without a length "ends" when we hang up)
        raise _too_slow(url, budget)
    return _response(url, answer, content)


def _read(answer: http.client.HTTPResponse, budget: _Budget, url: str, watch: _Deadline) -> bytes:
    kept = bytearray()
    while chunk := answer.read1(_CHUNK):
        kept += chunk
        if len(kept) > budget.max_bytes:
            watch.finish()
            raise TooMuchOutput(
                messages.text("limits.http_size", url=_shown(url), limit=shown_size(budget.max_bytes)),
                budget.max_bytes,
            )
    # read1 ends quietly at a hang-up; a body shorter than its Content-Length is a server that died mid-answer
    # (a daemonised nginx killed with its container), not a complete page to judge.
    if answer.length:
        raise http.client.IncompleteRead(bytes(kept), answer.length)
    return bytes(kept)


class _Deadline:
    """Hangs up the connection at the deadline, whatever read is under way; tells afterwards whether it did."""

    def __init__(self, connection: http.client.HTTPConnection, deadline: float) -> None:
        # Kept now: once the answer says "Connection: close", http.client forgets the socket, the answer reads on.
        self._sock = connection.sock
        self._lock = threading.Lock()
        self._done = False
        self._expired = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def finish(self) -> bool:
        """Stop watching; True when the deadline came first."""
        with self._lock:
            self._done = True
        self._timer.cancel()
        return self._expired

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._expired = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)


def _too_slow(url: str, budget: _Budget) -> StepTimedOut:
    return StepTimedOut(messages.text("limits.http_seconds", url=_shown(url), seconds=budget.seconds), budget.seconds)


def _response(url: str, answer: http.client.HTTPResponse, content: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = answer.status
    response.reason = answer.reason
    response.headers = CaseInsensitiveDict(answer.getheaders())
    response.encoding = get_encoding_from_headers(response.headers)
    response.url = url
    response._content = content
    return response


def _same_origin(url: str, target: str) -> bool:
    first, second = urlsplit(url), urlsplit(target)
    return (first.scheme, first.hostname, first.port) == (second.scheme, second.hostname, second.port)


def _shown(url: str) -> str:
    """The part of a probe's URL the student recognises, its path (the grader's host and free port are noise)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"


def body(response: requests.Response) -> str:
    """The response body as text: UTF-8 first, since nginx sends no charset and students write accents."""
    return response.content.decode("utf-8", "replace")
