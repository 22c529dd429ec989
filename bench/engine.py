"""The raw floor's tools: Docker operations through the SDK (and compose through its CLI), nothing else.

No grader around them: no transcript, no inspect after every step, no policy, no feedback. Waits poll every
100 ms (dockgrade's own cadence); removals kill (``down -t 0``, ``remove(force=True)``). Everything carries the
label ``dgbench.run=<id>``, so ``remove_labelled`` can also clear what a killed run left.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import docker
import requests
import yaml
from docker.errors import APIError, NotFound
from docker.models.containers import Container

LABEL = "dgbench.run"
PAUSE = 0.1  # faster polling only loads the engine: an exec costs ~0.1 s of daemon time
T = TypeVar("T")

# The limits dockgrade gives every container (dockgrade.limits.Limits), so both run the same containers.
LIMITS: dict[str, Any] = {"mem_limit": "512m", "pids_limit": 256, "nano_cpus": 1_000_000_000}
COMPOSE_LIMITS: dict[str, Any] = {"mem_limit": "512m", "pids_limit": 256, "cpus": 1.0}
# The readiness dockgrade adds to postgres services (compose_project._wait_for_databases).
PG_HEALTHCHECK = {
    "test": ["CMD", "pg_isready", "-h", "127.0.0.1", "-q"],
    "interval": "1s",
    "timeout": "3s",
    "retries": 120,
}


def until(probe: Callable[[], T | None], timeout: float = 90.0, what: str = "condition") -> T:
    """Poll ``probe`` (exceptions count as "not yet") until it returns something, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            value = probe()
            if value is not None and value is not False:
                return value
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(PAUSE)


def answer(url: str, data: dict[str, str] | None = None, timeout: float = 90.0) -> requests.Response:
    """One wait for a port: GET (or POST) until something other than a 5xx gateway error answers."""

    def attempt() -> requests.Response | None:
        response = requests.post(url, data=data, timeout=3) if data is not None else requests.get(url, timeout=3)
        return None if response.status_code in (502, 503, 504) else response

    return until(attempt, timeout, url)


class Engine:
    """One floor run's Docker resources."""

    def __init__(self, client: docker.DockerClient, run_id: str) -> None:
        self.client = client
        self.run_id = run_id
        self.labels = {LABEL: run_id}
        self.images: list[str] = []
        self.kept: set[str] = set()  # image ids a later exercise uses (built once per run)

    def name(self, short: str) -> str:
        return f"dgbench-floor-{self.run_id}-{short}"

    def run(
        self,
        image: str,
        command: list[str] | str | None = None,
        short: str = "c",
        ports: tuple[int, ...] = (),
        **options: Any,
    ) -> Container:
        """create + start, detached, with the ports on free 127.0.0.1 ports."""
        container = self.client.containers.create(
            image,
            command,
            name=self.name(short),
            labels=self.labels,
            ports={f"{p}/tcp": ("127.0.0.1", None) for p in ports},
            **{**LIMITS, **options},
        )
        container.start()
        return container

    def foreground(
        self, image: str, command: list[str] | str | None = None, short: str = "fg", **options: Any
    ) -> tuple[Container, int, str]:
        """run without -d: start, wait for the exit, read the output."""
        container = self.run(image, command, short, **options)
        code = int(container.wait(timeout=60).get("StatusCode", -1))
        return container, code, container.logs().decode("utf-8", "replace")

    def build(self, folder: Path, short: str, buildargs: dict[str, str] | None = None) -> str:
        tag = f"{self.name(short)}:latest"
        self.client.images.build(
            path=str(folder), tag=tag, buildargs=buildargs or {}, labels=self.labels, rm=True, forcerm=True, pull=False
        )
        self.images.append(tag)
        return tag

    def url(self, container: Container, port: int, path: str = "/") -> str:
        container.reload()
        return f"http://127.0.0.1:{container.ports[f'{port}/tcp'][0]['HostPort']}{path}"

    def read_file(self, container: Container, path: str) -> bytes:
        stream, _ = container.get_archive(path)
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as archive:
            member = archive.next()
            handle = archive.extractfile(member) if member else None
            return handle.read() if handle else b""

    def remove(self, *containers: Container) -> None:
        for container in containers:
            with contextlib.suppress(APIError, NotFound):
                container.remove(force=True, v=True)

    def close(self, final: bool = False) -> None:
        """Remove everything labelled with this run (containers, networks, volumes, images but the kept ones)."""
        remove_labelled(self.client, f"{LABEL}={self.run_id}", set() if final else self.kept)


def exec_in(container: Container, command: list[str]) -> tuple[int, str]:
    result = container.exec_run(command)
    return int(result.exit_code or 0), (result.output or b"").decode("utf-8", "replace")


