"""What a compose project may not do; checked before compose reads the files and on the merged configuration.

Before compose runs (``check_files``): every file compose will load must be small, must not expand
into a YAML bomb (anchors and aliases), and may not pull in files from outside the submission
(``env_file``, ``extends``, ``include``) nor from the network (a remote ``include``, a URL or git build
context: see ``remote``). On the merged configuration (``refusals``): no privileged
service, added capabilities, devices, unconfined security options, sysctls, host or other containers'
namespaces (``network_mode: host`` included), bind mounts or build contexts or secrets outside the
submission, remote build contexts and Dockerfiles that download (``ADD <url>``), the Docker socket, SSH agent
forwarding, build caches, entitlements and privileged builds, volumes whose driver mounts a host folder,
external networks or volumes, fixed subnets, and more services or replicas than the limits allow.
``grader_environment`` keeps the grader's own environment (tokens, keys) out of compose's
``${VARIABLE}`` interpolation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dockgrade.core import messages
from dockgrade.core.limits import Limits, shown_size, size_bytes
from dockgrade.core.shown_paths import shown_path
from dockgrade.runtime.dockerfile import remote_sources
from dockgrade.runtime.remote import is_image, is_remote

_FORBIDDEN_KEYS = (
    "privileged",
    "cap_add",
    "devices",
    "device_cgroup_rules",
    "security_opt",
    "sysctls",
    "cgroup_parent",
    "oom_kill_disable",
    "gpus",
    "credential_spec",
)
_HOST_MODES = ("pid", "ipc", "uts", "userns_mode", "network_mode", "cgroup")
_SOCKET = "docker.sock"
_FILE_KEYS = ("env_file", "label_file")
# What compose itself needs from the grader's environment; everything else stays out of ${…} interpolation.
_ENVIRONMENT = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "XDG_RUNTIME_DIR")
_DOCKER_ENVIRONMENT = (
    "DOCKER_HOST",
    "DOCKER_CONTEXT",
    "DOCKER_CONFIG",
    "DOCKER_CERT_PATH",
    "DOCKER_TLS_VERIFY",
    "DOCKER_API_VERSION",
    "DOCKER_DEFAULT_PLATFORM",
)


def refusals(config: dict[str, Any], folder: Path, limits: Limits | None = None) -> list[str]:
    """Plain-words reasons to refuse the merged project (empty when it may run)."""
    limits = limits or Limits()
    allowed = folder.resolve()
    services = config.get("services") or {}
    found = _count_refusals(services, limits)
    for name, service in services.items():
        found += _service_refusals(str(name), service or {}, allowed)
    found += _resource_refusals(config, allowed)
    return found


@dataclass
class FileCheck:
    """What the student's files hold before compose reads them: safety refusals, and YAML that does not parse."""

    refused: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """The student-facing sentence ("" when compose may read the files); safety first."""
        if self.refused:
            return messages.text("policy.refused", what="; ".join(self.refused))
        return "; ".join(self.invalid)


def check_files(paths: Iterable[Path], root: Path, limits: Limits | None = None) -> FileCheck:
    """Check the student's own files before compose reads them (size, YAML bombs, outside files, syntax)."""
    limits = limits or Limits()
    found = FileCheck()
    queue, seen = [Path(path) for path in paths], set[Path]()
    while queue and len(seen) < 20:
        path = queue.pop(0)
        if path.resolve() in seen or not path.is_file():
            continue
        seen.add(path.resolve())
        refused, invalid, data = _load_bounded(path, limits)
        found.refused += refused
        found.invalid += invalid
        if data is not None:
            outside, included = _referenced_files(data, path.parent, root.resolve())
            found.refused += outside
            queue += included
    return found


def file_refusals(paths: Iterable[Path], root: Path, limits: Limits | None = None) -> list[str]:
    """Every problem ``check_files`` finds, safety refusals first."""
    checked = check_files(paths, root, limits)
    return checked.refused + checked.invalid


