"""Behind the egress, a student without npm on their machine still gets `npm i` through: the node image says
where its npm goes, and the egress lets that through (as on Docker Desktop or a runner whose own configuration
names none of the course's indexes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docker
import pytest

from tests.grading_run import GRADERS, ROOT, grade


def test_npm_i_goes_through_with_no_npm_on_the_grading_machine(
    tmp_path: Path, docker_client: docker.DockerClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Section 8's REST API installs its modules with `npm i` in a node container: full marks, every module
    from the registry the node image names (with the node image left unread, the proxy refuses it)."""
    monkeypatch.setenv("PATH", _path_without(["npm", "npx"], tmp_path / "bin"))
    monkeypatch.delenv("DOCKGRADE_EGRESS", raising=False)  # the default: on
    assert shutil.which("npm") is None
    submission = tmp_path / "submission"
    # Without what grading the reference left in its folder: every module comes from the registry.
    ignored = shutil.ignore_patterns("node_modules", "package-lock.json")
    shutil.copytree(ROOT / "exercises" / "secao8" / "e03-rest-api", submission / "e03-rest-api", ignore=ignored)
    run = grade([GRADERS / "secao8" / "e03-rest-api"], submission, tmp_path / "grading")
    assert run.exit_code == 0, run.output
    assert run.report["score"] == run.report["max_score"] > 0
    assert (submission / "e03-rest-api" / "backend" / "node_modules" / "express").is_dir()


def _path_without(tools: list[str], farm: Path) -> str:
    """A PATH with every program of this one but ``tools`` (linked into ``farm``, first found wins as before)."""
    farm.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        directory = Path(folder)
        if not directory.is_dir():
            continue
        for program in directory.iterdir():
            if program.name not in tools and not (farm / program.name).exists() and os.access(program, os.X_OK):
                (farm / program.name).symlink_to(program.resolve() if program.is_symlink() else program)
    return str(farm)
