"""The embedded reference solutions score full marks, leave nothing behind, and show no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import docker
import pytest

from dockgrade.core.settings import ENV_EGRESS
from dockgrade.course import catalogue
from dockgrade.runtime.labels import LABEL_OWNER
from tests.grading_run import GRADERS, GradingRun, grade

# From the catalogue, so a new exercise is graded here without editing this file (test_grader_catalogue.py
# checks that every catalogue exercise has a grader and a reference).
EXERCISES_PER_SECTION = {
    section: sum(1 for exercise in catalogue.EXERCISES if exercise.section == section)
    for section in catalogue.sections()
}


# One xdist group per section: both runs of a section grade the same embedded folders, and section 8's `npm i`
# writes node_modules into its mounted backend — two installs at once into one folder tear each other's files
# (a CI run failed on it: TAR_ENTRY_ERROR ENOENT, then "SyntaxError: Unexpected end of input").
SECTIONS = [
    pytest.param(section, marks=pytest.mark.xdist_group(f"reference-secao{section}"))
    for section in sorted(EXERCISES_PER_SECTION)
]


@pytest.mark.parametrize("section", SECTIONS)
def test_reference_full_marks_and_clean(section: int, tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """`pytest graders/secaoN` gives every reference exercise full marks and leaves no container/network/volume:
    behind the egress (the default), the course's installs (apt, pip, npm) through the proxy, the proxy and its
    relays gone afterwards too."""
    assert_full_marks_and_clean(section, tmp_path, docker_client)


@pytest.mark.parametrize("section", SECTIONS)
def test_reference_full_marks_without_the_egress(
    section: int, tmp_path: Path, docker_client: docker.DockerClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same with ``DOCKGRADE_EGRESS=off`` (for engines that cannot confine): the engine's usual networks,
    section 6's as the student made them."""
    monkeypatch.setenv(ENV_EGRESS, "off")  # the child grading inherits it
    assert_full_marks_and_clean(section, tmp_path, docker_client)


def assert_full_marks_and_clean(section: int, tmp_path: Path, docker_client: docker.DockerClient) -> None:
    run = grade([GRADERS / f"secao{section}"], None, tmp_path)
    assert run.exit_code == 0, run.output
    assert run.report["score"] == run.report["max_score"] > 0
    assert len(run.report["exercises"]) == EXERCISES_PER_SECTION[section]
    assert "pontuação" in run.output
    owner = {"label": f"{LABEL_OWNER}=" + _owner(run)}
    assert docker_client.containers.list(all=True, filters=owner) == []
    assert docker_client.networks.list(filters=owner) == []
    assert docker_client.volumes.list(filters=owner) == []


def test_broken_build_leaves_nothing(tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """A failing build is one failure, dependents are not run, and nothing is left behind."""
    folder = tmp_path / "build-com-arg"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM debian\nRUN exit 3\nARG S3_BUCKET=files\n")
    run = grade([GRADERS / "secao5" / "build-com-arg" / "test_s5_e03_build_arg.py"], tmp_path, tmp_path)
    assert run.outcomes()["builds"] == "failed"
    assert set(run.outcomes().values()) == {"failed", "not_run"}
    assert "Traceback" not in run.output
    owner = {"label": f"{LABEL_OWNER}=" + _owner(run)}
    assert docker_client.containers.list(all=True, filters=owner) == []
    assert docker_client.api.images(quiet=True, filters=owner) == []


def _owner(run: GradingRun) -> str:
    return f"{socket.gethostname()}:{run.pid}"
