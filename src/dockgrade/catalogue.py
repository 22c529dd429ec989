"""The course's exercises: ids, canonical folders, the aliases students use, content fingerprints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fingerprint:
    """A file whose text contains every ``all_of`` and none of ``none_of`` (case-insensitive)."""

    files: tuple[str, ...]
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """True when ``text`` has every required fragment and no excluded one."""
        lowered = text.lower()
        return all(f.lower() in lowered for f in self.all_of) and not any(f.lower() in lowered for f in self.none_of)


@dataclass(frozen=True)
class Exercise:
    """One gradable exercise and how to find it in a student's repository."""

    id: str
    folder: str
    marker_files: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    fingerprint: Fingerprint | None = None

    @property
    def section(self) -> int:
        """The course section (``s5-…`` → 5)."""
        return int(self.id[1 : self.id.index("-")])

    @property
    def folder_names(self) -> tuple[str, ...]:
        """The canonical folder first, then the aliases, as the student-facing list of places looked at."""
        return (self.folder, *self.aliases)


DOCKERFILES = ("Dockerfile", "dockerfile")
SCRIPTS = ("run.sh",)

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "s5-e01-image-tags",
        "image-tags",
        SCRIPTS,
        ("tags", "imagens", "image-tag"),
        Fingerprint(SCRIPTS, ("redis", "tag", "rm"), ("push",)),
    ),
    Exercise(
        "s5-e02-first-build",
        "primeiro-build",
        DOCKERFILES,
        ("primeiro_build", "first-build", "ex-volume/primeiro-build"),
        Fingerprint(DOCKERFILES, ("from nginx", "index.html"), ("copy", "conteudo", "s3_bucket")),
    ),
    Exercise(
        "s5-e03-build-arg",
        "build-com-arg",
        DOCKERFILES,
        (
            "build_com_arg",
            "build-com-args",
            "build-com-argumento",
            "build-com-argumentos",
            "buil-com-arg",
            "build-arg",
            "build-with-args",
            "ex-volume/build-com-arg",
        ),
        Fingerprint(DOCKERFILES, ("S3_BUCKET", "ARG")),
    ),
    Exercise(
        "s5-e04-build-copy",
        "build-com-copy",
        DOCKERFILES,
        ("build-copy", "build-with-copy", "ex-volume/build-com-copy"),
        Fingerprint(DOCKERFILES, ("conteudo.html", "COPY")),
    ),
    Exercise(
        "s5-e05-build-dev",
        "build-dev",
        DOCKERFILES,
        ("dockerfile-example", "ex-volume/build-dev"),
        Fingerprint(DOCKERFILES, ("useradd", "www", "/log")),
    ),
    Exercise(
        "s5-e06-push",
        "push",
        SCRIPTS,
        ("push-docker-hub", "docker-hub", "enviar-imagem"),
        Fingerprint(SCRIPTS, ("push",)),
    ),
)


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; a grader naming an unknown id is a grader bug."""
    for candidate in EXERCISES:
        if candidate.id == exercise_id:
            return candidate
    raise KeyError(exercise_id)
