"""Resource and time limits applied to everything a submission runs.

Every container and compose service gets memory (no extra swap), pids, CPU, log size and a
largest-file size; every build, run, wait and compose step gets a wall-clock limit; inputs
(build context, Dockerfile, script, compose files) get size limits; what the grader itself reads from a
submission (an HTTP answer, an exec's output, a file copied out of a container) gets a size and a time
limit. An instructor may change any field with an environment variable ``DOCKGRADE_LIMIT_<FIELD>``
(``DOCKGRADE_LIMIT_BUILD_SECONDS=600``).
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from docker.types import LogConfig, Ulimit

from dockgrade.core import messages
from dockgrade.core.errors import ExerciseConfigError
from dockgrade.core.settings import LIMIT_PREFIX, Settings

_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}
_EXIT_FILE_SIZE = 128 + signal.SIGXFSZ
_EXIT_KILLED = 128 + signal.SIGKILL


@dataclass(frozen=True)
class Limits:
    """Bounds on one container and on the steps around it; the defaults fit every course exercise."""

    memory: str = "512m"
    pids: int = 256
    cpus: float = 1.0
    log_size: str = "1m"
    file_size: str = "1g"
    build_seconds: float = 300.0
    run_seconds: float = 60.0
    wait_seconds: float = 30.0
    compose_seconds: float = 300.0
    context_size: str = "256m"
    script_size: str = "64k"
    script_lines: int = 500
    script_seconds: float = 180.0
    compose_file_size: str = "256k"
    yaml_nodes: int = 100_000
    compose_services: int = 30
    replicas: int = 10
    dockerfile_size: str = "1m"
    http_size: str = "4m"
    http_seconds: float = 15.0
    exec_seconds: float = 30.0
    exec_output: str = "1m"
    file_read_size: str = "16m"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with every ``DOCKGRADE_LIMIT_<FIELD>`` found in ``environ`` applied."""
        given = Settings.from_environment(environ).limits
        changes: dict[str, Any] = {}
        for item in fields(cls):
            value = given.get(item.name)
            if value is not None:
                changes[item.name] = _parse(item.name, str(item.type), value)
        return replace(cls(), **changes)

    def container_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for docker-py's ``containers.run``/``create`` enforcing these limits."""
        return {
            "mem_limit": self.memory,
            "memswap_limit": self.memory,
            "pids_limit": self.pids,
            "nano_cpus": int(self.cpus * 1e9),
            "log_config": LogConfig(type="json-file", config={"max-size": self.log_size, "max-file": "1"}),
            "ulimits": [Ulimit(name="fsize", soft=size_bytes(self.file_size), hard=size_bytes(self.file_size))],
        }

    def compose_service(self) -> dict[str, Any]:
        """The same limits as keys of a compose service (they replace whatever the student set)."""
        file_size = size_bytes(self.file_size)
        return {
            "mem_limit": self.memory,
            "memswap_limit": self.memory,
            "pids_limit": self.pids,
            "cpus": self.cpus,
            "logging": {"driver": "json-file", "options": {"max-size": self.log_size, "max-file": "1"}},
            "ulimits": {"fsize": {"soft": file_size, "hard": file_size}},
        }

    def build_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for docker-py's ``images.build`` bounding the build's resources."""
        return {"container_limits": {"memory": size_bytes(self.memory), "memswap": -1}}


def wait_seconds(timeout: float | None = None) -> float:
    """``timeout`` when given, else the ``wait_seconds`` limit (an instructor on a slow machine raises it)."""
    return timeout or Limits.from_env().wait_seconds


def size_bytes(size: str | int) -> int:
    """``"512m"`` → 536870912; plain numbers are bytes."""
    text = str(size).strip().lower().removesuffix("b").removesuffix("i")
    suffix = text[-1:] if text else ""
    return int(float(text[:-1]) * _UNITS[suffix]) if suffix in _UNITS else int(text)


def shown_size(size: int) -> str:
    """A byte count as a person reads it: ``1.0 GiB``, ``300 KiB``."""
    for unit, name in ((1024**3, "GiB"), (1024**2, "MiB"), (1024, "KiB")):
        if size >= unit:
            return f"{size / unit:.1f} {name}".replace(".0 ", " ")
    return f"{size} B"


def exit_reason(attrs: Mapping[str, Any]) -> str:
    """Why a container stopped, when a limit (or a kill) explains it; empty otherwise.

    ``attrs`` is the container's ``docker inspect`` data; the limits shown are the ones it ran with.
    """
    state = attrs.get("State") or {}
    host = attrs.get("HostConfig") or {}
    code = int(state.get("ExitCode") or 0)
    if state.get("OOMKilled"):
        return messages.text("limits.oom", memory=shown_size(int(host.get("Memory") or 0)))
    if code == _EXIT_FILE_SIZE:
        sizes = [int(limit.get("Hard") or 0) for limit in host.get("Ulimits") or [] if limit.get("Name") == "fsize"]
        return messages.text("limits.file_size", size=shown_size(sizes[0]) if sizes else "?")
    if code == _EXIT_KILLED and host.get("Memory"):
        # Nobody but the grader (which explains its own kills) sends SIGKILL to a container it waits on, so the
        # memory limit it ran with is the likely cause: under load dockerd 20.10 loses the OOM event (measured:
        # 1 kill in 36 without OOMKilled, still unset 0.5 s later), and the student must still read why.
        return messages.text("limits.killed_memory", memory=shown_size(int(host["Memory"])))
    if code == _EXIT_KILLED:
        return messages.text("limits.killed")
    return ""


def _parse(name: str, kind: str, value: str) -> Any:
    try:
        converted: Any = int(value) if kind == "int" else float(value) if kind == "float" else value
        if kind == "str":
            size_bytes(value)
    except (ValueError, KeyError) as error:
        raise ExerciseConfigError(f"{LIMIT_PREFIX}{name.upper()}={value!r} is not a valid {kind}") from error
    return converted
