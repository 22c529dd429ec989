"""A student's compose project, run under a run-unique name from one normalised file, always torn down.

The student's files are merged exactly as compose would (``docker-compose.override.yml``
auto-loaded) by ``compose config``; dockgrade then rewrites that merged file: published ports go
to free ports on 127.0.0.1 (the student's choice is kept), every service, network, volume and built
image carries the run's labels, every service gets resource limits, and postgres gets
``POSTGRES_HOST_AUTH_METHOD=trust`` only when the student set neither a password nor a method.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from docker.models.containers import Container
from docker.types import IPAMConfig, IPAMPool

from dockgrade.compose import policy as compose_policy
from dockgrade.compose.command import ComposeCommand
from dockgrade.core import messages
from dockgrade.core.bounded import run_bounded
from dockgrade.core.errors import ImageUnavailable, Missing, Refused, StepTimedOut
from dockgrade.course.exercise import COMPOSE_FILES
from dockgrade.offline.images import ImageResolver
from dockgrade.offline.recipes import LABEL_STANDIN, WITHOUT_STANDIN, normalise_reference, split_reference
from dockgrade.runtime import build_context, endpoints, relay
from dockgrade.runtime.dockerfile import base_images_of
from dockgrade.runtime.sandbox import BUILD_ATTEMPTS, LOST_CACHED_LAYER, Sandbox, confined_dns, dockerfile_name

OVERRIDE_FILES = ("docker-compose.override.yml", "docker-compose.override.yaml")
COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_NETWORK = "com.docker.compose.network"
_TAIL = 15


@dataclass
class ComposeResult:
    """Exit code and output of one compose command (``stdout`` alone is machine-readable)."""

    exit_code: int
    output: str
    stdout: str = ""

    @property
    def tail(self) -> str:
        """The last lines, for feedback."""
        return "\n".join(self.output.strip().splitlines()[-_TAIL:])


@dataclass
class ProjectConfig:
    """The merged configuration and what dockgrade changed in it."""

    merged: dict[str, Any]
    declared_ports: dict[str, list[str]] = field(default_factory=dict)
    injected: list[str] = field(default_factory=list)


class ComposeProject:
    """One compose project of a submission (``folder`` holds its compose file)."""

    def __init__(
        self,
        sandbox: Sandbox,
        command: ComposeCommand,
        folder: Path,
        resolver: ImageResolver,
        files: list[str] | None = None,
        timeout: float | None = None,
        environment: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.command = command
        self.folder = folder.resolve()
        self.resolver = resolver
        self.files = files
        self.timeout = timeout if timeout is not None else sandbox.limits.compose_seconds
        # The grader's own environment changes per service (e.g. a wrong DB_NAME to prove it matters).
        self.environment = environment or {}
        self.name = sandbox.unique_name(f"p-{self.folder.name}")[-60:].strip("-_").lower()
        self.config: ProjectConfig | None = None
        self.started: ComposeResult | None = None
        # Services left out because their image exists nowhere here (mongo offline): name -> image.
        self.unavailable: dict[str, str] = {}
        # Shared by every lecture step graded on a final project (so earlier steps' messages may still be queued).
        self.shared = False
        self._normalised = self.sandbox.scratch_dir("compose") / "docker-compose.dockgrade.yml"
        self._relays: dict[str, relay.Relay] = {}
        sandbox.on_close(self.close)

    def compose_file(self) -> Path | None:
        """The student's main compose file."""
        return next((self.folder / name for name in COMPOSE_FILES if (self.folder / name).is_file()), None)

    def override_file(self) -> Path | None:
        """The student's override file, which compose loads by itself next to the main file."""
        names = (*OVERRIDE_FILES, "compose.override.yml", "compose.override.yaml")
        return next((self.folder / name for name in names if (self.folder / name).is_file()), None)

    def validate(self) -> ComposeResult:
        """``compose config -q`` on the student's files, as compose itself judges them."""
        problem = compose_policy.check_files(self._student_files(), self.folder, self.sandbox.limits).message
        if problem:
            return ComposeResult(1, problem)
        return self._run([*self._file_args(), "config", "-q"])

    def prepare(self) -> ProjectConfig:
        """Merge, police and rewrite the student's files; make every image the project names usable."""
        problem = compose_policy.check_files(self._student_files(), self.folder, self.sandbox.limits).message
        if problem:  # before compose reads them: a YAML bomb or a 1 GiB file would hang it
            raise Refused(problem, "compose")
        merged = self._run([*self._file_args(), "config"])
        if merged.exit_code != 0:
            raise Refused(messages.text("compose.merged_invalid", tail=merged.tail), "config")
        data = yaml.safe_load(merged.stdout) or {}
        self._refuse(compose_policy.refusals(data, self.folder, self.sandbox.limits))
        self._refuse(self._context_problems(data))
        self.config = self._rewrite(data)
        self._ensure_images(self.config.merged)
        self._normalised.write_text(yaml.safe_dump(self.config.merged, sort_keys=False), encoding="utf-8")
        return self.config

    def up(self, *extra: str) -> ComposeResult:
        """``up -d --build`` (plus e.g. ``--scale worker=3``) on the rewritten file."""
        if self.config is None:
            self.prepare()
        for _attempt in range(BUILD_ATTEMPTS):
            result = self._run(["-f", str(self._normalised), "up", "-d", "--build", *extra])
            # A cached layer removed by another grading's cleanup mid-build (see sandbox): up again.
            if result.exit_code == 0 or not LOST_CACHED_LAYER.search(result.output):
                break
        return result

    def close(self) -> None:
        """Record the dependencies the stand-ins swapped (their pip's own lines), then ``down`` whatever happens."""
        try:
            self.resolver.record_dependencies("\n".join(self._standin_output()))
        finally:
            self.down()

    def _standin_output(self) -> list[str]:
        """The output of ``up`` (builds included) and the logs of every container on a stand-in image.

        Each service's log is already bounded by its ``log_size`` limit (the log driver's own rotation).
        """
        found = [self.started.output if self.started else ""]
        labels = [f"com.docker.compose.project={self.name}", LABEL_STANDIN]
        for container in self.sandbox.client.containers.list(all=True, filters={"label": labels}):
            found.append(container.logs().decode("utf-8", "replace"))
        return found

    def down(self) -> ComposeResult:
        """``down -v --remove-orphans --rmi local -t 0``: always safe, also after a failed ``up``.

        Nothing is graded after ``down``, so there is no graceful stop to wait for: a service whose PID 1
        ignores SIGTERM (``bash -c "npm i && node …"``) would otherwise cost its stop timeout every time.
        """
        if not self._normalised.exists():
            return ComposeResult(0, "")
        return self._run(["-f", str(self._normalised), "down", "-v", "--remove-orphans", "--rmi", "local", "-t", "0"])

    def containers(self, service: str) -> list[Container]:
        """The containers of one service (all replicas, running or not)."""
        labels = [f"com.docker.compose.project={self.name}", f"com.docker.compose.service={service}"]
        found = self.sandbox.client.containers.list(all=True, filters={"label": labels})
        return sorted(found, key=lambda container: str(container.name))

    def services(self) -> dict[str, Any]:
        """The merged services (after ``prepare``)."""
        return dict((self.config.merged if self.config else {}).get("services") or {})

    def find_service(
        self, name: str | None = None, image: str | None = None, builds: bool = False, port: int | None = None
    ) -> str | None:
        """A service by name, else by role: the image it runs, whether it is built, or a container port it publishes.

        Students typo service names (``fronted``), so the role is the fallback, never the only way.
        """
        services = self.services()
        if name in services:
            return name
        for candidate, service in services.items():
            if image and _repository(service.get("image", "")) == image and not service.get("build"):
                return candidate
            if builds and service.get("build"):
                return candidate
            if port and any(str(port) == str(p.get("target")) for p in service.get("ports") or []):
                return candidate
        return None

    def host_port(self, service: str, target: int) -> int:
        """The free host port dockgrade published ``target`` of ``service`` on (through a relay when confined)."""
        containers = self.containers(service)
        if containers:
            containers[0].reload()
        ports = self._published(service, containers[0]) if containers else {}
        bindings = ports.get(f"{target}/tcp") or []
        if not bindings:
            declared = ", ".join(self.config.declared_ports.get(service, [])) if self.config else ""
            raise Missing(
                messages.text("compose.not_published", service=service, port=target, declared=declared or "-"),
                f"{target}",
                service,
            )
        return int(bindings[0]["HostPort"])

    def _published(self, service: str, container: Container) -> dict[str, Any]:
        """The container's published ports: its own, or those of the relay started for it on first use."""
        if self.sandbox.egress is None:
            return dict(container.attrs["NetworkSettings"]["Ports"] or {})
        if container.id not in self._relays:
            targets = [f"{p.get('target')}/tcp" for p in self.services().get(service, {}).get("ports") or []]
            found = self.sandbox.relay_for(container, targets) if container.status == "running" else None
            if found is None:
                return dict(container.attrs["NetworkSettings"]["Ports"] or {})
            self._relays[str(container.id)] = found
        return self._relays[str(container.id)].host_ports()

    def _rewrite(self, data: dict[str, Any]) -> ProjectConfig:
        config = ProjectConfig(data)
        data["name"] = self.name
        services = data.get("services") or {}
        for name, service in services.items():
            config.declared_ports[name] = [str(p.get("published", "")) for p in service.get("ports") or []]
            self._rewrite_service(name, service, config)
        _wait_for_databases(services)
        for section in ("networks", "volumes"):
            for item in (data.get(section) or {}).values():
                if isinstance(item, dict) and not item.get("external"):
                    item["labels"] = {**(item.get("labels") or {}), **self.sandbox.labels}
        if self.sandbox.egress is not None:
            self._confine(data)
        return config

    def _confine(self, data: dict[str, Any]) -> None:
        """Every network internal with the proxy on it, every build and service pointed at the proxy.

        dockgrade creates the project's networks itself (compose then finds them as external), so the proxy is on
        them before any service starts: the course's services install packages as they start.
        """
        networks = data.get("networks") or {}
        for key, item in networks.items():
            if isinstance(item, dict) and not item.get("external"):
                networks[key] = {"external": True, "name": self._create_network(key, item)}
        services = data.get("services") or {}
        proxy = self.sandbox.proxy_environment(_names_of(services))
        for service in services.values():
            service["environment"] = {**proxy, **_as_dict(service.get("environment"))}
            service.update(confined_dns(service, self.sandbox.resolver(_first_network(service, networks))))
            if isinstance(service.get("build"), dict):
                build = service["build"]
                build["network"] = str(self.sandbox.default_network().name)
                # Not the project's names: no service runs beside a build, and proxy arguments are part of the
                # legacy builder's cache key, which the same Dockerfile in another project should hit.
                build["args"] = {**self.sandbox.proxy_environment(), **_as_dict(build.get("args"))}

    def _create_network(self, key: str, item: dict[str, Any]) -> str:
        name = str(item.get("name") or f"{self.name}_{key}")
        labels = {**(item.get("labels") or {}), COMPOSE_PROJECT: self.name, COMPOSE_NETWORK: key}
        options: dict[str, Any] = {"driver": item.get("driver") or "bridge", "options": item.get("driver_opts") or {}}
        configs = (item.get("ipam") or {}).get("config") or []
        pools = [_ipam_pool(config) for config in configs if isinstance(config, dict)]
        if pools:
            options["ipam"] = IPAMConfig(pool_configs=pools)
        self.sandbox.confined_network(name, labels=labels, **options)
        return name

    def _rewrite_service(self, name: str, service: dict[str, Any], config: ProjectConfig) -> None:
        service["labels"] = {**(service.get("labels") or {}), **self.sandbox.labels}
        limits = self.sandbox.limits
        service.update(limits.compose_service())
        (service.get("deploy") or {}).pop("resources", None)  # would contradict mem_limit/cpus/pids_limit
        service["ports"] = [_private_port(port) for port in service.get("ports") or []]
        if isinstance(service.get("build"), dict):
            service["build"]["labels"] = {**(service["build"].get("labels") or {}), **self.sandbox.labels}
        if name in self.environment:
            service["environment"] = {**_as_dict(service.get("environment")), **self.environment[name]}
        if _repository(service.get("image", "")) == "postgres" and _needs_trust(service):
            service.setdefault("environment", {})["POSTGRES_HOST_AUTH_METHOD"] = "trust"
            config.injected.append(f"{name}: POSTGRES_HOST_AUTH_METHOD=trust")
        if "pull_policy" not in service and self.command.major >= 2:
            service["pull_policy"] = "missing"

    def _ensure_images(self, data: dict[str, Any]) -> None:
        services = data.get("services") or {}
        for name, service in list(services.items()):
            if service.get("image") and not service.get("build") and not self._available(service["image"]):
                self.unavailable[name] = service["image"]
                del services[name]
        for service in services.values():
            _forget_dependencies(service, set(self.unavailable))
            build = service.get("build")
            if isinstance(build, dict):
                context = Path(build.get("context", self.folder))
                dockerfile = context / build.get("dockerfile", dockerfile_name(context))
                references = base_images_of(dockerfile) if dockerfile.is_file() else []
            else:
                references = [service["image"]] if service.get("image") else []
            for reference in references:
                self._ensure(reference)

    def _ensure(self, reference: str) -> None:
        try:
            self.resolver.ensure(reference)
        except Exception:
            return

    def _available(self, reference: str) -> bool:
        """False only for a real image of a repository dockgrade has no stand-in for, with no registry."""
        try:
            self.resolver.ensure(reference)
        except ImageUnavailable:
            # Only a known course image without a stand-in is "unavailable"; a typo (nod:8.1) is the student's.
            return _repository(reference) not in WITHOUT_STANDIN
        return True

    def _refuse(self, refusals: list[str]) -> None:
        if refusals:
            raise Refused(messages.text("policy.refused", what="; ".join(refusals)), refusals[0])

    def _student_files(self) -> list[Path]:
        """Every file compose may load here (checked before compose reads them)."""
        names = self.files or [*COMPOSE_FILES, *OVERRIDE_FILES, "compose.override.yml", "compose.override.yaml"]
        return [self.folder / name for name in names]

    def _context_problems(self, data: dict[str, Any]) -> list[str]:
        problems = []
        for service in (data.get("services") or {}).values():
            build = service.get("build") if isinstance(service, dict) else None
            if isinstance(build, dict) and build.get("context"):
                context = Path(str(build["context"]))
                dockerfile = str(build.get("dockerfile") or "Dockerfile")
                args = {str(key): str(value) for key, value in (build.get("args") or {}).items() if value is not None}
                problem = build_context.first_problem(context, self.folder, self.sandbox.limits, dockerfile, args)
                problems += [problem.message] if problem else []
        return problems

    def _file_args(self) -> list[str]:
        files = [item for name in self.files or [] for item in ("-f", str(self.folder / name))]
        return ["--project-directory", str(self.folder), *files]

    def _environment(self) -> dict[str, str]:
        environment = compose_policy.grader_environment(self.folder)
        return _classic_builder(environment) if self.sandbox.egress is not None else environment

    def _run(self, arguments: list[str]) -> ComposeResult:
        argv = [*self.command.argv, "-p", self.name, *arguments]
        try:
            done = run_bounded(argv, self.folder, self.timeout, env=self._environment())
        except subprocess.TimeoutExpired as error:
            command = " ".join(arguments[-3:])
            raise StepTimedOut(
                messages.text("compose.timed_out", command=command, seconds=self.timeout), self.timeout
            ) from error
        return ComposeResult(done.returncode, (done.stdout or "") + (done.stderr or ""), done.stdout or "")


