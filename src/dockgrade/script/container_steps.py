"""``docker container …`` commands of a student script (run, start, stop, exec, inspect, …)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import requests
from docker.errors import NotFound
from docker.models.containers import Container

from dockgrade.core import messages
from dockgrade.core.bounded import bounded_exec
from dockgrade.core.errors import ImageUnavailable, Refused
from dockgrade.runtime import endpoints, relay
from dockgrade.script import policy
from dockgrade.script.commands import DockerCommand
from dockgrade.script.context import ScriptContext
from dockgrade.script.transcript import ContainerState, Step

_DIFF_KINDS = {0: "C", 1: "A", 2: "D"}
_STOP_SECONDS = 3
_EXEC_SECONDS = 10.0


class ContainerSteps:
    """Handlers for container commands."""

    def __init__(self, ctx: ScriptContext) -> None:
        self.ctx = ctx
        # Relays publishing the ports of containers on internal networks, by real container name.
        self._relays: dict[str, relay.Relay] = {}

    def run(self, command: DockerCommand) -> Step:
        return self._start_new(command, start=True)

    def create(self, command: DockerCommand) -> Step:
        return self._start_new(command, start=False)

    def start(self, command: DockerCommand) -> Step:
        attach = command.has("--attach") or command.has("--interactive")
        outputs = []
        for student in command.positional:
            container = self.container(student)
            since = _now(container)
            container.start()
            self._relay(container)
            if attach:
                self._wait(container)
                outputs.append(_decode(container.logs(since=since)) if since else _decode(container.logs()))
        return self.step(command, 0, "\n".join(outputs) or "\n".join(command.positional))

    def stop(self, command: DockerCommand) -> Step:
        for student in command.positional:
            self.container(student).stop(timeout=_STOP_SECONDS)
        return self.step(command, 0, "\n".join(command.positional))

    def restart(self, command: DockerCommand) -> Step:
        for student in command.positional:
            self.container(student).restart(timeout=_STOP_SECONDS)
        return self.step(command, 0, "\n".join(command.positional))

    def rm(self, command: DockerCommand) -> Step:
        for student in command.positional:
            container = self.container(student)
            container.remove(force=command.has("--force"), v=command.has("--volumes"))
            self._drop_relay(str(container.name))
            self.ctx.names.forget("container", student)
        return Step(command, 0, "\n".join(command.positional))

    def ls(self, command: DockerCommand) -> Step:
        containers = self.ctx.client.containers.list(all=command.has("--all"), filters={"label": self._run_label()})
        rows = ["CONTAINER ID   IMAGE   STATUS   NAMES"]
        for c in (c for c in containers if not relay.is_relay(c)):
            student = self.ctx.names.student("container", str(c.name))
            rows.append(f"{c.short_id}   {c.attrs['Config']['Image']}   {c.status}   {student}")
        return Step(command, 0, "\n".join(rows))

    def logs(self, command: DockerCommand) -> Step:
        container = self.container(command.positional[0])
        return Step(command, 0, _decode(container.logs()))

    def exec(self, command: DockerCommand) -> Step:
        student, words = command.positional[0], list(command.positional[1:])
        container = self.container(student)
        if container.status != "running":
            return Step(command, 1, f"Error response from daemon: container {student} is not running")
        self._refuse_unknown_targets(words)
        code, output = _exec_with_timeout(container, words, command.option("--user"), _EXEC_SECONDS)
        return self.step(command, code, output)

    def inspect(self, command: DockerCommand) -> Step:
        found = [self._attrs(self.container(student)) for student in command.positional]
        return self.step(command, 0, self.ctx.names.hide(json.dumps(found, indent=2)))

    def diff(self, command: DockerCommand) -> Step:
        changes = self.container(command.positional[0]).diff() or []
        lines = [f"{_DIFF_KINDS.get(int(change['Kind']), '?')} {change['Path']}" for change in changes]
        return Step(command, 0, "\n".join(lines))

    def port(self, command: DockerCommand) -> Step:
        state = self.snapshot(command.positional[0])
        lines = [f"{port} -> 0.0.0.0:{host}" for port, host in state.declared_ports.items()]
        return self.step(command, 0, "\n".join(lines))

    # -- helpers -------------------------------------------------------------------------------

    def _start_new(self, command: DockerCommand, start: bool) -> Step:
        refusals = policy.run_refusals(command, self.ctx.allow_host_network)
        if refusals:
            raise Refused(policy.refused_message(refusals), refusals[0].what)
        image, words = command.positional[0], list(command.positional[1:])
        self._refuse_unknown_targets(words)
        try:
            image = self.ctx.images.for_run(image)
        except ImageUnavailable as error:
            return Step(command, 125, f"Unable to find image '{image}' locally: {error.reason}")
        student, real = self._claim_name(command)
        settings = self._settings(command, student, real)
        container = self.ctx.client.containers.create(image, words or None, **settings)
        self.ctx.declared_ports[student] = _declared_ports(command)
        if not start:
            return self.step(command, 0, str(container.id), created=[student])
        container.start()
        self._relay(container)
        if command.has("--detach"):
            return self.step(command, 0, str(container.id), created=[student])
        return self._foreground(command, container, student)

    def _foreground(self, command: DockerCommand, container: Container, student: str) -> Step:
        code, finished = self._wait(container)
        output = _decode(container.logs())
        if finished and command.has("--rm"):
            step = Step(command, code, output, created=[student])
            container.remove(force=True)
            self.ctx.names.forget("container", student)
            return step
        step = self.step(command, code if finished else 0, output, created=[student])
        step.still_running = not finished
        return step

    def _wait(self, container: Container) -> tuple[int, bool]:
        try:
            result = container.wait(timeout=self.ctx.foreground_seconds)
        except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
            return 0, False
        return int(result.get("StatusCode", 0)), True

    def _claim_name(self, command: DockerCommand) -> tuple[str, str]:
        wanted = command.option("--name")
        existing = self.ctx.names.get("container", wanted) if wanted else None
        if existing:
            # Let the engine refuse the duplicate exactly as it would for the student (exit 125, "Conflict").
            return wanted or "", existing
        return self.ctx.names.new("container", wanted)

    def _settings(self, command: DockerCommand, student: str, real: str) -> dict[str, Any]:
        settings: dict[str, Any] = {
            **self.ctx.sandbox.limits.container_kwargs(),
            "name": real,
            "labels": {**self.ctx.sandbox.labels, "dockgrade.student-name": student},
            "ports": {_published_port(spec): (endpoints.publish_ip(), None) for spec in command.all("--publish")},
            "volumes": self._volumes(command),
            "environment": command.all("--env") or None,
            "working_dir": command.option("--workdir"),
            "user": command.option("--user"),
            "hostname": command.option("--hostname"),
            "entrypoint": command.option("--entrypoint"),
            "auto_remove": command.has("--rm") and command.has("--detach"),
            # -dit keeps a shell alive in the background, as with real docker; foreground runs get no stdin.
            "stdin_open": command.has("--detach") and command.has("--interactive"),
            "tty": command.has("--detach") and command.has("--tty"),
            "volumes_from": [self._real_container(name) for name in command.all("--volumes-from")] or None,
        }
        settings.update(self.ctx.networks.settings_for(command, student))
        if self.ctx.sandbox.egress is not None:
            bypass = [*self.ctx.names.students("container"), student, *command.all("--network-alias")]
            self.ctx.sandbox.point_at_proxy(settings, bypass)
        return {key: value for key, value in settings.items() if value is not None}

    def _relay(self, container: Container) -> None:
        """Publish the container's ports through a relay when it sits on an internal network (once)."""
        name = str(container.name)
        bindings = (container.attrs.get("HostConfig") or {}).get("PortBindings") or {}
        if name not in self._relays and bindings:
            found = self.ctx.sandbox.relay_for(container, bindings)
            if found is not None:
                self._relays[name] = found

    def _drop_relay(self, name: str) -> None:
        found = self._relays.pop(name, None)
        if found is not None:
            found.remove()

    def _attrs(self, container: Container) -> dict[str, Any]:
        """``docker inspect`` data, the relay's published ports shown as the container's own."""
        attrs = dict(container.attrs)
        found = self._relays.get(str(container.name))
        if found is not None:
            attrs["NetworkSettings"] = {**(attrs.get("NetworkSettings") or {}), "Ports": found.host_ports()}
        return attrs

    def _volumes(self, command: DockerCommand) -> dict[str, dict[str, str]]:
        volumes: dict[str, dict[str, str]] = {}
        for spec in command.all("--volume"):
            source, _, rest = spec.partition(":")
            target, _, mode = rest.partition(":")
            if not target:
                continue  # an anonymous volume (-v /data) is created by the image's own rules
            flags = [flag for flag in mode.split(",") if flag in ("ro", "rw")]
            volumes[self._volume_source(source, command.cwd)] = {"bind": target, "mode": flags[0] if flags else "rw"}
        return volumes

    def _volume_source(self, source: str, cwd: Path) -> str:
        if "/" not in source and not source.startswith("."):
            return self.ctx.volumes.named(source)
        path = self.ctx.sandbox.confine(cwd / source)
        if not path.exists():
            # Docker would create the folder inside the student's repository; an empty stand-in keeps it clean.
            return str(self.ctx.sandbox.scratch_dir(path.name))
        return str(path)

    def container(self, student: str) -> Container:
        real = self.ctx.names.get("container", student)
        if real is None:
            raise NotFound(f"Error: No such container: {student}")
        return self.ctx.client.containers.get(real)

    def _real_container(self, student: str) -> str:
        return self.ctx.names.get("container", student) or student

    def snapshot(self, student: str) -> ContainerState:
        container = self.container(student)
        networks = (container.attrs.get("NetworkSettings") or {}).get("Networks") or {}
        named = {
            self.ctx.names.student("network", net): str(info.get("IPAddress", "")) for net, info in networks.items()
        }
        attrs = self._attrs(container)
        return ContainerState.from_inspect(student, attrs, named, self.ctx.declared_ports.get(student, {}))

    def step(self, command: DockerCommand, code: int, output: str, created: list[str] | None = None) -> Step:
        step = Step(command, code, self.ctx.names.hide(output), created=list(created or []))
        touched = set(step.created) | {word for word in command.positional if self.ctx.names.get("container", word)}
        for student in sorted(touched):
            try:
                step.states[student] = self.snapshot(student)
            except NotFound:
                continue
        return step

    def _refuse_unknown_targets(self, words: list[str]) -> None:
        names = set(self.ctx.names.students("container"))
        ips = {ip for state in self._all_states() for ip in state.networks.values() if ip}
        unknown = policy.unknown_targets(words, names, ips)
        if unknown:
            raise Refused(
                messages.text("script.unknown_target", targets=", ".join(unknown)),
                unknown[0],
            )

    def _all_states(self) -> list[ContainerState]:
        states = []
        for student in self.ctx.names.students("container"):
            try:
                states.append(self.snapshot(student))
            except NotFound:
                continue
        return states

    def _run_label(self) -> str:
        return f"dockgrade.run={self.ctx.sandbox.run_id}"


def _published_port(spec: str) -> str:
    target = spec.rsplit(":", 1)[-1]
    return target if "/" in target else f"{target}/tcp"


def _declared_ports(command: DockerCommand) -> dict[str, str]:
    declared = {}
    for spec in command.all("--publish"):
        parts = spec.split(":")
        declared[_published_port(spec)] = parts[-2] if len(parts) >= 2 else ""
    return declared


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _now(container: Container) -> int:
    return int(time.time()) if container.status != "created" else 0


def _exec_with_timeout(container: Container, words: list[str], user: str | None, seconds: float) -> tuple[int, str]:
    """Run an exec; a command still running after ``seconds`` counts as exit 124, like ``timeout``.

    The output kept is bounded (``docker exec web yes`` would otherwise fill the grader's memory).
    """
    exit_code, output = bounded_exec(container, words, user, seconds)
    if exit_code is None:
        return 124, messages.text("script.exec_timeout", seconds=seconds)
    return exit_code, output
