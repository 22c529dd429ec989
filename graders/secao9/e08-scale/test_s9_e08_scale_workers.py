"""s9-e08 escalar: três workers construídos do worker/Dockerfile."""

from __future__ import annotations

import docker
import pytest

from dockgrade.compose_checks import logs, service_for, wait_for
from dockgrade.compose_project import ComposeProject
from dockgrade.fixtures import StartCompose
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.labels import near_miss
from dockgrade.messages import text as say

EXERCISE = "s9-e08-scale-workers"
REPLICAS = 3


@pytest.fixture(scope="module")
def project(compose: StartCompose) -> ComposeProject:
    return compose("--scale", f"worker={REPLICAS}")


test_up = compose_up_gate()


@check(points=2)
def test_three_workers(project: ComposeProject) -> None:
    """--scale worker=3 deixa três workers rodando"""
    running = [c for c in project.containers(service_for(project, "worker")) if c.status == "running"]
    expect_equal(len(running), REPLICAS, say("s9.replicas"), hint=say("s9.scale_hint"))


@check(points=2)
def test_worker_image(project: ComposeProject, docker_client: docker.DockerClient) -> None:
    """a imagem do worker é construída do worker/Dockerfile com label e PYTHONUNBUFFERED"""
    worker = service_for(project, "worker")
    expect(project.services()[worker].get("build"), say("s9.no_build"))
    config = docker_client.images.get(project.containers(worker)[0].image.id).attrs["Config"]
    missing = [] if "PYTHONUNBUFFERED=1" in (config.get("Env") or []) else ["ENV PYTHONUNBUFFERED=1"]
    labels = config.get("Labels") or {}
    # Only s5-e03 grades the label's spelling (the catalogue): mantainer still counts as a label here.
    missing += [] if labels.get("maintainer") or near_miss(labels, "maintainer") else ["LABEL maintainer"]
    expect(not missing, say("s9.image_missing", items=", ".join(missing)), hint=say("s9.unbuffered_hint"))


@check(points=1)
def test_replicas_wait(project: ComposeProject) -> None:
    """cada réplica do worker mostra no log que está aguardando"""
    worker = service_for(project, "worker")
    everyone = wait_for(lambda: all(text.strip() for text in logs(project, worker)) or None, 20, "worker logs")
    silent = sum(1 for text in logs(project, worker) if not text.strip())
    expect(everyone, say("s9.silent_replicas", count=silent), hint=say("s9.unbuffered_hint"))
