"""One exercise of the course and how a student's repository shows it: folders, marker files, fingerprints."""

from __future__ import annotations

from dataclasses import dataclass

DOCKERFILES = ("Dockerfile", "dockerfile")
SCRIPTS = ("run.sh",)
COMPOSE_FILES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")
# s4-e07/e08 leave files (html/index.html) that the lecture's command serves; most repositories keep no script.
WEB_FILES = (*SCRIPTS, "html/index.html")


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
    # The lecture's own command, run on the student's files when the folder holds the exercise's result but no
    # script (``ex-volume/html/index.html`` and no run.sh): the grading then observes the same behaviour.
    canonical: str = ""
    # Folders this exercise shares with another one (s4-e08 is done in s4-e07's ``ex-volume``): a run.sh found
    # there is this exercise's only when it matches the fingerprint, else the lecture's command runs.
    shared_folders: tuple[str, ...] = ()
    # A lecture step of a project the lectures change in place (sections 8 and 9): the id of the project's final
    # step, whose folder holds this step's work when the repository keeps only the final project.
    final_project: str = ""
    # The ``compose up`` arguments of the course's last lecture of a final project (``--scale worker=3``).
    up_args: tuple[str, ...] = ()
    # The tags the course gives this exercise's image, by which later scripts run it (``ex-simple-build``).
    images: tuple[str, ...] = ()
    # Part of the course's own repository (the ``curso`` assignment): the projects the lectures keep in folders.
    course_repository: bool = False

    @property
    def section(self) -> int:
        """The course section (``s5-…`` → 5)."""
        return int(self.id[1 : self.id.index("-")])

    @property
    def folder_names(self) -> tuple[str, ...]:
        """The canonical folder first, then the aliases, as the student-facing list of places looked at."""
        return (self.folder, *self.aliases)
