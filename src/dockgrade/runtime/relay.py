"""Published ports for containers that have none: relays the grader's probes go through.

A container on an internal network publishes nothing (the engine ignores ``-p`` there). For each container whose
ports the grader probes, dockgrade relays the same container ports from free host ports to it, reaching it by its
run-unique name. Usually the egress proxy lends ports it published when it started (``egress.RELAY_SLOTS``): a
forwarder (socat) started by one exec, since the proxy is already on every network of the grading. When they are
all lent, a relay container (socat, same image) is started on the egress's outside network, publishing the ports
and joined to one of the target's networks; it carries the sandbox's run label, so it goes with the sandbox. Either
way only dockgrade's code runs there.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import docker
from docker.errors import APIError, NotFound
from docker.models.containers import Container

from dockgrade.core.errors import GraderError, StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits
from dockgrade.runtime import egress_image, endpoints, grader_exec
from dockgrade.runtime.egress import LABEL_ROLE, Egress

ROLE = "relay"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Relay(Protocol):
    """Host ports standing in for a confined container's own published ports."""

    def host_ports(self) -> dict[str, Any]:
        """``NetworkSettings.Ports`` as the target's own would be on an ordinary network."""

    def remove(self) -> None:
        """Stop relaying (the ports go back to the proxy, or the relay container is removed)."""


@dataclass
class LentPorts:
    """Ports the egress proxy lent, each forwarded to one port of the target."""

    egress: Egress
    ports: dict[str, Any]
    slots: list[int]
    forwarders: list[str] = field(default_factory=list)

    def host_ports(self) -> dict[str, Any]:
        """``NetworkSettings.Ports`` as the target's own would be on an ordinary network."""
        return dict(self.ports)

    def remove(self) -> None:
        """Stop the forwarders and give the ports back (once). A port whose forwarder may still listen is never
        lent again: the next target would be answered by the old one."""
        stopped = not self.forwarders
        if self.egress.proxy is not None and self.forwarders:
            with contextlib.suppress(APIError, NotFound, StepTimedOut, TooMuchOutput):
                kill = ["sh", "-c", 'kill "$@"', "kill", *self.forwarders]
                stopped = grader_exec.run(self.egress.proxy, kill, limits=Limits())[0] == 0
        if stopped:
            self.egress.give_back(self.slots)
        self.slots, self.forwarders = [], []


@dataclass
class RelayContainer:
    """A relay container of its own, for when the proxy has no port left to lend."""

    container: Container

    def host_ports(self) -> dict[str, Any]:
        """``NetworkSettings.Ports`` as the target's own would be on an ordinary network."""
        return dict((self.container.attrs.get("NetworkSettings") or {}).get("Ports") or {})

    def remove(self) -> None:
        """Remove the relay container (a sandbox's close would too)."""
        with contextlib.suppress(APIError, NotFound):
            self.container.remove(force=True)


def start(
    client: docker.DockerClient,
    egress: Egress,
    target: Container,
    ports: Iterable[str],
    labels: Mapping[str, str],
) -> Relay:
    """A relay publishing ``ports`` (``80/tcp``…) of ``target`` on free host ports."""
    wanted = sorted({key for key in ports if key.endswith("/tcp")}, key=_number)
    networks = _networks_of(target)
    name = str(target.name)
    if not _NAME.match(name) or egress.outside is None:
        raise GraderError(f"cannot relay the ports of {name}")
    if any(egress.resolver(network) for network in networks):
        lent = _lend(egress, name, wanted)
        if lent is not None:
            return lent
    return _relay_container(client, egress, name, networks[0], wanted, labels)


def _lend(egress: Egress, name: str, wanted: list[str]) -> LentPorts | None:
    """Forwarders in the proxy from lent ports to ``name``'s ports; None when too few ports are free."""
    slots = egress.borrow_slots(len(wanted))
    if not slots or egress.proxy is None:
        return None
    pairs = list(zip(wanted, slots, strict=True))
    lent = LentPorts(egress, {key: egress.slot_bindings(slot) for key, slot in pairs}, slots)
    specs = [f"{slot}:{name}:{_number(key)}" for key, slot in pairs]
    try:
        code, output = grader_exec.run(egress.proxy, ["lend", egress.outside_address(), *specs], limits=Limits())
    except (APIError, NotFound, StepTimedOut, TooMuchOutput):
        code, output = 1, ""
    lent.forwarders = [word for word in output.split() if word.isdigit()]
    if code != 0 or len(lent.forwarders) != len(specs):
        lent.remove()
        return None
    return lent


def _relay_container(
    client: docker.DockerClient, egress: Egress, name: str, network: str, wanted: list[str], labels: Mapping[str, str]
) -> RelayContainer:
    specs = [f"{_number(key)}:{name}:{_number(key)}" for key in wanted]
    published: dict[str, Any] = {key: (endpoints.publish_ip(), None) for key in wanted}
    relay = client.containers.create(
        egress_image.tag(),
        ["relay", *specs],
        name=f"{name}-relay"[:200],
        labels={**labels, LABEL_ROLE: ROLE},
        network=egress.outside.name if egress.outside else None,
        ports=published,
        mem_limit="64m",
        pids_limit=64,
    )
    client.networks.get(network).connect(relay)
    relay.start()
    relay.reload()
    return RelayContainer(relay)


def is_relay(container: Container) -> bool:
    """True for a relay container (listings of the student's containers leave them out)."""
    labels = container.labels if container.attrs.get("Config") else container.attrs.get("Labels") or {}
    return (labels or {}).get(LABEL_ROLE) == ROLE


def is_helper_name(name: str) -> bool:
    """True for the name of a relay or of the egress proxy (``docker network inspect`` leaves them out)."""
    return name.endswith("-relay") or name.startswith("dockgrade-egress-")


def _networks_of(target: Container) -> list[str]:
    target.reload()
    networks = [str(network) for network in (target.attrs.get("NetworkSettings") or {}).get("Networks") or {}]
    if not networks:
        raise GraderError(f"{target.name} is on no network the grader can reach")
    return networks


def _number(key: str) -> int:
    return int(key.split("/")[0])
