"""The embedded reference solutions score full marks, leave nothing behind, and show no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import docker
import pytest

from dockgrade.sandbox import LABEL_OWNER
from tests.grading_run import GRADERS, GradingRun, grade


@pytest.fixture(scope="module")
def section5(tmp_path_factory: pytest.TempPathFactory, docker_client: docker.DockerClient) -> GradingRun:
    return grade([GRADERS / "secao5"], None, tmp_path_factory.mktemp("secao5"))


def test_section5_full_marks(section5: GradingRun) -> None:
    """`pytest graders/secao5` passes every check of every section 5 exercise."""
    assert section5.exit_code == 0, section5.output
    assert section5.report["score"] == section5.report["max_score"] > 0
    assert len(section5.report["exercises"]) == 6
    assert "pontuação" in section5.output


def test_section5_leaves_nothing(section5: GradingRun, docker_client: docker.DockerClient) -> None:
    """No container, network or volume of the grading process survives it."""
    owner = {"label": f"{LABEL_OWNER}=" + _owner(section5)}
    assert docker_client.containers.list(all=True, filters=owner) == []
    assert docker_client.networks.list(filters=owner) == []
    assert docker_client.volumes.list(filters=owner) == []


def test_broken_build_leaves_nothing(tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """A failing build is one failure, dependents are not run, and nothing is left behind."""
    folder = tmp_path / "build-com-arg"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM debian\nRUN exit 3\nARG S3_BUCKET=files\n")
    run = grade([GRADERS / "secao5" / "test_s5_e03_build_arg.py"], tmp_path, tmp_path)
    assert run.outcomes()["builds"] == "failed"
    assert set(run.outcomes().values()) == {"failed", "not_run"}
    assert "Traceback" not in run.output
    owner = {"label": f"{LABEL_OWNER}=" + _owner(run)}
    assert docker_client.containers.list(all=True, filters=owner) == []
    assert docker_client.images.list(filters=owner) == []


def _owner(run: GradingRun) -> str:
    return f"{socket.gethostname()}:{run.pid}"
