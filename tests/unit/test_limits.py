"""Limits: defaults, environment overrides, what containers and compose services get, and exit explanations."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dockgrade.core.bounded import run_bounded
from dockgrade.core.errors import ExerciseConfigError
from dockgrade.core.limits import Limits, exit_reason, shown_size, size_bytes, wait_seconds


def test_environment_overrides() -> None:
    """DOCKGRADE_LIMIT_<FIELD> changes one field, typed; the rest keep their defaults."""
    limits = Limits.from_env({"DOCKGRADE_LIMIT_BUILD_SECONDS": "8", "DOCKGRADE_LIMIT_MEMORY": "1g", "OTHER": "x"})
    assert (limits.build_seconds, limits.memory, limits.pids) == (8.0, "1g", Limits().pids)


@pytest.mark.parametrize(("name", "value"), [("PIDS", "many"), ("MEMORY", "lots"), ("BUILD_SECONDS", "soon")])
def test_bad_override_is_a_grader_error(name: str, value: str) -> None:
    """A mistyped override is the instructor's to fix, never charged to a student."""
    with pytest.raises(ExerciseConfigError, match=f"DOCKGRADE_LIMIT_{name}"):
        Limits.from_env({f"DOCKGRADE_LIMIT_{name}": value})


def test_container_limits() -> None:
    """Every container: memory without extra swap, pids, CPU, a 1 MiB log, a largest file."""
    kwargs = Limits().container_kwargs()
    assert kwargs["mem_limit"] == kwargs["memswap_limit"] == "512m"
    assert kwargs["pids_limit"] == 256
    assert kwargs["nano_cpus"] == 1_000_000_000
    assert kwargs["log_config"]["Config"] == {"max-size": "1m", "max-file": "1"}
    assert kwargs["ulimits"][0]["Name"] == "fsize"


def test_compose_service_limits() -> None:
    """Compose services get the same limits as compose keys, json-file logging included."""
    service = Limits(file_size="64m").compose_service()
    assert service["logging"] == {"driver": "json-file", "options": {"max-size": "1m", "max-file": "1"}}
    assert service["ulimits"] == {"fsize": {"soft": 64 * 1024**2, "hard": 64 * 1024**2}}
    assert service["memswap_limit"] == service["mem_limit"]


@pytest.mark.parametrize(
    ("size", "expected"), [("512m", 512 * 1024**2), ("1g", 1024**3), ("64k", 65536), ("1GiB", 1024**3), (10, 10)]
)
def test_size_bytes(size: str | int, expected: int) -> None:
    """Docker-style sizes in bytes."""
    assert size_bytes(size) == expected


def test_shown_size() -> None:
    """Sizes as a person reads them."""
    assert (shown_size(1024**3), shown_size(1536 * 1024), shown_size(12)) == ("1 GiB", "1.5 MiB", "12 B")


@pytest.mark.parametrize(
    ("state", "fragment"),
    [
        ({"OOMKilled": True, "ExitCode": 137}, "falta de memória (limite de 512 MiB)"),
        ({"OOMKilled": False, "ExitCode": 153}, "tamanho máximo de arquivo (1 GiB)"),
        (
            {"OOMKilled": False, "ExitCode": 137},
            "SIGKILL (código 137), quase sempre por falta de memória (limite de 512",
        ),
    ],
)
def test_exit_reasons(state: dict[str, object], fragment: str) -> None:
    """A container stopped by a limit says which limit, with the value it ran with."""
    host = {"Memory": 512 * 1024**2, "Ulimits": [{"Name": "fsize", "Soft": 1024**3, "Hard": 1024**3}]}
    assert fragment in exit_reason({"State": state, "HostConfig": host})


def test_ordinary_exit_has_no_reason() -> None:
    """Exit 0 or 1 is the program's own business."""
    assert exit_reason({"State": {"ExitCode": 1}, "HostConfig": {}}) == ""


def _alive(marker: str) -> bool:
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    """A timed-out command dies with its children (docker compose's plugin is a child of docker)."""
    marker = f"{os.getpid()}{time.monotonic_ns()}"
    script = f"sleep 3{marker[-6:]}.5 & sleep 3{marker[-6:]}.5; echo done"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_bounded(["sh", "-c", script], tmp_path, 0.5)
    assert time.monotonic() - started < 10
    assert not _alive(f"3{marker[-6:]}.5")


def test_finished_command_returns_its_output(tmp_path: Path) -> None:
    """A command that ends in time gives its exit code and both streams."""
    done = run_bounded(["sh", "-c", "echo out; echo err >&2; exit 3"], tmp_path, 10, env={"PATH": os.environ["PATH"]})
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")


def test_a_flood_keeps_stdouts_beginning_and_stderrs_end(tmp_path: Path) -> None:
    """20 MB on each stream: a bounded part is kept, stdout's start (compose config) and stderr's end (the error)."""
    script = "head -c 20000000 /dev/zero; echo início; (head -c 20000000 /dev/zero; echo fim) >&2"
    done = run_bounded(["sh", "-c", script], tmp_path, 30, max_bytes=1024)
    assert (len(done.stdout), done.stdout.strip("\0")) == (1024, "")
    assert (len(done.stderr.encode()), done.stderr.endswith("\0fim\n")) == (1024, True)


def test_wait_seconds_is_the_given_timeout_or_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKGRADE_LIMIT_WAIT_SECONDS", "45")
    assert (wait_seconds(5), wait_seconds(None)) == (5, 45)


def test_a_kill_without_a_memory_limit_is_only_a_kill() -> None:
    assert (
        exit_reason({"State": {"ExitCode": 137}, "HostConfig": {}}) == "o container foi morto com SIGKILL (código 137)"
    )