def _classic_builder(environment: dict[str, str]) -> dict[str, str]:
    """BuildKit builds only on the engine's own networks; the classic builder joins the run's internal one."""
    return {**environment, "DOCKER_BUILDKIT": "0"}


def _repository(image: str) -> str:
    return split_reference(normalise_reference(image))[0] if image else ""


def _needs_trust(service: dict[str, Any]) -> bool:
    keys = set(_as_dict(service.get("environment")))
    return not keys & {"POSTGRES_PASSWORD", "POSTGRES_PASSWORD_FILE", "POSTGRES_HOST_AUTH_METHOD"}


def _as_dict(environment: Any) -> dict[str, Any]:
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return dict(environment or {})


def _ipam_pool(config: dict[str, Any]) -> IPAMPool:
    return IPAMPool(subnet=config.get("subnet"), gateway=config.get("gateway"), iprange=config.get("ip_range"))


def _first_network(service: dict[str, Any], networks: dict[str, Any]) -> str | None:
    """The engine's name of a project network ``service`` joins (the proxy's address on any of them will do)."""
    if service.get("network_mode"):
        return None
    for key in service.get("networks") or {}:
        item = networks.get(key)
        if isinstance(item, dict) and item.get("name"):
            return str(item["name"])
    return None


def _names_of(services: dict[str, Any]) -> list[str]:
    """Every name a service answers to inside the project (they must not go to the proxy)."""
    names = list(services)
    for service in services.values():
        names += [str(service[key]) for key in ("container_name", "hostname") if service.get(key)]
        for network in (service.get("networks") or {}).values():
            names += [str(alias) for alias in ((network or {}).get("aliases") or [])]
    return names


