"""Two gradings of the same compose project at once: no port, name, network or volume collides."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import docker

from tests.grading_run import GRADERS, grade, left_behind

FRONTEND_STEP = GRADERS / "secao9" / "e03-frontend" / "test_s9_e03_frontend.py"


def test_two_gradings_of_one_project_at_once(tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """Both score full marks (both projects publish the student's port 80, remapped) and both clean up."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda n: grade([FRONTEND_STEP], None, tmp_path / f"run{n}"), range(2)))
    for run in runs:
        assert run.exit_code == 0, run.output
        assert run.report["score"] == run.report["max_score"] > 0
        assert left_behind(run) == []
