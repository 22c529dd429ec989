"""The legacy builder's cache outlives a grading: the next grading's identical build reuses its steps."""

from __future__ import annotations

import uuid
from pathlib import Path

import docker

from dockgrade.runtime import build_cache
from dockgrade.runtime.labels import LABEL_RUN
from dockgrade.runtime.sandbox import Sandbox


def test_a_second_grading_reuses_the_first_ones_steps(docker_client: docker.DockerClient, tmp_path: Path) -> None:
    """Its RUN and COPY come from the cache; the entry is the Dockerfile's last step and carries no run label."""
    mark = uuid.uuid4().hex  # this test's own steps: no other build can have cached them
    (tmp_path / "Dockerfile").write_text(f'FROM debian\nRUN echo {mark} > /mark\nCOPY page.html /\nCMD ["cat"]\n')
    (tmp_path / "page.html").write_text(mark)
    logs, run_ids = [], []
    for _grading in range(2):
        with Sandbox(docker_client, allowed_root=tmp_path) as box:
            logs.append(box.build(tmp_path, "cached").log)
            run_ids.append(box.run_id)
    assert "Using cache" not in logs[0]
    assert logs[1].count("Using cache") == 3  # RUN, COPY, CMD: the labels' steps are the run's own
    entries = [
        image for image in docker_client.api.images(name=build_cache.REPOSITORY) if _built(docker_client, image, mark)
    ]
    assert len(entries) == 1
    labels = docker_client.api.inspect_image(entries[0]["Id"])["Config"]["Labels"] or {}
    assert LABEL_RUN not in labels
    for run_id in run_ids:
        assert docker_client.api.images(quiet=True, filters={"label": f"{LABEL_RUN}={run_id}"}) == []
    for tag in entries[0]["RepoTags"]:
        docker_client.api.remove_image(tag)


def _built(client: docker.DockerClient, image: dict[str, object], mark: str) -> bool:
    """True for the entry whose history holds this test's RUN step."""
    return any(mark in str(step.get("CreatedBy")) for step in client.api.history(image["Id"]))
