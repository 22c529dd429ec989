"""What a compose project may not do; checked on the merged configuration before anything starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_FORBIDDEN_KEYS = {
    "privileged": "privileged",
    "cap_add": "cap_add",
    "devices": "devices",
    "security_opt": "security_opt",
    "sysctls": "sysctls",
}
_HOST_MODES = ("pid", "ipc", "uts", "userns_mode", "network_mode")
_SOCKET = "docker.sock"


def refusals(config: dict[str, Any], folder: Path) -> list[str]:
    """Plain-words reasons to refuse the project (empty when it may run)."""
    found: list[str] = []
    for name, service in (config.get("services") or {}).items():
        found += [f"{name}: {label}" for key, label in _FORBIDDEN_KEYS.items() if service.get(key)]
        found += [f"{name}: {key}: host" for key in _HOST_MODES if str(service.get(key, "")) == "host"]
        found += [f"{name}: {problem}" for problem in _mount_problems(service, folder.resolve())]
    return found


def _mount_problems(service: dict[str, Any], folder: Path) -> list[str]:
    problems = []
    for volume in service.get("volumes") or []:
        if not isinstance(volume, dict) or volume.get("type") != "bind":
            continue
        source = str(volume.get("source", ""))
        if _SOCKET in source:
            problems.append(f"o socket do Docker ({source})")
        elif not Path(source).resolve().is_relative_to(folder):
            problems.append(f"bind mount fora da entrega ({source})")
    return problems
