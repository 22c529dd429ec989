"""Every Docker resource a grading run creates: build, run, exec, networks, volumes; and their removal.

Each resource is labelled ``dockgrade.run=<run id>`` (plus its owner process) the moment it is
created and named ``dockgrade-<run id>-<name>``. ``close()`` removes everything carrying the run's
label, each removal on its own, and is safe to call twice. ``sweep()`` removes what runs killed
before their cleanup left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import shutil
import socket
import tarfile
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import docker
import requests
from docker.errors import APIError, NotFound
from docker.models.containers import Container
from docker.models.networks import Network
from docker.models.volumes import Volume

from dockgrade.core import messages
from dockgrade.core.bounded import BuildOutcome, bounded_build, created_images
from dockgrade.core.errors import BuildFailed, DockerUnavailable, GraderError, Refused, StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits, shown_size, size_bytes
from dockgrade.core.shown_paths import shown_path
from dockgrade.runtime import build_cache, build_context, endpoints, grader_exec, relay
from dockgrade.runtime import egress as egress_proxy
from dockgrade.runtime.labels import LABEL_OWNER, LABEL_RUN

# On an internal network the embedded DNS answers nothing for a name it does not know, and glibc's defaults make
# each such lookup wait ~20 s where an ordinary bridge says "no such name" in ~1.5 s: an app whose DSN names a
# missing host would still be waiting when the check looks, instead of having failed with its own error. A
# second per try, twice, brings it back near the ordinary bridge; a name the engine knows is answered at once.
CONFINED_DNS_OPTIONS = ["timeout:1", "attempts:2"]
_LOG_TAIL_LINES = 15


def new_run_id() -> str:
    """A short random id, unique enough for the resources of one grading run."""
    return uuid.uuid4().hex[:10]


def owner_label() -> str:
    """``host:pid`` of this process, so a sweep can tell live runs from dead ones."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class BuiltImage:
    """An image the sandbox built, with the build log kept for feedback."""

    tag: str
    id: str
    log: str
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> dict[str, Any]:
        """The image's ``Config`` section (User, Env, Labels, Cmd, …)."""
        return dict(self.attrs.get("Config") or {})


@dataclass
class ExecResult:
    """Exit code and combined output of a command run inside a container."""

    exit_code: int
    output: str


