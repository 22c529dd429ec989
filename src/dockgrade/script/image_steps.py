"""``docker image …`` commands of a student script, against run-unique image names and a private registry.

``redis:latest`` in line 1 and line 9 is the same image, and removing it never touches the engine's
real ``redis:latest``. Registry references (``localhost:5000/…``, Docker Hub ``user/repo``) go to the
run's own registry when one is given.
"""

from __future__ import annotations

import json
import re

from docker.errors import ImageNotFound

from dockgrade.offline.recipes import normalise_reference, split_reference
from dockgrade.script.commands import DockerCommand
from dockgrade.script.context import ScriptContext
from dockgrade.script.transcript import Step


class ImageSteps:
    """Handlers for image commands."""

    def __init__(self, ctx: ScriptContext) -> None:
        self.ctx = ctx

    def local_name(self, reference: str) -> str:
        """The engine-side name of a student's image reference."""
        repository, tag = split_reference(normalise_reference(reference))
        if self.ctx.registry and "/" in repository:
            return f"{self.ctx.registry}/{_strip_registry(repository)}:{tag}"
        return f"{self.ctx.sandbox.name('img-' + re.sub(r'[^a-z0-9_.-]+', '-', repository.lower()))}:{tag}"

    def image_id(self, reference: str) -> str | None:
        """The id the student's name points at now, or None."""
        try:
            return str(self.ctx.client.images.get(self.local_name(reference)).id)
        except ImageNotFound:
            return None

    def for_run(self, reference: str) -> str:
        """The image a ``run`` should use: one the script made, an earlier exercise's, or an official one."""
        if self.image_id(reference):
            return self.local_name(reference)
        if built := self.ctx.provider(reference):
            return built
        return self.ctx.resolver.ensure(reference)

    def pull(self, command: DockerCommand) -> Step:
        reference = command.positional[0]
        self._tag(self.ctx.resolver.ensure(reference), self.local_name(reference))
        return Step(command, 0, f"pulled {reference}", {reference: self.image_id(reference) or ""})

    def tag(self, command: DockerCommand) -> Step:
        source, target = command.positional[:2]
        self._materialise(source)
        self._tag(self.local_name(source), self.local_name(target))
        return Step(command, 0, "", {source: self.image_id(source) or "", target: self.image_id(target) or ""})

    def inspect(self, command: DockerCommand) -> Step:
        ids = {ref: self.image_id(ref) or "" for ref in command.positional}
        missing = [ref for ref, image_id in ids.items() if not image_id]
        output = "".join(f"Error: No such image: {ref}\n" for ref in missing) or json.dumps(list(ids.values()))
        return Step(command, 1 if missing else 0, output, ids)

    def ls(self, command: DockerCommand) -> Step:
        return Step(command, 0, "")

    def rm(self, command: DockerCommand) -> Step:
        errors = []
        for reference in command.positional:
            try:
                self.ctx.client.images.remove(self.local_name(reference), noprune=True)
            except ImageNotFound:
                errors.append(f"Error: No such image: {reference}")
        return Step(command, 1 if errors else 0, "\n".join(errors))

    def push(self, command: DockerCommand) -> Step:
        reference = command.positional[0]
        repository, tag = split_reference(self.local_name(reference))
        lines = list(self.ctx.client.images.push(repository, tag=tag, stream=True, decode=True))
        student_repository = split_reference(normalise_reference(reference))[0]
        errors = [str(line["error"]).replace(repository, student_repository) for line in lines if "error" in line]
        return Step(command, 1 if errors else 0, "\n".join(errors), {reference: self.image_id(reference) or ""})

    def _materialise(self, reference: str) -> None:
        if self.image_id(reference) is None and (built := self.ctx.provider(reference)):
            self._tag(built, self.local_name(reference))

    def _tag(self, source: str, target: str) -> None:
        repository, tag = split_reference(target)
        self.ctx.client.images.get(source).tag(repository, tag)
        self.ctx.sandbox.track_image(target)


def _strip_registry(repository: str) -> str:
    first, _, rest = repository.partition("/")
    return rest if ("." in first or ":" in first or first == "localhost") and rest else repository
