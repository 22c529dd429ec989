"""Run a parsed student script through the sandbox, one docker command at a time, never through a shell.

Student names are mapped to run-unique names; published host ports are remapped to free ports (the
student's choice is kept in the transcript); ``-it`` runs without a TTY or stdin; bind-mount sources
resolve against the script's folder and must stay inside the submission; the engine's own errors
(a name conflict, a missing image) become the step's exit code and output, never a crash.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from docker.errors import APIError, ImageNotFound, NotFound

from dockgrade.core import messages
from dockgrade.core.errors import Refused
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox
from dockgrade.script.commands import DockerCommand, Script
from dockgrade.script.container_steps import ContainerSteps
from dockgrade.script.context import ImageProvider, ScriptContext
from dockgrade.script.image_steps import ImageSteps
from dockgrade.script.names import NameMap
from dockgrade.script.network_steps import NetworkSteps
from dockgrade.script.transcript import Step, Transcript
from dockgrade.script.volume_steps import VolumeSteps

# ImageProvider now lives in script_context; fixtures and graders still import it from here.
__all__ = ["ImageProvider", "Interpreter"]


class Interpreter:
    """Executes docker commands for one script; everything it creates belongs to the sandbox."""

    def __init__(
        self,
        sandbox: Sandbox,
        resolver: ImageResolver,
        root: Path,
        registry: str | None = None,
        provider: ImageProvider | None = None,
        allow_host_network: bool = False,
        foreground_seconds: float = 10.0,
    ) -> None:
        self.sandbox = sandbox
        self.client = sandbox.client
        self.resolver = resolver
        self.root = root.resolve()
        self.names = NameMap(sandbox)
        self.transcript = Transcript()
        self.context = ScriptContext(
            sandbox,
            resolver,
            self.names,
            provider or (lambda _name: None),
            registry=registry,
            allow_host_network=allow_host_network,
            foreground_seconds=foreground_seconds,
        )
        self.containers = ContainerSteps(self.context)
        self.networks = NetworkSteps(self.context)
        self.volumes = VolumeSteps(self.context)
        self.images = ImageSteps(self.context)
        # Each kind of steps reaches the others through the context only (no steps module imports another).
        self.context.containers = self.containers
        self.context.networks = self.networks
        self.context.volumes = self.volumes
        self.context.images = self.images

    def run(self, script: Script) -> Transcript:
        """Execute each command in order; a failing command is recorded and the script goes on.

        Each command is bounded on its own, and the whole script by ``limits.script_seconds``: past it,
        the remaining commands are recorded as not executed (exit 124), so the checks say why.
        """
        self.transcript.skipped.extend(script.skipped)
        seconds = self.sandbox.limits.script_seconds
        deadline = time.monotonic() + seconds
        for command in script.commands:
            if time.monotonic() > deadline:
                self.transcript.steps.append(Step(command, 124, messages.text("timeout.script", seconds=seconds)))
                continue
            self.transcript.steps.append(self.execute(command))
        return self.transcript

    def execute(self, command: DockerCommand) -> Step:
        """One command → one Step, whatever happens."""
        handler = self._handler(command)
        if handler is None:
            return Step(
                command, 1, messages.text("script.unsupported_command", command=f"{command.object} {command.action}")
            )
        try:
            step: Step = handler(command)
        except Refused as refusal:
            return Step(command, 126, refusal.message, refused=True)
        except (APIError, ImageNotFound, NotFound) as error:
            return Step(command, _exit_code(error), self.names.hide(_explain(error)))
        return step

    def _handler(self, command: DockerCommand) -> Callable[[DockerCommand], Step] | None:
        if command.object == "object":
            return self._inspect_anything
        steps = {"container": self.containers, "network": self.networks, "volume": self.volumes, "image": self.images}
        handler = getattr(steps.get(command.object), command.action, None)
        return handler if callable(handler) else None

    def _inspect_anything(self, command: DockerCommand) -> Step:
        """``docker inspect NAME``: a container, a network or an image, like the engine decides."""
        student = command.positional[0]
        if self.names.get("container", student):
            return self.containers.inspect(command)
        if self.names.get("network", student):
            return self.networks.inspect(command)
        return self.images.inspect(command)


def _explain(error: Exception) -> str:
    return str(getattr(error, "explanation", None) or error)


def _exit_code(error: Exception) -> int:
    status = getattr(getattr(error, "response", None), "status_code", None)
    return 125 if status in (400, 404, 409, 500) else 1