class SandboxContainer:
    """A container owned by a sandbox, with the probes graders need."""

    def __init__(self, container: Container, limits: Limits, relayed: relay.Relay | None = None) -> None:
        self._container = container
        self._limits = limits
        self._relay = relayed

    @property
    def id(self) -> str:
        """The engine's container id."""
        return str(self._container.id)

    @property
    def name(self) -> str:
        """The run-unique container name."""
        return str(self._container.name)

    def inspect(self) -> dict[str, Any]:
        """Fresh ``docker inspect`` data."""
        self._container.reload()
        return dict(self._container.attrs)

    def status(self) -> str:
        """``running``, ``exited``, …"""
        self._container.reload()
        return str(self._container.status)

    def host_port(self, container_port: int | str, protocol: str = "tcp") -> int:
        """The free host port the sandbox published ``container_port`` on (its relay's, on an internal network)."""
        ports = self._relay.host_ports() if self._relay else self.inspect()["NetworkSettings"]["Ports"] or {}
        bindings = ports.get(f"{container_port}/{protocol}") or []
        if not bindings:
            raise GraderError(f"container port {container_port} is not published")
        return int(bindings[0]["HostPort"])

    def address(self) -> str:
        """The container's IP address on its (first) network: the default bridge or the run's stand-in for it."""
        networks = self.inspect()["NetworkSettings"].get("Networks") or {}
        return next((str(info.get("IPAddress")) for info in networks.values() if info.get("IPAddress")), "")

    def url(self, container_port: int | str, path: str = "/") -> str:
        """``http://<probe host>:<host port><path>`` for a published port."""
        return endpoints.url(self.host_port(container_port), path)

    def logs(self) -> str:
        """stdout and stderr so far, decoded leniently."""
        return self._container.logs(stdout=True, stderr=True).decode("utf-8", "replace")

    def exec(
        self, command: list[str], user: str | None = None, environment: dict[str, str] | None = None
    ) -> ExecResult:
        """Run ``command`` (exec form, never a shell string) inside the running container."""
        return ExecResult(*grader_exec.run(self._container, command, user, self._limits, environment))

    def stop(self, timeout: int = 5) -> None:
        """Stop the container (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        self._container.stop(timeout=timeout)

    def restart(self, timeout: int = 5) -> None:
        """Restart the container."""
        self._container.restart(timeout=timeout)

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the container to exit and return its exit code."""
        seconds = timeout if timeout is not None else self._limits.run_seconds
        try:
            result = self._container.wait(timeout=seconds)
        except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout) as error:
            raise StepTimedOut(messages.text("timeout.run", seconds=seconds), seconds) from error
        return int(result.get("StatusCode", -1))

    def read_file(self, path: str) -> bytes:
        """Copy one file out of the container (works on stopped containers too)."""
        with tarfile.open(fileobj=io.BytesIO(self._archive(path))) as archive:
            member = archive.next()
            handle = archive.extractfile(member) if member else None
            return handle.read() if handle else b""

    def _archive(self, path: str) -> bytes:
        """The engine's tar of ``path``, read up to the ``file_read_size`` limit (a 1 GiB page fails the check)."""
        limit = size_bytes(self._limits.file_read_size)
        stream, _ = self._container.get_archive(path)
        kept = bytearray()
        try:
            for chunk in stream:
                kept += chunk
                if len(kept) > limit:
                    raise TooMuchOutput(messages.text("limits.file_read", path=path, limit=shown_size(limit)), limit)
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        return bytes(kept)

    def list_dir(self, path: str) -> list[str]:
        """Names of the entries in a directory of the container (works on stopped containers too)."""
        with tarfile.open(fileobj=io.BytesIO(self._archive(path.rstrip("/") + "/."))) as archive:
            names = (member.name.removeprefix("./") for member in archive.getmembers())
            return sorted(name for name in names if name and name != "." and "/" not in name)


