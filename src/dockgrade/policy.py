"""What a submission may not do. Checked before anything runs; each refusal is explained to the student.

Refused: privileged containers, added capabilities, devices, host PID/IPC/UTS/user namespaces, the
host network (unless the exercise teaches it), unconfined security options, sysctls, bind mounts
outside the submission, the Docker socket anywhere, and network tools aimed at anything but the
run's own containers (no traffic to the internet).
"""

from __future__ import annotations

import ipaddress
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from dockgrade.commands import DockerCommand

_FORBIDDEN_SWITCHES = {"--privileged": "o modo --privileged"}
_FORBIDDEN_OPTIONS = {
    "--cap-add": "capacidades extras (--cap-add)",
    "--device": "acesso a dispositivos do host (--device)",
    "--security-opt": "opções de segurança (--security-opt)",
    "--sysctl": "sysctls (--sysctl)",
    "--mount": "--mount (use -v)",
    "--cgroupns": "o cgroup do host (--cgroupns)",
}
_HOST_NAMESPACES = ("--pid", "--ipc", "--uts", "--userns")
_NETWORK_TOOLS = frozenset({"ping", "wget", "curl", "nc", "telnet", "nslookup", "traceroute", "dig", "host", "ssh"})
_SOCKET = "docker.sock"


@dataclass(frozen=True)
class Refusal:
    """One thing the policy refuses, in the student's words."""

    what: str


def run_refusals(command: DockerCommand, allow_host_network: bool = False) -> list[Refusal]:
    """What the policy refuses in a ``container run``/``create``."""
    refusals = [Refusal(text) for flag, text in _FORBIDDEN_SWITCHES.items() if command.has(flag)]
    refusals += [Refusal(text) for flag, text in _FORBIDDEN_OPTIONS.items() if command.has(flag)]
    refusals += [
        Refusal(f"o namespace do host ({flag} host)") for flag in _HOST_NAMESPACES if command.option(flag) == "host"
    ]
    if command.option("--network") == "host" and not allow_host_network:
        refusals.append(Refusal("a rede do host (--network host) fora do exercício de rede host"))
    refusals += [Refusal(f"o socket do Docker ({spec})") for spec in command.all("--volume") if _SOCKET in spec]
    return refusals


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