class Project:
    """A compose project run from the student's files plus one override: free ports, labels, limits, pg health."""

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        short: str,
        files: tuple[str, ...] = (),
        environment: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.engine = engine
        self.folder = folder
        self.name = engine.name(short).lower()
        names = files or tuple(
            n for n in ("docker-compose.yml", "docker-compose.override.yml") if (folder / n).is_file()
        )
        self._scratch = Path(tempfile.mkdtemp(prefix="dgbench-floor-"))
        override = self._scratch / "floor.yml"
        override.write_text(self._override(names, environment or {}), encoding="utf-8")
        self.argv = ["docker", "compose", "-p", self.name, "--project-directory", str(folder)]
        self.argv += [arg for name in names for arg in ("-f", str(folder / name))] + ["-f", str(override)]

    def compose(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.argv, *args], capture_output=True, text=True, timeout=300, check=False)

    def up(self, *args: str) -> None:
        done = self.compose("up", "-d", "--build", *args)
        if done.returncode != 0:
            raise RuntimeError(f"up failed: {done.stderr[-400:]}")

    def down(self) -> None:
        self.compose("down", "-v", "--remove-orphans", "--rmi", "local", "-t", "0")

    def containers(self, service: str) -> list[Container]:
        labels = [f"com.docker.compose.project={self.name}", f"com.docker.compose.service={service}"]
        found = self.engine.client.containers.list(all=True, filters={"label": labels})
        return sorted(found, key=lambda c: str(c.name))

    def url(self, service: str, port: int, path: str = "/") -> str:
        return self.engine.url(self.containers(service)[0], port, path)

    def exec(self, service: str, command: list[str], replica: int = 0) -> tuple[int, str]:
        return exec_in(self.containers(service)[replica], command)

    def logs(self, service: str) -> list[str]:
        return [c.logs().decode("utf-8", "replace") for c in self.containers(service)]

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self.exec("db", ["psql", "-U", "postgres", "-d", database, "-At", "-c", sql])[1]

    def wait_postgres(self) -> None:
        until(lambda: self.exec("db", ["pg_isready", "-h", "127.0.0.1", "-q"])[0] == 0, 60, "pg_isready")

    def _override(self, names: tuple[str, ...], environment: dict[str, dict[str, str]]) -> str:
        services: dict[str, dict[str, Any]] = {}
        for name in names:
            loaded = yaml.safe_load((self.folder / name).read_text(encoding="utf-8")) or {}
            for service, spec in (loaded.get("services") or {}).items():
                services.setdefault(service, {}).update(spec or {})
        databases = {s for s, spec in services.items() if str(spec.get("image", "")).startswith("postgres")}
        lines = ["services:"]
        for service, spec in services.items():
            lines.append(f"  {service}:")
            extra: dict[str, Any] = {"labels": self.engine.labels, **COMPOSE_LIMITS}
            if service in databases:
                extra["healthcheck"] = PG_HEALTHCHECK
            if service in environment:
                extra["environment"] = environment[service]
            lines += [f"    {line}" for line in yaml.safe_dump(extra, sort_keys=False).splitlines()]
            if spec.get("ports"):
                targets = [str(p).rsplit(":", 1)[-1] for p in spec["ports"]]
                lines.append("    ports: !override [" + ", ".join(f'"127.0.0.1::{t}"' for t in targets) + "]")
            depends = spec.get("depends_on") or []
            if databases & set(depends):
                conditions = {
                    d: {"condition": "service_healthy" if d in databases else "service_started"} for d in depends
                }
                lines.append(f"    depends_on: !override {yaml.safe_dump(conditions, default_flow_style=True).strip()}")
        return "\n".join(lines) + "\n"


@contextlib.contextmanager
def project(engine: Engine, folder: Path, short: str, *up_args: str, **options: Any) -> Iterator[Project]:
    """A project that is up inside the block and down (always) after it."""
    started = Project(engine, folder, short, **options)
    try:
        started.up(*up_args)
        yield started
    finally:
        started.down()


def remove_labelled(client: docker.DockerClient, label: str, keep: set[str] | frozenset[str] = frozenset()) -> None:
    """Containers, then compose projects, networks, volumes, images carrying ``label``."""
    projects = set()
    for container in client.containers.list(all=True, filters={"label": label}):
        projects.add((container.labels or {}).get("com.docker.compose.project", ""))
        with contextlib.suppress(APIError, NotFound):
            container.remove(force=True, v=True)
    for name in sorted(projects - {""}):
        subprocess.run(
            ["docker", "compose", "-p", name, "down", "-v", "--rmi", "local", "-t", "0"],
            capture_output=True,
            timeout=120,
            check=False,
        )
    for network in client.networks.list(filters={"label": label}):
        with contextlib.suppress(APIError, NotFound):
            network.remove()
    for volume in client.volumes.list(filters={"label": label}):
        with contextlib.suppress(APIError, NotFound):
            volume.remove(force=True)
    for image in client.images.list(filters={"label": label}):
        if image.id in keep:
            continue
        with contextlib.suppress(APIError, NotFound):
            client.images.remove(image.id, force=True)