def _private_port(port: dict[str, Any]) -> dict[str, Any]:
    """The same container port, published on a free port of the engine host's private address."""
    return {"target": port["target"], "host_ip": endpoints.publish_ip(), "protocol": port.get("protocol", "tcp")}


def _wait_for_databases(services: dict[str, Any]) -> None:
    """Start dependents of a postgres service only once it accepts connections.

    The course's apps connect once at start and crash if the database is still initialising;
    on the students' machines a slow ``pip install`` hid that race, here it would not. This
    only changes timing, never what the student's project does.
    """
    databases = {name for name, service in services.items() if _repository(service.get("image", "")) == "postgres"}
    for name in databases:
        services[name].setdefault("healthcheck", _PG_HEALTHCHECK)
    for service in services.values():
        depends = service.get("depends_on")
        if isinstance(depends, dict):
            for database in databases & set(depends):
                depends[database]["condition"] = "service_healthy"


_PG_HEALTHCHECK = {
    "test": ["CMD", "pg_isready", "-h", "127.0.0.1", "-q"],
    "interval": "1s",
    "timeout": "3s",
    "retries": 120,
}


def _forget_dependencies(service: dict[str, Any], removed: set[str]) -> None:
    depends = service.get("depends_on")
    if isinstance(depends, dict):
        for name in removed & set(depends):
            del depends[name]
    elif isinstance(depends, list):
        service["depends_on"] = [name for name in depends if name not in removed]
