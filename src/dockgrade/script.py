"""Run the image commands of a student's script through the sandbox, recording a transcript.

Student image names are mapped to run-unique names (``redis:latest`` in line 1 and line 9
is the same image, and removing it never touches the engine's real ``redis:latest``).
Registry references (``localhost:5000/…`` and Docker Hub ``user/repo``) are sent to the run's
private registry. Container, network and volume commands arrive with the section 4 interpreter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from docker.errors import APIError, ImageNotFound

from dockgrade.commands import DockerCommand, Script
from dockgrade.images import ImageResolver
from dockgrade.recipes import normalise_reference, split_reference
from dockgrade.sandbox import Sandbox

ImageProvider = Callable[[str], str | None]


@dataclass
class Step:
    """One executed command: what the student wrote, its exit code and output, and image ids seen."""

    command: DockerCommand
    exit_code: int
    output: str
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class Transcript:
    """Everything a script did, in order."""

    steps: list[Step] = field(default_factory=list)

    def failed(self) -> list[Step]:
        """Steps whose exit code was not 0."""
        return [step for step in self.steps if step.exit_code != 0]

    def of(self, action: str) -> list[Step]:
        """Steps of one image action (``tag``, ``push``, …)."""
        return [step for step in self.steps if step.command.action == action]


class ImageScript:
    """Interprets ``docker image`` commands against run-unique names."""

    def __init__(
        self,
        sandbox: Sandbox,
        resolver: ImageResolver,
        registry: str | None = None,
        provider: ImageProvider | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.resolver = resolver
        self.registry = registry
        self.provider = provider or (lambda _name: None)
        self.transcript = Transcript()

    def run(self, script: Script) -> Transcript:
        """Execute each command in order; a failing command is recorded and the script goes on."""
        for command in script.commands:
            self.transcript.steps.append(self._execute(command))
        return self.transcript

    def local_name(self, reference: str) -> str:
        """The engine-side name of a student's image reference."""
        name = normalise_reference(reference)
        repository, tag = split_reference(name)
        if self.registry and _is_remote(repository):
            return f"{self.registry}/{_strip_registry(repository)}:{tag}"
        return f"{self.sandbox.name('img-' + re.sub(r'[^a-z0-9_.-]+', '-', repository.lower()))}:{tag}"

    def image_id(self, reference: str) -> str | None:
        """The id the student's name points at now, or None."""
        try:
            return str(self.sandbox.client.images.get(self.local_name(reference)).id)
        except ImageNotFound:
            return None

    def _execute(self, command: DockerCommand) -> Step:
        handler = getattr(self, f"_{command.object}_{command.action}", None)
        if handler is None:
            return Step(command, 1, f"comando não suportado neste exercício: {command.object} {command.action}")
        try:
            return handler(command)  # type: ignore[no-any-return]
        except (APIError, ImageNotFound) as error:
            return Step(command, 1, str(getattr(error, "explanation", None) or error))

    def _image_pull(self, command: DockerCommand) -> Step:
        reference = command.positional[0]
        source = self.resolver.ensure(reference)
        self._tag(source, self.local_name(reference))
        return Step(command, 0, f"pulled {reference}", {reference: self.image_id(reference) or ""})

    def _image_tag(self, command: DockerCommand) -> Step:
        source, target = command.positional[:2]
        self._materialise(source)
        self._tag(self.local_name(source), self.local_name(target))
        return Step(command, 0, "", {source: self.image_id(source) or "", target: self.image_id(target) or ""})

    def _image_inspect(self, command: DockerCommand) -> Step:
        ids = {ref: self.image_id(ref) or "" for ref in command.positional if not ref.startswith("--")}
        missing = [ref for ref, image_id in ids.items() if not image_id]
        return Step(command, 1 if missing else 0, "".join(f"No such image: {ref}\n" for ref in missing), ids)

    def _object_inspect(self, command: DockerCommand) -> Step:
        return self._image_inspect(command)

    def _image_ls(self, command: DockerCommand) -> Step:
        return Step(command, 0, "")

    def _image_rm(self, command: DockerCommand) -> Step:
        errors = []
        for reference in command.positional:
            try:
                self.sandbox.client.images.remove(self.local_name(reference), noprune=True)
            except ImageNotFound:
                errors.append(f"Error: No such image: {reference}")
        return Step(command, 1 if errors else 0, "\n".join(errors))

    def _image_push(self, command: DockerCommand) -> Step:
        reference = command.positional[0]
        repository, tag = split_reference(self.local_name(reference))
        lines = list(self.sandbox.client.images.push(repository, tag=tag, stream=True, decode=True))
        student_repository = split_reference(normalise_reference(reference))[0]
        errors = [str(line["error"]).replace(repository, student_repository) for line in lines if "error" in line]
        return Step(command, 1 if errors else 0, "\n".join(errors), {reference: self.image_id(reference) or ""})

    def _materialise(self, reference: str) -> None:
        if self.image_id(reference) is None and (built := self.provider(reference)):
            self._tag(built, self.local_name(reference))

    def _tag(self, source: str, target: str) -> None:
        repository, tag = split_reference(target)
        self.sandbox.client.images.get(source).tag(repository, tag)
        self.sandbox.track_image(target)


def _is_remote(repository: str) -> bool:
    return "/" in repository


def _strip_registry(repository: str) -> str:
    first, _, rest = repository.partition("/")
    return rest if ("." in first or ":" in first or first == "localhost") and rest else repository
