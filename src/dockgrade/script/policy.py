"""What a submission may not do. Checked before anything runs; each refusal is explained to the student.

Refused: privileged containers, added capabilities, devices, host PID/IPC/UTS/user namespaces (and
other containers' namespaces), the host network (unless the exercise teaches it), unconfined
security options, sysctls, bind mounts outside the submission, the Docker socket anywhere, network
tools aimed at anything but the run's own containers (no traffic to the internet), scripts
too large to be a course exercise, and scripts that would make the engine fetch something for them
(a URL or git build context or Dockerfile, ``docker import <url>``: see ``remote``). Compose projects:
``compose_policy``; build contexts: ``build_context``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dockgrade.core import messages
from dockgrade.core.limits import Limits, shown_size, size_bytes
from dockgrade.runtime.remote import is_remote
from dockgrade.script.commands import DockerCommand, Script

_FORBIDDEN_SWITCHES = {"--privileged": "policy.privileged"}
_FORBIDDEN_OPTIONS = {
    "--cap-add": "policy.cap_add",
    "--device": "policy.device",
    "--security-opt": "policy.security_opt",
    "--sysctl": "policy.sysctl",
    "--mount": "policy.mount",
    "--cgroupns": "policy.cgroupns",
}
_HOST_NAMESPACES = ("--pid", "--ipc", "--uts", "--userns")
_NETWORK_TOOLS = frozenset({"ping", "wget", "curl", "nc", "telnet", "nslookup", "traceroute", "dig", "host", "ssh"})
_SOCKET = "docker.sock"
# docker subcommands that make the engine download what they are given (never executed, refused all the same).
_FETCHING = frozenset({"build", "buildx", "builder", "image", "import", "compose", "plugin", "context"})


@dataclass(frozen=True)
class Refusal:
    """One thing the policy refuses, in the student's words."""

    what: str


def run_refusals(command: DockerCommand, allow_host_network: bool = False) -> list[Refusal]:
    """What the policy refuses in a ``container run``/``create``."""
    refusals = [Refusal(messages.text(key)) for flag, key in _FORBIDDEN_SWITCHES.items() if command.has(flag)]
    refusals += [Refusal(messages.text(key)) for flag, key in _FORBIDDEN_OPTIONS.items() if command.has(flag)]
    for flag in (*_HOST_NAMESPACES, "--network"):
        value = command.option(flag) or ""
        if value == "host" and flag != "--network":
            refusals.append(Refusal(messages.text("policy.host_namespace", flag=flag)))
        elif value.startswith("container:"):
            refusals.append(Refusal(messages.text("policy.container_namespace", flag=flag, value=value)))
    if command.option("--network") == "host" and not allow_host_network:
        refusals.append(Refusal(messages.text("policy.host_network")))
    sockets = [spec for spec in command.all("--volume") if _SOCKET in spec]
    return refusals + [Refusal(messages.text("policy.docker_socket", spec=spec)) for spec in sockets]


def refused_message(refusals: Iterable[Refusal]) -> str:
    """The student-facing sentence for a refused command."""
    return messages.text("policy.refused", what="; ".join(refusal.what for refusal in refusals))


def script_problem(path: Path, limits: Limits, root: Path | None = None) -> str | None:
    """Why a script may not be read and run (a link out of ``root``, too big, too long), or None."""
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        return messages.text("context.symlink_outside", link=f"{path.name} -> {os.readlink(path)}")
    limit = size_bytes(limits.script_size)
    size = path.stat().st_size
    if size > limit:
        return messages.text("script.too_big", script=path.name, size=shown_size(size), limit=shown_size(limit))
    lines = path.read_bytes().count(b"\n")
    if lines > limits.script_lines:
        return messages.text("script.too_long", script=path.name, lines=lines, limit=limits.script_lines)
    return None


def script_fetches(script: Script) -> list[Refusal]:
    """Lines of a parsed script that would make the engine fetch from the network, in the student's words."""
    found = []
    for command in script.commands:
        if command.object == "image" and command.action == "build":
            sources = [*command.positional[:1], *command.all("--file")]
            found += [_fetch_text(command.line, source) for source in sources if is_remote(source)]
    for line in script.skipped:  # never executed; still named, so the student knows why the build is not graded
        words = _split(line.text)
        docker = [index for index, word in enumerate(words) if word.rsplit("/", 1)[-1] == "docker"]
        if docker and words[docker[0] + 1 : docker[0] + 2] and words[docker[0] + 1] in _FETCHING:
            found += [_fetch_text(line.line, word) for word in words[docker[0] + 2 :] if is_remote(word)][:1]
    return found


def _fetch_text(line: int, source: str) -> Refusal:
    return Refusal(messages.text("policy.remote_script", line=line, source=source))


def unknown_targets(words: Iterable[str], known_names: set[str], known_ips: set[str]) -> list[str]:
    """Targets of network tools (ping, wget, curl…) that are not this run's containers."""
    words = list(words)
    targets: list[str] = []
    for index, word in enumerate(words):
        if word == "-c" and index + 1 < len(words):  # sh -c "ping x": look inside the inner command
            targets += unknown_targets(_split(words[index + 1]), known_names, known_ips)
        if word.rsplit("/", 1)[-1] in _NETWORK_TOOLS:
            targets += [t for t in _tool_targets(words[index + 1 :]) if not _allowed(t, known_names, known_ips)]
    return targets


def _tool_targets(arguments: list[str]) -> list[str]:
    hosts = []
    for word in arguments:
        if word.startswith("-") or word.isdigit() or word in (";", "&&"):
            continue
        hosts.append(_host_of(word))
    return hosts


def _host_of(word: str) -> str:
    match = re.match(r"^[a-z]+://([^/:]+)", word)
    return match.group(1) if match else word.split("/")[0].split(":")[0]


def _allowed(host: str, known_names: set[str], known_ips: set[str]) -> bool:
    if host in known_names or host in ("localhost", "127.0.0.1"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return str(address) in known_ips or address.is_loopback


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()
