"""What a student's script did, step by step: exit codes, output, and the containers' states after each step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dockgrade.script.commands import DockerCommand, SkippedLine


@dataclass(frozen=True)
class ContainerState:
    """A container as ``docker inspect`` saw it right after a step, under the student's names."""

    name: str
    id: str
    image: str
    status: str
    exit_code: int
    started_at: str
    network_mode: str
    networks: dict[str, str]
    ports: dict[str, int]
    declared_ports: dict[str, str]
    mounts: tuple[tuple[str, str, str], ...]

    @classmethod
    def from_inspect(
        cls, name: str, attrs: dict[str, Any], networks: dict[str, str], declared: dict[str, str]
    ) -> ContainerState:
        """Build from inspect data; ``networks`` maps student network names to IPs."""
        state = attrs.get("State") or {}
        bound = (attrs.get("NetworkSettings") or {}).get("Ports") or {}
        ports = {key: int(binding[0]["HostPort"]) for key, binding in bound.items() if binding}
        mounts = tuple(
            (m.get("Type", ""), m.get("Source", ""), m.get("Destination", "")) for m in attrs.get("Mounts") or []
        )
        return cls(
            name=name,
            id=str(attrs.get("Id", "")),
            image=str((attrs.get("Config") or {}).get("Image", "")),
            status=str(state.get("Status", "")),
            exit_code=int(state.get("ExitCode") or 0),
            started_at=str(state.get("StartedAt", "")),
            network_mode=str((attrs.get("HostConfig") or {}).get("NetworkMode", "")),
            networks=networks,
            ports=ports,
            declared_ports=declared,
            mounts=mounts,
        )


@dataclass
class Step:
    """One command of the script and what came of it."""

    command: DockerCommand
    exit_code: int
    output: str
    ids: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    states: dict[str, ContainerState] = field(default_factory=dict)
    still_running: bool = False
    refused: bool = False


@dataclass
class Transcript:
    """Everything a script did, in order, plus the lines that were never executed."""

    steps: list[Step] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)

    def failed(self) -> list[Step]:
        """Steps whose exit code was not 0."""
        return [step for step in self.steps if step.exit_code != 0]

    def of(self, action: str, obj: str | None = None) -> list[Step]:
        """Steps of one action (``tag``, ``run``…), optionally of one object (``container``…)."""
        return [s for s in self.steps if s.command.action == action and obj in (None, s.command.object)]

    def created(self) -> list[str]:
        """Student names of every container the script created, in order."""
        return [name for step in self.steps for name in step.created]

    def last_state(self, name: str) -> ContainerState | None:
        """The latest recorded state of the student's container ``name``."""
        for step in reversed(self.steps):
            if name in step.states:
                return step.states[name]
        return None
