"""Steps that end on time, whatever the submission does: subprocesses, image builds, execs.

Each hangs up on the engine (or kills a whole process group) at its deadline, and keeps only a
bounded amount of output in memory: a build that prints forever (``RUN yes``) or an exec that
floods (``docker exec web yes``) cannot fill the grader's memory.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import quote_plus

import requests
from docker import APIClient, DockerClient
from docker.models.containers import Container
from docker.utils.socket import frames_iter

MAX_OUTPUT = 1024 * 1024
# prctl(PR_SET_PDEATHSIG, SIGKILL) survives exec; a parent already gone by then means: do not start at all.
_TRAMPOLINE = """\
import ctypes, os, signal, sys
ctypes.CDLL(None).prctl(1, signal.SIGKILL)
if os.getppid() != int(sys.argv[1]):
    sys.exit(137)
os.execvp(sys.argv[2], sys.argv[2:])
"""


def run_bounded(
    argv: list[str], cwd: Path, seconds: float, env: Mapping[str, str] | None = None, max_bytes: int = 4 * MAX_OUTPUT
) -> subprocess.CompletedProcess[str]:
    """Run a command in its own process group; on timeout or interrupt kill the whole group.

    ``docker compose`` is a CLI plugin: killing the ``docker`` process alone leaves the plugin
    running (and building, and starting containers) after dockgrade gave up on it.
    Of the output, at most ``max_bytes`` per stream is kept: stdout's beginning (``compose config``'s
    YAML), stderr's end (where the error is); a build printing forever (``RUN yes``) fills nothing.
    Raises ``subprocess.TimeoutExpired`` after ``seconds``, once every process of the group is gone.
    """
    child = subprocess.Popen(
        _with_parent(argv),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    stdout = _Drain(cast(IO[bytes], child.stdout), max_bytes, keep_end=False)
    stderr = _Drain(cast(IO[bytes], child.stderr), max_bytes, keep_end=True)
    try:
        child.wait(timeout=seconds)
    except BaseException:
        _kill_group(child)
        raise
    finally:
        stdout.join()
        stderr.join()
    return subprocess.CompletedProcess(argv, child.returncode, stdout.text(), stderr.text())


class _Drain(threading.Thread):
    """Reads a pipe to its end, keeping its first (or last) ``max_bytes``."""

    def __init__(self, pipe: IO[bytes], max_bytes: int, keep_end: bool) -> None:
        super().__init__(daemon=True)
        self._pipe, self._max, self._keep_end = pipe, max_bytes, keep_end
        self._kept = bytearray()
        self.start()

    def run(self) -> None:
        with self._pipe:
            while chunk := self._pipe.read1(64 * 1024):  # type: ignore[attr-defined]
                if self._keep_end:
                    self._kept += chunk
                    del self._kept[: max(len(self._kept) - self._max, 0)]
                elif len(self._kept) < self._max:
                    self._kept += chunk[: self._max - len(self._kept)]

    def join(self, timeout: float | None = 10) -> None:
        """Wait for the pipe's end (its writers are gone), for at most ``timeout`` seconds."""
        super().join(timeout)

    def text(self) -> str:
        """What was kept, decoded leniently, newlines universal (compose's progress lines end in ``\\r``)."""
        return bytes(self._kept).decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def _with_parent(argv: list[str]) -> list[str]:
    """On Linux, ``argv`` started through a trampoline that asks for SIGKILL when the grader dies (even by SIGKILL).

    The ``docker`` CLI then dies with the grader, and the compose plugin, which watches its parent
    CLI, cancels what it was doing (a build, an ``up``) instead of running on unowned.
    """
    if not sys.platform.startswith("linux"):
        return argv
    return [sys.executable, "-S", "-E", "-c", _TRAMPOLINE, str(os.getpid()), *argv]


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=10)


@dataclass
class BuildOutcome:
    """What a bounded build produced: the image id (None on failure), the engine's error, the log's tail."""

    image_id: str | None
    error: str | None
    log: str
    timed_out: bool = False


def bounded_build(api: APIClient, seconds: float, **build_kwargs: Any) -> BuildOutcome:
    """``api.build(**build_kwargs)`` that ends after ``seconds`` whatever the build does, keeping only the log's tail.

    A silent endless step and a step printing forever (``RUN yes``) both end at the deadline:
    dockgrade hangs up, and the engine cancels the build and removes its container. The log kept
    in memory is bounded too (its last ``_KEPT_LOG`` characters).
    """
    deadline = time.monotonic() + seconds
    responses: list[requests.Response] = []
    wanted = f"t={quote_plus(str(build_kwargs.get('tag', '')))}"

    def capture(response: requests.Response, *_args: object, **_kwargs: object) -> requests.Response:
        if "/build?" in response.request.path_url and wanted in response.request.path_url:
            responses.append(response)
        return response

    api.hooks["response"].append(capture)
    try:
        stream = api.build(decode=True, **build_kwargs)
    finally:
        api.hooks["response"].remove(capture)
    hung_up = threading.Event()
    timer = threading.Timer(max(deadline - time.monotonic(), 0), _hang_up, (responses, hung_up))
    timer.daemon = True
    timer.start()
    try:
        return _read_build(stream, hung_up)
    finally:
        timer.cancel()
        for response in responses:
            response.close()


