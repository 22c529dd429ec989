"""Find each exercise inside a student's repository.

Order of evidence: the student's manifest (``dockgrade.yml``), then the canonical folder
name and the aliases students really use, then content fingerprints, then (for s4-e07/e08,
whose result is files) an ``html/index.html`` at the repository's top level. A vendored copy
of the instructor's repository is never taken for the student's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from dockgrade.course.catalogue import exercise as find_exercise
from dockgrade.course.exercise import COMPOSE_FILES, Exercise

MANIFEST = "dockgrade.yml"
DEFAULT_SUBMISSION = Path(__file__).resolve().parents[3] / "exercises"
VENDORED = frozenset({"curso-docker-master", "curso-docker-main", "repositorio-curso-docker", "node_modules"})
_MAX_DEPTH = 5
# The evidence of a lecture step graded on its project's final folder (the repository has no folder for the step).
FINAL_PROJECT = "final-project"


@dataclass(frozen=True)
class Location:
    """Where an exercise was found and by which evidence (manifest, folder, alias, fingerprint)."""

    path: Path
    evidence: str


class Submission:
    """A student's repository (or this project's ``exercises/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: list[Path] | None = None

    def locate(self, exercise: Exercise) -> Location | None:
        """The folder holding ``exercise``, or None when no evidence points at one."""
        return (
            self._from_manifest(exercise)
            or self._by_name(exercise, (exercise.folder,), "folder")
            or self._by_name(exercise, exercise.aliases, "alias")
            or self._by_fingerprint(exercise)
            or self._served_at_root(exercise)
            or self._in_final_project(exercise)
        )

    def folders(self) -> list[Path]:
        """Every folder of the repository (vendored copies, hidden and deep folders skipped), shallow first."""
        if self._folders is None:
            found = [self.root, *self._walk(self.root, 1)]
            self._folders = sorted(found, key=lambda path: (len(path.parts), str(path)))
        return self._folders

    def compose_files(self) -> list[Path]:
        """The main compose file of every compose project in the repository, vendored copies skipped."""
        found = (next((folder / n for n in COMPOSE_FILES if (folder / n).is_file()), None) for folder in self.folders())
        return [path for path in found if path is not None]

    def _walk(self, folder: Path, depth: int) -> list[Path]:
        if depth > _MAX_DEPTH:
            return []
        found: list[Path] = []
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not child.is_symlink() and not _skipped(child.name):
                found += [child, *self._walk(child, depth + 1)]
        return found

    def _from_manifest(self, exercise: Exercise) -> Location | None:
        manifest = self.root / MANIFEST
        if not manifest.is_file():
            return None
        relative = _manifest_entries(manifest).get(exercise.id)
        if not isinstance(relative, str):
            return None
        path = (self.root / relative).resolve()
        return Location(path, "manifest") if path.is_dir() and path.is_relative_to(self.root) else None

    def _by_name(self, exercise: Exercise, names: tuple[str, ...], evidence: str) -> Location | None:
        for name in names:
            wanted = tuple(part.lower() for part in Path(name).parts)
            for folder in self.folders():
                parts = tuple(part.lower() for part in folder.relative_to(self.root).parts)
                if parts[-len(wanted) :] == wanted and _has_marker(folder, exercise):
                    return Location(folder, evidence)
        return None

    def _by_fingerprint(self, exercise: Exercise) -> Location | None:
        if exercise.fingerprint is None:
            return None
        for folder in self.folders():
            for name in exercise.fingerprint.files:
                path = folder / name
                if path.is_file() and exercise.fingerprint.matches(path.read_text(errors="replace")):
                    return Location(folder, "fingerprint")
        return None

    def _served_at_root(self, exercise: Exercise) -> Location | None:
        """s4-e07/e08 done at the repository's top level: the ``html/index.html`` the lecture's command serves."""
        if exercise.canonical and (self.root / "html" / "index.html").is_file():
            return Location(self.root, "root")
        return None

    def _in_final_project(self, exercise: Exercise) -> Location | None:
        """A lecture step with no folder of its own lives in its project's final folder (sections 8 and 9)."""
        if not exercise.final_project:
            return None
        final = self.locate(find_exercise(exercise.final_project))
        return Location(final.path, FINAL_PROJECT) if final else None


def _manifest_entries(manifest: Path) -> dict[str, object]:
    """The manifest's ``exercises`` mapping; a broken manifest counts as absent (names still work)."""
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8", errors="replace"))
    except yaml.YAMLError:
        return {}
    entries = data.get("exercises") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def _has_marker(folder: Path, exercise: Exercise) -> bool:
    return any((folder / name).is_file() for name in exercise.marker_files)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower() in VENDORED