def grader_environment(folder: Path | None = None, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment compose runs with: what it needs to find the engine, nothing the instructor keeps secret.

    ``PWD`` is the project's folder, as for a student running compose there (``${PWD}/html:…``).
    """
    environ = dict(os.environ if environ is None else environ)
    kept = {key: environ[key] for key in (*_ENVIRONMENT, *_DOCKER_ENVIRONMENT) if key in environ}
    if folder is not None:
        kept["PWD"] = str(folder)
    if environ.get("DOCKER_HOST", "").startswith("ssh://") and "SSH_AUTH_SOCK" in environ:
        kept["SSH_AUTH_SOCK"] = environ["SSH_AUTH_SOCK"]  # the engine is reached over SSH (Gradescope)
    return kept


def expanded_nodes(node: yaml.Node, limit: int) -> int:
    """How many nodes ``node`` stands for once every alias is expanded (``limit + 1`` as soon as it is over)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    visiting: set[int] = set()
    while stack:
        current, done = stack.pop()
        key = id(current)
        if key in sizes and not done:
            continue
        children = list(_children(current))
        if not done:
            if key in visiting:
                return limit + 1  # an alias inside its own anchor: infinite
            visiting.add(key)
            stack.append((current, True))
            stack += [(child, False) for child in children if id(child) not in sizes]
            continue
        visiting.discard(key)
        sizes[key] = 1 + sum(sizes.get(id(child), limit + 1) for child in children)
        if sizes[key] > limit:
            return limit + 1
    return sizes[id(node)]


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _load_bounded(path: Path, limits: Limits) -> tuple[list[str], list[str], Any]:
    """(refusals, syntax errors, data): too big and YAML bombs are refused; broken YAML is the student's mistake."""
    limit = size_bytes(limits.compose_file_size)
    size = path.stat().st_size
    if size > limit:
        shown = {"size": shown_size(size), "limit": shown_size(limit)}
        return [messages.text("policy.compose.file_too_big", file=path.name, **shown)], [], None
    try:
        nodes = list(yaml.compose_all(path.read_bytes(), Loader=yaml.SafeLoader))
    except RecursionError:
        return [messages.text("policy.compose.yaml_bomb", file=path.name, limit=limits.yaml_nodes)], [], None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [], [messages.text("policy.compose.yaml_invalid", file=path.name, error=first)], None
    if sum(expanded_nodes(node, limits.yaml_nodes) for node in nodes) > limits.yaml_nodes:
        return [messages.text("policy.compose.yaml_bomb", file=path.name, limit=limits.yaml_nodes)], [], None
    return [], [], yaml.safe_load(path.read_bytes())


def _referenced_files(data: Any, folder: Path, root: Path) -> tuple[list[str], list[Path]]:
    """Files outside ``root`` that the compose file pulls in, and the compose files it includes or extends."""
    outside: list[str] = []
    included: list[Path] = []
    if not isinstance(data, dict):
        return outside, included
    references: list[tuple[str, str, str]] = []  # (service, setting, path as written)
    for entry in _as_list(data.get("include")):
        for path in _as_list(entry.get("path") if isinstance(entry, dict) else entry):
            references.append(("include", "include", str(path)))
    for name, service in (data.get("services") or {}).items():
        if not isinstance(service, dict):
            continue
        for key in _FILE_KEYS:
            for entry in _as_list(service.get(key)):
                path = str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)
                references.append((str(name), key, path))
        extends = service.get("extends")
        if isinstance(extends, dict) and extends.get("file"):
            references.append((str(name), "extends", str(extends["file"])))
        outside += _build_problems(str(name), service.get("build"), folder, root)
    for name, key, path in references:
        if is_remote(path):
            outside.append(messages.text("policy.remote_file", where=f"{name}: {key}", source=path))
        elif not _inside(folder / path, root):
            outside.append(_outside_text(name, key, folder / path, root))
        elif key in ("include", "extends"):
            included.append(folder / path)
    return outside, included


def _count_refusals(services: dict[str, Any], limits: Limits) -> list[str]:
    found = []
    if len(services) > limits.compose_services:
        found.append(
            messages.text("policy.compose.too_many_services", count=len(services), limit=limits.compose_services)
        )
    for name, service in services.items():
        service = service or {}
        replicas = max(_number(service.get("scale")), _number((service.get("deploy") or {}).get("replicas")))
        if replicas > limits.replicas:
            found.append(
                messages.text("policy.compose.too_many_replicas", service=name, count=replicas, limit=limits.replicas)
            )
    return found


def _service_refusals(name: str, service: dict[str, Any], allowed: Path) -> list[str]:
    found = [
        messages.text("policy.compose.key", service=name, setting=key) for key in _FORBIDDEN_KEYS if service.get(key)
    ]
    for key in _HOST_MODES:
        value = str(service.get(key) or "")
        if value == "host" or value.startswith("container:"):
            found.append(messages.text("policy.compose.host_mode", service=name, setting=key, value=value))
    found += [
        messages.text("policy.compose.host_mode", service=name, setting="volumes_from", value=source)
        for source in _as_list(service.get("volumes_from"))
        if str(source).startswith("container:")
    ]
    found += _mount_problems(name, service, allowed)
    found += _build_problems(name, service.get("build"), allowed, allowed)
    return found


