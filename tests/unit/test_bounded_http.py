"""HTTP to a student's server: the answer is bounded in bytes and in total time, and redirects stay on its origin."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import requests

from dockgrade.core import bounded_http
from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]
SMALL = Limits(http_size="64k", http_seconds=1.5)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A client hanging up on an endless answer is the point of these tests, not an error to print."""

    def handle_error(self, *_args: object) -> None:
        pass


class _Server:
    """A loopback server (127.0.0.1 only) answering every request with ``handler``; stopped by the fixture."""

    def __init__(self, handler: Handler) -> None:
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handler(self)

            def do_POST(self) -> None:
                handler(self)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Answer)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], _Server]]:
    servers: list[_Server] = []

    def start(handler: Handler) -> _Server:
        servers.append(_Server(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


def _page(body: bytes, status: int = 200, **headers: str) -> Handler:
    def answer(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    return answer


def _endless(request: http.server.BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.end_headers()
    chunk = b"x" * 65536
    for _ in range(100_000):
        request.wfile.write(chunk)


def _drip(request: http.server.BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Length", "1000")
    request.end_headers()
    for _ in range(1000):
        request.wfile.write(b"x")
        request.wfile.flush()
        time.sleep(0.2)


def test_a_page_is_read_whole(serve: Callable[[Handler], _Server]) -> None:
    """An ordinary answer comes back as a requests.Response: status, headers, body, text."""
    server = serve(_page("<h1>olá</h1>".encode(), **{"Content-Type": "text/html; charset=utf-8"}))
    response = bounded_http.request("GET", server.url + "/", limits=SMALL)
    assert (response.status_code, response.text) == (200, "<h1>olá</h1>")
    assert response.headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("handler", "path", "error", "message", "seconds"),
    [
        (_endless, "/", TooMuchOutput, "a resposta de / passou de 64 KiB", (0, 5)),
        (_drip, "/lento", StepTimedOut, "a resposta de /lento não terminou em 1.5 s", (1.4, 4)),
    ],
    ids=["endless-body", "slow-drip"],
)
def test_a_hostile_answer_ends_at_a_limit(
    serve: Callable[[Handler], _Server],
    handler: Handler,
    path: str,
    error: type[Exception],
    message: str,
    seconds: tuple[float, float],
) -> None:
    """An endless body stops past the size limit at once; a drip (one byte every 0.2 s never trips a per-read
    timeout) stops at the total deadline; each fails saying which limit."""
    server = serve(handler)
    started = time.monotonic()
    with pytest.raises(error) as failure:
        bounded_http.request("GET", server.url + path, limits=SMALL)
    assert message in str(failure.value)
    assert seconds[0] < time.monotonic() - started < seconds[1]


def _cut_short(request: http.server.BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Length", "100")
    request.end_headers()
    request.wfile.write(b"<h1>")
    request.close_connection = True


def test_an_answer_cut_short_is_a_requests_error(serve: Callable[[Handler], _Server]) -> None:
    """A server that dies mid-answer (fewer bytes than its Content-Length) did not answer: the probes keep
    waiting and see the container exit, rather than judging a truncated page."""
    server = serve(_cut_short)
    with pytest.raises(requests.RequestException):
        bounded_http.request("GET", server.url + "/", limits=SMALL)


def test_nothing_listening_is_a_requests_error() -> None:
    """No server yet: a requests exception, so the polling probes keep waiting as before."""
    with pytest.raises(requests.RequestException):
        bounded_http.get("http://127.0.0.1:9/", connect_seconds=1)


def test_redirects_stay_on_the_same_origin(serve: Callable[[Handler], _Server]) -> None:
    """A redirect to another address is not followed (it could be the grading machine's own service)."""
    target = serve(_page(b"segredo"))
    elsewhere = serve(_page(b"", 302, Location=target.url + "/"))
    assert bounded_http.get(elsewhere.url + "/").status_code == 302


def test_a_redirect_on_the_same_origin_is_followed(serve: Callable[[Handler], _Server]) -> None:
    """``/api`` → ``/api/`` on the same server is followed, as a browser would."""

    def answer(request: http.server.BaseHTTPRequestHandler) -> None:
        if request.path == "/api":
            _page(b"", 301, Location="/api/")(request)
        else:
            _page(b"lista")(request)

    server = serve(answer)
    response = bounded_http.get(server.url + "/api")
    assert (response.status_code, response.text) == (200, "lista")


def test_post_sends_a_form(serve: Callable[[Handler], _Server]) -> None:
    """POST sends the fields form-encoded, as the course's pages do."""
    received: list[bytes] = []

    def answer(request: http.server.BaseHTTPRequestHandler) -> None:
        received.append(request.rfile.read(int(request.headers["Content-Length"])))
        _page(b"ok", 201)(request)

    server = serve(answer)
    assert bounded_http.post(server.url + "/api", data={"assunto": "olá"}).status_code == 201
    assert received == [b"assunto=ol%C3%A1"]
