"""Resource and time limits applied to everything a submission runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docker.types import LogConfig


@dataclass(frozen=True)
class Limits:
    """Bounds on one container and on the steps around it; the defaults fit every course exercise."""

    memory: str = "512m"
    pids: int = 256
    cpus: float = 1.0
    log_size: str = "1m"
    build_seconds: float = 300.0
    run_seconds: float = 60.0
    wait_seconds: float = 30.0

    def container_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for docker-py's ``containers.run``/``create`` enforcing these limits."""
        return {
            "mem_limit": self.memory,
            "pids_limit": self.pids,
            "nano_cpus": int(self.cpus * 1e9),
            "log_config": LogConfig(type="json-file", config={"max-size": self.log_size, "max-file": "1"}),
        }

    def build_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for docker-py's ``images.build`` bounding the build's resources."""
        return {"container_limits": {"memory": _bytes(self.memory), "memswap": -1}}


def _bytes(size: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    suffix = size[-1].lower()
    return int(size[:-1]) * units[suffix] if suffix in units else int(size)