def _mount_problems(name: str, service: dict[str, Any], allowed: Path) -> list[str]:
    problems = []
    for volume in service.get("volumes") or []:
        if not isinstance(volume, dict) or volume.get("type") != "bind":
            continue
        source = str(volume.get("source", ""))
        if _SOCKET in source:
            problems.append(f"{name}: {messages.text('policy.docker_socket', spec=source)}")
        elif not _inside(Path(source), allowed):
            shown = shown_path(source, allowed)
            problems.append(messages.text("policy.compose.bind_outside", service=name, source=shown))
    return problems


def _build_problems(name: str, build: Any, folder: Path, allowed: Path) -> list[str]:
    """What a service's ``build`` may not do (``folder``: where its relative paths start)."""
    if isinstance(build, str):
        build = {"context": build}
    if not isinstance(build, dict):
        return []
    remote = _remote_build_problems(name, build)
    if remote:
        return remote
    problems = []
    context = folder / str(build.get("context") or ".")
    paths = {"build.context": context, "build.dockerfile": context / str(build.get("dockerfile") or "Dockerfile")}
    for key, value in (build.get("additional_contexts") or {}).items():
        if not str(value).startswith("service:"):
            paths[f"build.additional_contexts.{key}"] = context / str(value)
    for key, path in paths.items():
        if not _inside(path, allowed):
            problems.append(_outside_text(name, key, path, allowed))
    # ssh: the grader's agent; cache_from/cache_to: a registry, a URL or a host folder read or written by the
    # builder; entitlements/privileged: a build step on the host's network or with every capability.
    for key in ("ssh", "cache_from", "cache_to", "entitlements", "privileged"):
        if build.get(key):
            problems.append(messages.text("policy.compose.key", service=name, setting=f"build.{key}"))
    if str(build.get("network") or "") == "host":
        problems.append(messages.text("policy.compose.host_mode", service=name, setting="build.network", value="host"))
    return problems


def _remote_build_problems(name: str, build: dict[str, Any]) -> list[str]:
    """What the engine would fetch for a build: a remote context, Dockerfile or additional context, an inline ADD."""
    problems = []
    if is_remote(str(build.get("context") or "")):
        problems.append(messages.text("policy.remote_context", where=f"{name}: build.context", source=build["context"]))
    if is_remote(str(build.get("dockerfile") or "")):
        problems.append(
            messages.text("policy.remote_file", where=f"{name}: build.dockerfile", source=build["dockerfile"])
        )
    for key, value in (build.get("additional_contexts") or {}).items():
        if is_remote(str(value)) and not is_image(str(value)):
            where = f"{name}: build.additional_contexts.{key}"
            problems.append(messages.text("policy.remote_context", where=where, source=value))
    args = {str(key): str(value) for key, value in _as_dict(build.get("args")).items() if value is not None}
    for source in remote_sources(str(build.get("dockerfile_inline") or ""), args):
        problems.append(messages.text("policy.remote_add", file=f"{name}: build.dockerfile_inline", source=source))
    return problems


def _resource_refusals(config: dict[str, Any], allowed: Path) -> list[str]:
    found = []
    for kind in ("networks", "volumes", "secrets", "configs"):
        for name, item in (config.get(kind) or {}).items():
            item = item or {}
            if item.get("external"):
                found.append(messages.text("policy.compose.external", kind=kind, name=name))
            if item.get("file") and not _inside(Path(str(item["file"])), allowed):
                found.append(_outside_text(name, f"{kind}.file", item["file"], allowed))
            if item.get("environment"):
                found.append(messages.text("policy.compose.key", service=name, setting=f"{kind}.environment"))
    for name, network in (config.get("networks") or {}).items():
        network = network or {}
        if network.get("ipam") or network.get("driver_opts") or network.get("driver") not in (None, "bridge"):
            found.append(messages.text("policy.compose.network", name=name))
    for name, volume in (config.get("volumes") or {}).items():
        volume = volume or {}
        if volume.get("driver_opts") or volume.get("driver") not in (None, "local"):
            device = (volume.get("driver_opts") or {}).get("device", volume.get("driver"))
            found.append(messages.text("policy.compose.volume_bind", volume=name, device=device))
    return found


def _outside_text(service: object, setting: str, path: object, root: Path) -> str:
    shown = shown_path(str(path), root)
    return messages.text("policy.compose.file_outside", service=service, setting=setting, path=shown)


def _inside(path: Path, allowed: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(allowed)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        pairs = (str(item).partition("=") for item in value)
        return {key: text if sep else None for key, sep, text in pairs}
    return dict(value) if isinstance(value, dict) else {}


def _number(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
