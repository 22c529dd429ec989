"""Published ports for containers that have none: a small relay container the grader's probes go through.

A container on an internal network publishes nothing (the engine ignores ``-p`` there). For each container
whose ports the grader probes, dockgrade starts a relay (socat, in the egress image) on the egress's outside
network, publishes the same container ports on free host ports, and joins it to one of the target's networks;
the target is reached by its run-unique name. The relay runs dockgrade's code only and carries the sandbox's
run label, so it goes with the sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import docker
from docker.models.containers import Container

from dockgrade.core.errors import GraderError
from dockgrade.runtime import egress_image, endpoints
from dockgrade.runtime.egress import LABEL_ROLE, Egress

ROLE = "relay"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def start(
    client: docker.DockerClient,
    egress: Egress,
    target: Container,
    ports: Iterable[str],
    labels: Mapping[str, str],
) -> Container:
    """A running relay publishing ``ports`` (``80/tcp``…) of ``target`` on free host ports."""
    wanted = sorted({key for key in ports if key.endswith("/tcp")}, key=_number)
    network = _shared_network(target)
    name = str(target.name)
    if not _NAME.match(name) or egress.outside is None:
        raise GraderError(f"cannot relay the ports of {name}")
    specs = [f"{_number(key)}:{name}:{_number(key)}" for key in wanted]
    published: dict[str, Any] = {key: (endpoints.publish_ip(), None) for key in wanted}
    relay = client.containers.create(
        egress_image.tag(),
        ["relay", *specs],
        name=f"{name}-relay"[:200],
        labels={**labels, LABEL_ROLE: ROLE},
        network=egress.outside.name,
        ports=published,
        mem_limit="64m",
        pids_limit=64,
    )
    client.networks.get(network).connect(relay)
    relay.start()
    relay.reload()
    return relay


def is_relay(container: Container) -> bool:
    """True for a relay (listings of the student's containers leave them out)."""
    labels = container.labels if container.attrs.get("Config") else container.attrs.get("Labels") or {}
    return (labels or {}).get(LABEL_ROLE) == ROLE


def is_helper_name(name: str) -> bool:
    """True for the name of a relay or of the egress proxy (``docker network inspect`` leaves them out)."""
    return name.endswith("-relay") or name.startswith("dockgrade-egress-")


def host_ports(relay: Container) -> dict[str, Any]:
    """The relay's ``NetworkSettings.Ports``: what the target's own would be on an ordinary network."""
    return dict((relay.attrs.get("NetworkSettings") or {}).get("Ports") or {})


def _shared_network(target: Container) -> str:
    target.reload()
    networks = list((target.attrs.get("NetworkSettings") or {}).get("Networks") or {})
    if not networks:
        raise GraderError(f"{target.name} is on no network the grader can reach")
    return str(networks[0])


def _number(key: str) -> int:
    return int(key.split("/")[0])
