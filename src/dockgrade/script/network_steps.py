"""``docker network …`` commands of a student script."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docker.errors import NotFound

from dockgrade.runtime.relay import is_helper_name
from dockgrade.script.commands import DockerCommand
from dockgrade.script.context import ScriptContext
from dockgrade.script.names import BUILTIN_NETWORKS
from dockgrade.script.transcript import Step

if TYPE_CHECKING:
    from docker.models.networks import Network


class NetworkSteps:
    """Handlers for network commands; networks the script creates get run-unique names."""

    def __init__(self, ctx: ScriptContext) -> None:
        self.ctx = ctx

    def create(self, command: DockerCommand) -> Step:
        student = command.positional[0]
        if self.ctx.names.get("network", student):
            return Step(command, 1, f"Error response from daemon: network with name {student} already exists")
        _, real = self.ctx.names.new("network", student)
        options: dict[str, Any] = {"driver": command.option("--driver") or "bridge"}
        if command.has("--internal"):
            options["internal"] = True
        network = self.ctx.sandbox.confined_network(real, **options)
        return Step(command, 0, str(network.id))

    def ls(self, command: DockerCommand) -> Step:
        rows = ["NETWORK ID     NAME      DRIVER    SCOPE"]
        for name in sorted(BUILTIN_NETWORKS - {"default"}):
            network = self.ctx.client.networks.get(self.ctx.names.get("network", name) or name)
            rows.append(f"{network.short_id}   {name}   {network.attrs.get('Driver')}   local")
        for student in self.ctx.names.students("network"):
            network = self.network(student)
            rows.append(f"{network.short_id}   {student}   {network.attrs.get('Driver')}   local")
        return Step(command, 0, "\n".join(rows))

    def inspect(self, command: DockerCommand) -> Step:
        found = [_without_helpers(self.network(student).attrs) for student in command.positional]
        return Step(command, 0, self.ctx.names.hide(json.dumps(found, indent=2)))

    def connect(self, command: DockerCommand) -> Step:
        network_name, student = command.positional[:2]
        aliases = command.all("--alias")
        if network_name not in BUILTIN_NETWORKS:
            aliases = [student, *aliases]
        self.network(network_name).connect(self.ctx.containers.container(student), aliases=aliases or None)
        return self.ctx.containers.step(command, 0, "", created=[])

    def disconnect(self, command: DockerCommand) -> Step:
        network_name, student = command.positional[:2]
        self.network(network_name).disconnect(self.ctx.containers.container(student), force=command.has("--force"))
        return self.ctx.containers.step(command, 0, "")

    def rm(self, command: DockerCommand) -> Step:
        for student in command.positional:
            if student in BUILTIN_NETWORKS:
                return Step(
                    command, 1, f"Error response from daemon: {student} is a pre-defined network and cannot be removed"
                )
            network = self.network(student)
            self.ctx.sandbox.release_network(network)
            network.remove()
            self.ctx.names.forget("network", student)
        return Step(command, 0, "\n".join(command.positional))

    # -- helpers -------------------------------------------------------------------------------

    def network(self, student: str) -> Network:
        real = self.ctx.names.get("network", student)
        if real is None:
            raise NotFound(f"Error: No such network: {student}")
        return self.ctx.client.networks.get(real)

    def settings_for(self, command: DockerCommand, student: str) -> dict[str, Any]:
        wanted = command.option("--network")
        if wanted is None:
            default = self.ctx.names.get("network", "default")
            return {"network": default} if default != "default" else {}
        real = self.ctx.names.get("network", wanted)
        if real is None:
            raise NotFound(f"docker: Error response from daemon: network {wanted} not found.")
        if wanted in BUILTIN_NETWORKS:
            return {"network_mode": real}
        aliases = [student, *command.all("--network-alias")]
        endpoint = self.ctx.client.api.create_endpoint_config(aliases=aliases)
        return {"network": real, "networking_config": {real: endpoint}}


def _without_helpers(attrs: dict[str, Any]) -> dict[str, Any]:
    """A network's inspect data without dockgrade's proxy and relays among its containers."""
    containers = attrs.get("Containers") or {}
    kept = {key: value for key, value in containers.items() if not is_helper_name(str(value.get("Name", "")))}
    return {**attrs, "Containers": kept}
