"""What the steps of one student script share: the sandbox, the run-unique names, where images come from, and the
few services each kind of steps asks of another.

The steps take this context, never the interpreter: the interpreter builds the context and the steps, and the steps
know one another only through the protocols below, so no steps module imports the interpreter or another steps module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox
from dockgrade.script.commands import DockerCommand
from dockgrade.script.names import NameMap
from dockgrade.script.transcript import Step

if TYPE_CHECKING:
    import docker
    from docker.models.containers import Container

# An image an earlier exercise built for the student's reference, or None (then the resolver's official one).
ImageProvider = Callable[[str], str | None]


class Containers(Protocol):
    """The script's containers, as the network steps need them."""

    def container(self, student: str) -> Container: ...

    def step(self, command: DockerCommand, code: int, output: str, created: list[str] | None = None) -> Step: ...


class Images(Protocol):
    """The script's images, as ``docker run`` needs them."""

    def for_run(self, reference: str) -> str: ...


class Networks(Protocol):
    """The script's networks, as ``docker run`` needs them."""

    def settings_for(self, command: DockerCommand, student: str) -> dict[str, Any]: ...


class Volumes(Protocol):
    """The script's named volumes, as ``docker run -v`` needs them."""

    def named(self, student: str) -> str: ...


@dataclass
class ScriptContext:
    """One script's shared state; the steps read it and record what they create in it."""

    sandbox: Sandbox
    resolver: ImageResolver
    names: NameMap
    provider: ImageProvider
    registry: str | None = None
    allow_host_network: bool = False
    foreground_seconds: float = 10.0
    # The host ports each container's ``-p`` asked for, by student name (the engine's are remapped).
    declared_ports: dict[str, dict[str, str]] = field(default_factory=dict)
    # Set by the interpreter once it has built every kind of steps: containers and networks need each other.
    containers: Containers = field(init=False, repr=False)
    images: Images = field(init=False, repr=False)
    networks: Networks = field(init=False, repr=False)
    volumes: Volumes = field(init=False, repr=False)

    @property
    def client(self) -> docker.DockerClient:
        return self.sandbox.client
