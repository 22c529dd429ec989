"""s9-e08 escalar: três workers construídos do worker/Dockerfile."""

from __future__ import annotations

import docker
import pytest

from dockgrade import (
    ComposeProject,
    Service,
    StartCompose,
    check,
    compose_up_gate,
    expect,
    expect_equal,
    near_miss,
    say,
    wait_for,
)

EXERCISE = "s9-e08-scale-workers"
REPLICAS = 3


@pytest.fixture(scope="module")
def project(compose: StartCompose) -> ComposeProject:
    return compose("--scale", f"worker={REPLICAS}")


test_up = compose_up_gate()


@check(points=2)
def test_three_workers(project: ComposeProject, worker: Service) -> None:
    """--scale worker=3 deixa três workers rodando"""
    running = [c for c in project.containers(worker.name) if c.status == "running"]
    expect_equal(len(running), REPLICAS, say("s9.replicas"), hint=say("s9.scale_hint"))


@check(points=2)
def test_worker_image(project: ComposeProject, worker: Service, docker_client: docker.DockerClient) -> None:
    """a imagem do worker é construída do worker/Dockerfile com label e PYTHONUNBUFFERED"""
    expect(worker.config.get("build"), say("s9.no_build"))
    config = docker_client.images.get(str(project.containers(worker.name)[0].attrs["Image"])).attrs["Config"]
    missing = [] if "PYTHONUNBUFFERED=1" in (config.get("Env") or []) else ["ENV PYTHONUNBUFFERED=1"]
    labels = config.get("Labels") or {}
    # Only s5-e03 grades the label's spelling (the catalogue): mantainer still counts as a label here.
    missing += [] if labels.get("maintainer") or near_miss(labels, "maintainer") else ["LABEL maintainer"]
    expect(not missing, say("s9.image_missing", items=", ".join(missing)), hint=say("s9.unbuffered_hint"))


@check(points=1)
def test_replicas_wait(worker: Service) -> None:
    """cada réplica do worker mostra no log que está aguardando"""
    everyone = wait_for(lambda: all(text.strip() for text in worker.logs()) or None, 20, "worker logs")
    silent = sum(1 for text in worker.logs() if not text.strip())
    expect(everyone, say("s9.silent_replicas", count=silent), hint=say("s9.unbuffered_hint"))
