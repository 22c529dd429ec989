"""The Docker engines a batch spreads over: how to reach each, and giving each the stand-in images."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from urllib.parse import urlparse

import docker

from dockgrade.offline.recipes import LABEL_STANDIN
from dockgrade.runtime.egress_image import LABEL_EGRESS
from dockgrade.runtime.endpoints import LOOPBACK
from dockgrade.runtime.labels import LABEL_RUN

_COPY_TIMEOUT_S = 900


@dataclass(frozen=True)
class Engine:
    """One engine: its DOCKER_HOST (empty: the environment's own) and where its published ports are reached."""

    url: str = ""
    probe: str = LOOPBACK

    @classmethod
    def parse(cls, spec: str) -> Engine:
        """``URL`` or ``URL,probe=HOST``; a ``tcp://host:port`` engine is probed at ``host``."""
        url, _, option = spec.partition(",probe=")
        if option:
            return cls(url, option)
        host = urlparse(url).hostname if url.startswith(("tcp://", "ssh://")) else None
        return cls(url, host or LOOPBACK)

    @property
    def name(self) -> str:
        """For messages: the URL, or ``default``."""
        return self.url or "default"

    def environment(self) -> dict[str, str]:
        """Variables a grading child needs to use this engine."""
        variables = {"DOCKER_HOST": self.url} if self.url else {}
        if self.probe != LOOPBACK:
            variables.update({"DOCKGRADE_PROBE_HOST": self.probe, "DOCKGRADE_PUBLISH_IP": "0.0.0.0"})
        return variables

    def client(self, timeout: int = 60) -> docker.DockerClient:
        """An SDK client for this engine."""
        return docker.DockerClient(base_url=self.url, timeout=timeout) if self.url else docker.from_env(timeout=timeout)

    def answers(self) -> bool:
        """True when the engine answers a ping within a few seconds."""
        try:
            return bool(self.client(timeout=5).ping())
        except Exception:
            return False


# The stand-ins, and the egress proxy's image (built from one of them).
_COPIED = (LABEL_STANDIN, LABEL_EGRESS)


def copy_standins(source: Engine, target: Engine) -> list[str]:
    """Give ``target`` the stand-in and egress images ``source`` has (``docker save | docker load``), with their tags.

    Much faster than building them again on every engine; returns the tags copied.
    """
    have = {image.id for label in _COPIED for image in target.client().images.list(filters={"label": label})}
    standins = [image for label in _COPIED for image in source.client().images.list(filters={"label": label})]
    # Images built FROM a stand-in inherit its labels; a grading run's own images are not stand-ins.
    missing = [image for image in standins if image.id not in have and LABEL_RUN not in (image.labels or {})]
    tags = sorted({tag for image in missing for tag in image.tags})
    if tags:
        _pipe(["docker", "save", *tags], source, ["docker", "load", "-q"], target)
    return tags


def _pipe(producer: list[str], source: Engine, consumer: list[str], target: Engine) -> None:
    save = subprocess.Popen(producer, stdout=subprocess.PIPE, env={**os.environ, **source.environment()})
    try:
        load = subprocess.run(
            consumer,
            stdin=save.stdout,
            capture_output=True,
            env={**os.environ, **target.environment()},
            timeout=_COPY_TIMEOUT_S,
            check=False,
        )
    finally:
        # A target that died mid-load leaves `docker save` blocked on a full pipe: never wait for it.
        if save.poll() is None:
            save.kill()
        save.wait()
        if save.stdout:
            save.stdout.close()
    if save.returncode != 0 or load.returncode != 0:
        raise RuntimeError(f"copying stand-ins to {target.name} failed: {load.stderr.decode(errors='replace')[-300:]}")