def _read_build(stream: Iterator[dict[str, Any]], hung_up: threading.Event) -> BuildOutcome:
    log, image_id, error = "", None, None
    try:
        for chunk in stream:
            text = str(chunk.get("stream") or chunk.get("error") or "")
            log = (log + text)[-_KEPT_LOG:]
            if "error" in chunk:
                error = str(chunk["error"])
            elif match := _BUILT.search(text.strip()):
                image_id = match.group(2)
    except Exception:
        if not hung_up.is_set():
            raise
    if hung_up.is_set():
        return BuildOutcome(None, None, log, timed_out=True)
    return BuildOutcome(image_id if error is None else None, error, log)


def _hang_up(responses: list[requests.Response], hung_up: threading.Event) -> None:
    hung_up.set()
    for response in responses:
        connection = getattr(response.raw, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def created_images(log: str) -> list[str]:
    """Ids of the images a legacy build committed itself (cache hits left out), from its log.

    A failed build keeps them as untagged, unlabelled cache; removing them (when nothing else
    uses them) keeps a failed submission from leaving anything behind.
    """
    return _COMMITTED.findall(log)


_KEPT_LOG = 64 * 1024
_COMMITTED = re.compile(r"Remov(?:ing|ed) intermediate container [0-9a-f]+\s+---> ([0-9a-f]{12,})")
_BUILT = re.compile(r"(^Successfully built |sha256:)([0-9a-f]+)$")


def bounded_exec(
    container: Container, words: list[str], user: str | None, seconds: float, max_bytes: int = MAX_OUTPUT
) -> tuple[int | None, str]:
    """Run ``words`` in ``container``; return (exit code, output) or (None, first output) when still running.

    The output kept is at most ``max_bytes``; at the deadline dockgrade stops listening (the
    process itself lives until its container is removed, blocked once nobody reads it).
    """
    done = exec_bytes(container, words, user, seconds, max_bytes)
    return done.exit_code, done.output.decode("utf-8", "replace")


@dataclass
class ExecOutcome:
    """What a bounded exec produced: its exit code (None when it had not ended), output kept, whether it overflowed."""

    exit_code: int | None
    output: bytes
    overflowed: bool = False


def exec_bytes(
    container: Container,
    words: list[str],
    user: str | None,
    seconds: float,
    max_bytes: int = MAX_OUTPUT,
    stop_when_full: bool = False,
    environment: dict[str, str] | None = None,
) -> ExecOutcome:
    """Run ``words`` in ``container`` for at most ``seconds``, keeping at most ``max_bytes`` of output.

    With ``stop_when_full``, dockgrade hangs up as soon as the output passes ``max_bytes`` (the grader's own
    probes: their answer is already wrong) instead of draining a flood until the deadline.
    """
    started = time.monotonic()
    api = cast(DockerClient, container.client).api
    exec_id = api.exec_create(container.id, words, user=user or "", environment=environment)["Id"]
    sock = api.exec_start(exec_id, socket=True)
    timer = threading.Timer(seconds, _shut, (sock,))
    timer.daemon = True
    timer.start()
    kept, overflowed = bytearray(), False
    try:
        for _stream, data in frames_iter(sock, tty=False):  # type: ignore[no-untyped-call]
            overflowed = overflowed or len(kept) + len(data) > max_bytes
            kept += data[: max(max_bytes - len(kept), 0)]
            if overflowed and stop_when_full:
                break
    except (OSError, ValueError):
        pass  # hung up at the deadline
    finally:
        timer.cancel()
        _shut(sock)
        _close(sock)
    return ExecOutcome(_exit_code(api, exec_id, started + seconds), bytes(kept), overflowed)


def _exit_code(api: APIClient, exec_id: str, deadline: float) -> int | None:
    state = api.exec_inspect(exec_id)
    settle = time.monotonic() + 2  # the stream may end a moment before the engine records the exit code
    while state.get("Running") and time.monotonic() < min(settle, deadline):
        time.sleep(0.05)
        state = api.exec_inspect(exec_id)
    return None if state.get("Running") or state.get("ExitCode") is None else int(state["ExitCode"])


def _shut(sock: Any) -> None:
    raw = getattr(sock, "_sock", sock)
    with contextlib.suppress(Exception):
        raw.shutdown(socket.SHUT_RDWR)


def _close(sock: Any) -> None:
    handles: list[Any] = [sock, getattr(sock, "_sock", sock)]
    for handle in handles:
        with contextlib.suppress(Exception):
            handle.close()