class Sandbox:
    """Owns every Docker resource of one grading run; use as a context manager."""

    def __init__(
        self,
        client: docker.DockerClient,
        run_id: str | None = None,
        limits: Limits | None = None,
        allowed_root: Path | None = None,
    ) -> None:
        self.client = client
        self.run_id = run_id or new_run_id()
        self.limits = limits or Limits.from_env()
        self.allowed_root = allowed_root.resolve() if allowed_root else None
        self.labels = {LABEL_RUN: self.run_id, LABEL_OWNER: owner_label()}
        self._extra_images: list[str] = []
        self._counter = 0
        self._scratch: Path | None = None
        self._on_close: list[Callable[[], object]] = []
        self._closed = False
        self._relays: list[relay.Relay] = []
        atexit.register(self.close)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def name(self, short: str) -> str:
        """The run-unique name for a resource the exercise calls ``short``."""
        return f"dockgrade-{self.run_id}-{short}".lower()

    def unique_name(self, short: str) -> str:
        """A run-unique name never handed out before in this sandbox (for repeated runs of one check)."""
        self._counter += 1
        return self.name(f"{short}-{self._counter}")

    def build(
        self,
        context: Path,
        short_name: str,
        build_args: Mapping[str, str] | None = None,
        dockerfile: str | None = None,
    ) -> BuiltImage:
        """Build ``context`` into a run-unique image; a failed build raises ``BuildFailed`` with the log."""
        tag = f"{self.name(short_name)}:latest"
        dockerfile = dockerfile or dockerfile_name(context)
        build_context.check(context, self.allowed_root, self.limits, dockerfile, build_args)
        arguments: dict[str, Any] = {
            "path": str(context),
            "dockerfile": dockerfile,
            "tag": tag,
            "buildargs": {**dict(build_args or {}), **self.proxy_environment()},
            "labels": self.labels,
            "rm": True,
            "forcerm": True,
            "pull": False,
            "timeout": int(self.limits.build_seconds) + 30,  # per read; bounded_build ends it at the deadline
            **self.limits.build_kwargs(),
        }
        if self.egress is not None:  # RUN steps go out only through the proxy
            arguments["network_mode"] = self.default_network().name
        built = self._build_retrying_lost_layers(arguments)
        tail = "\n".join(built.log.splitlines()[-_LOG_TAIL_LINES:])
        if built.timed_out:
            seconds = self.limits.build_seconds
            last = " ⏎ ".join(line.strip()[:160] for line in built.log.strip().splitlines()[-3:])
            raise StepTimedOut(f"{messages.text('timeout.build', seconds=seconds)}: {last}", seconds)
        if built.image_id is None:
            raise BuildFailed(messages.text("build.failed", error=built.error or "?"), tail)
        image = self.client.images.get(built.image_id)
        return BuiltImage(tag=tag, id=str(image.id), log=built.log, attrs=dict(image.attrs))

    def _build_retrying_lost_layers(self, arguments: dict[str, Any]) -> BuildOutcome:
        """One bounded build, again (``BUILD_ATTEMPTS`` in all) while it fails only on a cached layer that vanished."""
        for _attempt in range(BUILD_ATTEMPTS):
            try:
                built = bounded_build(self.client.api, self.limits.build_seconds, **arguments)
            except APIError as error:
                raise BuildFailed(messages.text("build.failed", error=error.explanation), str(error)) from error
            if built.image_id is None:  # a failed build's own layers are unlabelled cache: drop what nothing uses
                for layer in created_images(built.log):
                    _quietly(lambda i=layer: self.client.images.remove(i, force=False, noprune=False))
            if built.image_id is not None or built.timed_out or not LOST_CACHED_LAYER.search(built.error or ""):
                break
        return built

    def run(
        self,
        image: str,
        short_name: str,
        command: list[str] | None = None,
        ports: Iterable[int | str] = (),
        binds: Mapping[Path, str] | None = None,
        **options: Any,
    ) -> SandboxContainer:
        """Start a detached, limited, labelled container; ``ports`` are published on free host ports.

        ``binds`` maps host paths (confined to the submission) to container paths; any other
        docker-py ``containers.run`` option (env, user, network, volumes_from, entrypoint, …)
        passes through.
        """
        volumes = {str(self.confine(host)): {"bind": target, "mode": "rw"} for host, target in (binds or {}).items()}
        volumes.update(options.pop("volumes", {}) or {})
        settings: dict[str, Any] = {
            **self.limits.container_kwargs(),
            **options,
            "name": self.unique_name(short_name),
            "detach": True,
            "labels": self.labels,
            "ports": {_port_key(port): (endpoints.publish_ip(), None) for port in ports},
            "volumes": volumes,
        }
        self._confine_network(settings)
        container = cast(Container, self.client.containers.run(image, command, **settings))
        return SandboxContainer(container, self.limits, self.relay_for(container, settings["ports"]))

    def _confine_network(self, settings: dict[str, Any]) -> None:
        """Put a container on the run's internal network, with the proxy variables, unless it chose one."""
        if self.egress is None:
            return
        if "network" not in settings and "network_mode" not in settings:
            settings["network"] = self.default_network().name
        self.point_at_proxy(settings)

    def point_at_proxy(self, settings: dict[str, Any], no_proxy: Iterable[str] = ()) -> None:
        """A confined container's run settings: the proxy variables under its own, and quick failing lookups."""
        settings["environment"] = with_proxy(self.proxy_environment(no_proxy), settings.get("environment"))
        settings.update(confined_dns(settings, self.resolver(settings.get("network"))))

    def resolver(self, network: object) -> str | None:
        """The DNS server a confined container on ``network`` asks for names the engine does not know."""
        return self.egress.resolver(str(network)) if self.egress is not None and network else None

    def relay_for(self, container: Container, ports: Iterable[str]) -> relay.Relay | None:
        """A relay publishing ``ports`` of ``container`` when it sits on an internal network (else None); it stops
        when the sandbox closes, if not before."""
        wanted = list(ports)
        if self.egress is None or not wanted or not self.is_confined(container):
            return None
        found = relay.start(self.client, self.egress, container, wanted, self.labels)
        self._relays.append(found)
        return found

    def is_confined(self, container: Container) -> bool:
        """True when ``container`` is on networks of its own (not ``host``, ``none`` or another container's)."""
        container.reload()
        mode = str((container.attrs.get("HostConfig") or {}).get("NetworkMode", ""))
        return mode not in ("host", "none") and not mode.startswith("container:")

    @property
    def egress(self) -> egress_proxy.Egress | None:
        """The process's egress proxy (started on first use), or None when switched off."""
        labels = {LABEL_RUN: f"egress-{self.run_id}", LABEL_OWNER: owner_label()}
        return egress_proxy.shared(self.client, labels, f"dockgrade-egress-{self.run_id}")

    def default_network(self) -> Network:
        """The stand-in for the default bridge under the egress: the process's, shared by its gradings as the
        engine's own is (internal, the proxy on it); containers find each other there by address, not by the names
        the student gave them."""
        if self.egress is None:
            raise GraderError("the default bridge stands in only under the egress")
        return self.egress.default_bridge()

    def release_network(self, network: Network) -> None:
        """Take the proxy and the relays off ``network`` so the student's ``docker network rm`` works as usual."""
        network.reload()
        for container_id, endpoint in (network.attrs.get("Containers") or {}).items():
            if relay.is_helper_name(str(endpoint.get("Name", ""))):
                _quietly(lambda c=container_id: network.disconnect(c, force=True))

    def proxy_environment(self, no_proxy: Iterable[str] = ()) -> dict[str, str]:
        """``HTTP_PROXY`` and friends for builds and containers ({} without an egress)."""
        return self.egress.environment(no_proxy) if self.egress is not None else {}

    def run_to_completion(
        self, image: str, short_name: str, command: list[str] | None = None, **options: Any
    ) -> tuple[int, str]:
        """Run a container until it exits; return (exit code, stdout+stderr)."""
        container = self.run(image, short_name, command, **options)
        exit_code = container.wait()
        return exit_code, container.logs()

    def network(self, short_name: str, **options: Any) -> Network:
        """Create a labelled user-defined bridge network (internal, reaching out only through the proxy)."""
        return self.confined_network(self.name(short_name), **options)

    def confined_network(self, name: str, **options: Any) -> Network:
        """Create network ``name`` with the run's labels; with an egress it is internal and the proxy joins it."""
        if self.egress is not None:  # the student's driver and options kept; no way out but the proxy
            options = {
                **options,
                "internal": True,
                "options": {**(options.get("options") or {}), **egress_proxy.INTERNAL_ONLY},
            }
        labels = {**(options.pop("labels", None) or {}), **self.labels}
        network = self.client.networks.create(name, labels=labels, **options)
        if self.egress is not None:
            self.egress.attach(network)
        return network

    def volume(self, short_name: str) -> Volume:
        """Create a labelled named volume."""
        return self.client.volumes.create(name=self.name(short_name), labels=self.labels)

    def scratch_dir(self, short_name: str) -> Path:
        """An empty host folder, removed with the sandbox (stands in for folders Docker would create)."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix=f"dockgrade-{self.run_id}-"))
        folder = self._scratch / f"{len(list(self._scratch.iterdir()))}-{short_name}"
        folder.mkdir()
        folder.chmod(0o755)
        return folder

    def on_close(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` first when closing (e.g. ``compose down``); its failure never stops the cleanup."""
        self._on_close.append(callback)

    def track_image(self, reference: str) -> None:
        """Remember an image name created outside ``build`` (``docker tag``, ``pull``) for removal."""
        self._extra_images.append(reference)

    def confine(self, host_path: Path) -> Path:
        """Resolve ``host_path`` and refuse it when it leaves the submission (symlinks included)."""
        resolved = Path(host_path).resolve()
        if self.allowed_root and not resolved.is_relative_to(self.allowed_root):
            shown = shown_path(host_path, self.allowed_root)
            raise Refused(messages.text("policy.bind_outside", path=shown), shown)
        return resolved

    def _own(self) -> dict[str, str]:
        """The filter for every resource of this run."""
        return {"label": f"{LABEL_RUN}={self.run_id}"}

    def close(self) -> None:
        """Remove every resource of this run; safe to call twice and after failures."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        # Before compose's ``down --rmi local`` or anything else removes the images and their layers with them.
        build_cache.keep(self.client, _quietly(lambda: self.client.api.images(quiet=True, filters=self._own())))
        for callback in reversed(self._on_close):
            try:
                callback()
            except Exception:
                continue
        for found in self._relays:
            found.remove()
        remove_labelled(self.client, self._own()["label"], self._extra_images)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


# The legacy builder shares its cache between gradings: when one grading removes its image, the cached layers
# only it had used go too, and a build of another grading reusing one of them at that moment fails with
# "failed to set parent …: unknown parent image ID", or, when the layer went between the cache lookup and its
# use, "failed to get digest sha256:…: open …/imagedb/content/sha256/…: no such file or directory". Nothing is
# wrong with the Dockerfile: build again.
LOST_CACHED_LAYER = re.compile(
    r"failed to set parent|unknown parent image ID|No such image: sha256:"
    r"|failed to get digest sha256:\w+: open \S*/imagedb/content/sha256/\w+: no such file or directory"
)
BUILD_ATTEMPTS = 3


def dockerfile_name(context: Path) -> str:
    """``Dockerfile``, or the lowercase ``dockerfile`` the Docker CLI also accepts."""
    if not (context / "Dockerfile").is_file() and (context / "dockerfile").is_file():
        return "dockerfile"
    return "Dockerfile"


def remove_labelled(client: docker.DockerClient, label: str, extra_images: Iterable[str] = ()) -> None:
    """Remove containers, networks, volumes and images carrying ``label``; each removal on its own."""
    for container in _quietly(lambda: client.containers.list(all=True, sparse=True, filters={"label": label})):
        _quietly(lambda c=container: c.remove(force=True, v=True))
    for network in _quietly(lambda: client.networks.list(filters={"label": label})):
        _disconnect_all(network)  # the shared egress proxy (and anything left) would keep it in use
        _quietly(lambda n=network: n.remove())
    for volume in _quietly(lambda: client.volumes.list(filters={"label": label})):
        _quietly(lambda v=volume: v.remove(force=True))
    for reference in extra_images:
        _quietly(lambda r=reference: client.images.remove(r, force=True, noprune=False))
    # The low-level listing: images.list() inspects each image, and one removed meanwhile would break it.
    for image_id in _quietly(lambda: client.api.images(quiet=True, filters={"label": label})):
        _quietly(lambda i=image_id: client.images.remove(i, force=True))


def sweep(client: docker.DockerClient, everything: bool = False) -> list[str]:
    """Remove resources of runs whose owner process is gone (all dockgrade runs with ``everything``)."""
    dead = set()
    # sparse: no per-container inspect, so a container removed meanwhile (--rm) cannot break the sweep.
    for container in client.containers.list(all=True, sparse=True, filters={"label": LABEL_RUN}):
        labels = container.attrs.get("Labels") or {}
        if everything or not _owner_alive(labels.get(LABEL_OWNER, "")):
            dead.add(labels[LABEL_RUN])
    kinds = (client.networks, client.volumes)
    labelled = [resource.attrs for kind in kinds for resource in kind.list(filters={"label": LABEL_RUN})]
    # Images too: a run killed after a build but before any container leaves only its image.
    labelled += client.api.images(filters={"label": LABEL_RUN})
    for attrs in labelled:
        labels = attrs.get("Labels") or {}
        if everything or not _owner_alive(labels.get(LABEL_OWNER, "")):
            dead.add(labels[LABEL_RUN])
    for run_id in sorted(dead):
        remove_labelled(client, f"{LABEL_RUN}={run_id}")
    _remove_orphan_layers(client, everything)
    return sorted(dead)


def _remove_orphan_layers(client: docker.DockerClient, everything: bool) -> None:
    """Remove dangling build layers of dead runs that carry the owner label but no run id.

    The legacy builder commits one layer per build label, the owner's before the run's. When a concurrent build
    of the same Dockerfile reused that layer, removing one run's image cannot prune it, and once the other image
    is gone it dangles with no run id for ``remove_labelled`` to find.
    """
    for attrs in _quietly(lambda: client.api.images(filters={"dangling": True, "label": LABEL_OWNER})):
        labels = attrs.get("Labels") or {}
        if everything or not _owner_alive(labels.get(LABEL_OWNER, "")):
            _quietly(lambda i=attrs["Id"]: client.images.remove(i))


def remove_own_orphan_layers(client: docker.DockerClient) -> None:
    """At the end of a process (every sandbox closed): its own dangling build layers, as a sweep would later."""
    owner = {"dangling": True, "label": f"{LABEL_OWNER}={owner_label()}"}
    for image_id in _quietly(lambda: client.api.images(quiet=True, filters=owner)):
        _quietly(lambda i=image_id: client.images.remove(i))


def connect(timeout: int = 120) -> docker.DockerClient:
    """A client for the engine in the environment (DOCKER_HOST, contexts), or ``DockerUnavailable``."""
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except Exception as error:  # the SDK raises several unrelated types when no engine answers
        raise DockerUnavailable(messages.text("engine.unavailable", error=str(error))) from error
    return client


def start_egress_early() -> threading.Thread | None:
    """Start this process's egress proxy in the background (~1 s, while pytest collects), if it is switched on.

    The first sandbox that needs it waits for it; if it fails here, that sandbox tries again and says why.
    """
    if not egress_proxy.enabled():
        return None

    def start() -> None:
        with contextlib.suppress(Exception):
            run_id = new_run_id()
            labels = {LABEL_RUN: f"egress-{run_id}", LABEL_OWNER: owner_label()}
            egress_proxy.shared(connect(), labels, f"dockgrade-egress-{run_id}")

    thread = threading.Thread(target=start, name="dockgrade-egress-start", daemon=True)
    thread.start()
    return thread


def _owner_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's run (remote engine): never ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _disconnect_all(network: Network) -> None:
    _quietly(network.reload)
    for container_id in network.attrs.get("Containers") or {}:
        _quietly(lambda c=container_id: network.disconnect(c, force=True))


def confined_dns(settings: Mapping[str, Any], resolver: str | None = None) -> dict[str, list[str]]:
    """``dns`` and ``dns_opt`` for a container on dockgrade's internal networks (none for host, none or another's
    network). ``resolver`` is the proxy's address on the container's network, unless the student named a DNS
    server; the student's own options come first."""
    mode = str(settings.get("network_mode") or settings.get("network") or "")
    if mode in ("host", "none") or mode.startswith(("container:", "service:")):
        return {}
    own = [str(option) for option in settings.get("dns_opt") or []]
    chosen = {option.split(":")[0] for option in own}
    found = {"dns_opt": own + [option for option in CONFINED_DNS_OPTIONS if option.split(":")[0] not in chosen]}
    if resolver and not settings.get("dns"):
        found["dns"] = [resolver]
    return found


def with_proxy(proxy: Mapping[str, str], environment: Any) -> Any:
    """``environment`` (a dict or docker's ``KEY=value`` list) with the proxy variables under the student's own."""
    if isinstance(environment, dict):
        return {**proxy, **environment}
    return [f"{key}={value}" for key, value in proxy.items()] + list(environment or [])


def _port_key(port: int | str) -> str:
    return str(port) if "/" in str(port) else f"{port}/tcp"


def _quietly(action: Any) -> Any:
    try:
        return action() or []
    except (APIError, NotFound, requests.exceptions.RequestException):
        return []
