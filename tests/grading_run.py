"""Run graders in a child pytest process and read back its JSON report (shared by integration tests)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker

ROOT = Path(__file__).resolve().parents[1]
GRADERS = ROOT / "graders"
# Each grader's own test data, beside it: mistakes (mutants) and correct variations (variants) of its reference.
MUTANT_SPECS = sorted(GRADERS.glob("secao*/*/mutants/*/mutant.yml"))
VARIANT_SPECS = sorted(GRADERS.glob("secao*/*/variants/*/variant.yml"))


@dataclass
class GradingRun:
    """The outcome of one child grading run: exit code, terminal text, JSON report, child pid."""

    exit_code: int
    output: str
    report: dict[str, Any]
    pid: int

    def outcomes(self) -> dict[str, str]:
        """``check -> outcome`` for every graded check."""
        return {check["check"]: check["outcome"] for check in self.report["checks"]}


def grader_for(exercise_id: str) -> Path:
    """The grader file declaring ``EXERCISE = "<exercise_id>"``."""
    for path in sorted(GRADERS.rglob("test_*.py")):
        if f'EXERCISE = "{exercise_id}"' in path.read_text(encoding="utf-8"):
            return path
    raise LookupError(exercise_id)


def mutant(name: str) -> Path:
    """The folder of the mutant ``secaoN/<exercise folder>/<slug>``."""
    section, exercise, slug = name.split("/")
    return GRADERS / section / exercise / "mutants" / slug


def case_id(spec: Path) -> str:
    """``secaoN/<exercise folder>/<slug>`` of a mutant's or variant's spec file."""
    section, exercise, _kind, slug = spec.parent.relative_to(GRADERS).parts
    return f"{section}/{exercise}/{slug}"


def grade(targets: list[Path], submission: Path | None, workdir: Path, *extra: str) -> GradingRun:
    """Run ``pytest targets`` against ``submission`` in a child process."""
    workdir.mkdir(parents=True, exist_ok=True)
    report_path = workdir / "report.json"
    command = [sys.executable, "-m", "pytest", *map(str, targets), "-p", "no:cacheprovider", "-q"]
    command += ["--rootdir", str(ROOT), "--dockgrade-json", str(report_path), *extra]
    if submission is not None:
        command += ["--submission", str(submission)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = child.communicate(timeout=900)
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {"checks": []}
    return GradingRun(child.returncode, output, report, child.pid)


def materialise(spec_dir: Path, spec: dict[str, Any], workdir: Path) -> Path:
    """The submission a mutant/variant folder stands for.

    A folder is either a whole tiny submission, or (with ``base: exercises/secaoN/<step>``) a few
    files overlaid on a copy of that reference, minus the paths listed in ``delete``, with the ``edits``
    (``file``, ``replace``, ``with``) made — so a one-mistake mutant of a ten-file compose project is one
    edit, not ten files, nor one copied file.
    """
    if "base" not in spec:
        return spec_dir
    target = workdir / "submission" / Path(spec["base"]).name
    # What grading the reference left in its folder (section 8's `npm i` writes node_modules into the
    # mounted backend) is no part of it: a mutant without `npm i` must not find the modules installed.
    shutil.copytree(ROOT / spec["base"], target, ignore=shutil.ignore_patterns("node_modules", "package-lock.json"))
    for source in sorted(spec_dir.rglob("*")):
        if source.is_file() and source.name not in ("mutant.yml", "variant.yml"):
            destination = target / source.relative_to(spec_dir)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    for relative in spec.get("delete", []):
        (target / relative).unlink()
    for edit in spec.get("edits", []):
        _edit(target / edit["file"], edit["replace"], edit["with"])
    return target.parent


def _edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once: a reference that changed under the mutant is noticed) by
    ``new``, byte for byte (CRLF and mode kept)."""
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, f"{path.name}: the edit's text occurs {text.count(old)} times, not once: {old!r}"
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def left_behind(run: GradingRun) -> list[str]:
    """Containers, networks, volumes and images the child grading run still owns (should be none)."""
    client = docker.from_env()
    owner = {"label": f"dockgrade.owner={socket.gethostname()}:{run.pid}"}
    names = [str(c.name) for c in client.containers.list(all=True, sparse=True, filters=owner)]
    names += [str(n.name) for n in client.networks.list(filters=owner)]
    names += [str(v.name) for v in client.volumes.list(filters=owner)]
    return names + list(client.api.images(quiet=True, filters=owner))
