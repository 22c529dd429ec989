"""``docker volume …`` commands of a student script; named volumes get run-unique names."""

from __future__ import annotations

import json

from dockgrade.script.commands import DockerCommand
from dockgrade.script.context import ScriptContext
from dockgrade.script.transcript import Step


class VolumeSteps:
    """Handlers for volume commands."""

    def __init__(self, ctx: ScriptContext) -> None:
        self.ctx = ctx

    def create(self, command: DockerCommand) -> Step:
        student = command.option("--name") or (command.positional[0] if command.positional else None)
        name = self.named(student) if student else self.named(self.ctx.names.new("volume", None)[0])
        return Step(command, 0, self.ctx.names.hide(name))

    def ls(self, command: DockerCommand) -> Step:
        rows = ["DRIVER    VOLUME NAME", *[f"local     {student}" for student in self.ctx.names.students("volume")]]
        return Step(command, 0, "\n".join(rows))

    def rm(self, command: DockerCommand) -> Step:
        for student in command.positional:
            real = self.ctx.names.get("volume", student)
            if real is None:
                return Step(command, 1, f"Error: No such volume: {student}")
            self.ctx.client.volumes.get(real).remove(force=command.has("--force"))
            self.ctx.names.forget("volume", student)
        return Step(command, 0, "\n".join(command.positional))

    def inspect(self, command: DockerCommand) -> Step:
        found = []
        for student in command.positional:
            real = self.ctx.names.get("volume", student)
            if real is None:
                return Step(command, 1, f"Error: No such volume: {student}")
            found.append(self.ctx.client.volumes.get(real).attrs)
        return Step(command, 0, self.ctx.names.hide(json.dumps(found, indent=2)))

    def named(self, student: str) -> str:
        real = self.ctx.names.get("volume", student)
        if real is None:
            _, real = self.ctx.names.new("volume", student)
            self.ctx.client.volumes.create(name=real, labels=self.ctx.sandbox.labels)
        return real
