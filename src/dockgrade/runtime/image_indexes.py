"""The package indexes a course image is configured for, read from the image itself.

The host's configuration does not always say where ``apt-get``, ``npm install`` or ``pip install`` inside the
course's images will go: Docker Desktop on macOS or Windows has no apt sources, a GitHub Actions runner's are
Ubuntu's, many students have no npm of their own, and a host's npm or pip may point at a mirror the official
images know nothing of. The images do say it, so the egress also lets through what each course image it serves
is configured for: apt's sources, npm's registry, pip's indexes (its settings and its own default).

Only the course's base images are read (``debian``, ``node``, ``python``: official or stand-in, never a
student's), in a container with no network, bounded like the grader's other execs. An image id names its
content, so what one says is kept on disk under its id (``$XDG_CACHE_HOME/dockgrade``, ``~/.cache/dockgrade``
by default) and read once per machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import docker
from docker.errors import APIError, DockerException, NotFound

from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits
from dockgrade.core.settings import Settings
from dockgrade.offline.recipes import recipe_for
from dockgrade.runtime import grader_exec, package_indexes

# The stand-in recipes whose images install packages at build or run time.
READ_RECIPES = frozenset({"debian", "node", "python"})
_LIMITS = Limits(exec_seconds=20.0, exec_output="64k")
_PIP_SETTINGS = """
try:
    from pip._internal.configuration import Configuration
    found = Configuration(isolated=False)
    found.load()
    for key, value in found.items():
        if key.rsplit(".", 1)[-1] in ("index-url", "extra-index-url"):
            print(value)
except Exception:
    pass
try:
    from pip._internal.models.index import PyPI
    print(PyPI.url)
    print("https://" + PyPI.file_storage_domain + "/")
except Exception:
    pass
"""
# Fixed, ours: the sources apt reads, then npm's and pip's answers where the image has them.
_SCRIPT = f"""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do [ -f "$f" ] && cat "$f"; done
command -v npm >/dev/null 2>&1 && npm config get registry
for python in python3 python; do
  command -v "$python" >/dev/null 2>&1 && exec "$python" -c '{_PIP_SETTINGS}'
done
true
"""
_QUIET_NPM = {"npm_config_update_notifier": "false", "npm_config_logs_max": "0", "npm_config_fund": "false"}
_URL = re.compile(r"https?://[^\s\"'<>]+")

_READ_LOCK = threading.Lock()


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where what each image says is kept, one file per image id (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    home = Settings.from_environment(environ).cache_home
    return (Path(home) if home else Path.home() / ".cache") / "dockgrade" / "image-indexes"


def is_read(reference: str) -> bool:
    """True for a course image whose configuration the egress reads (``debian``, ``node``, ``python``)."""
    recipe = recipe_for(reference)
    return recipe is not None and recipe.name in READ_RECIPES


def hosts(
    client: docker.DockerClient, reference: str, labels: Mapping[str, str], cache: Path | None = None
) -> list[str]:
    """The package index hosts ``reference`` is configured for ([] when it cannot be read)."""
    try:
        image_id = str(client.images.get(reference).id)
    except (NotFound, APIError):
        return []
    kept = (cache or cache_dir()) / f"{image_id.replace(':', '-')}.json"
    with _READ_LOCK:
        known = _kept_hosts(kept)
        if known is None:
            configuration = _configuration(client, image_id, labels)
            if configuration is None:  # the engine failed us: nothing learnt, nothing kept
                return []
            known = hosts_in(configuration)
            _keep(kept, known)
        return known


def hosts_in(configuration: str) -> list[str]:
    """Every host an http(s) URL names in ``configuration``, comments left out (apt's sources keep a
    snapshot address commented out)."""
    lines = [line for line in configuration.splitlines() if not line.lstrip().startswith("#")]
    found = (package_indexes.host_of(url) for line in lines for url in _URL.findall(line))
    return sorted({host for host in found if host})


def _configuration(client: docker.DockerClient, image_id: str, labels: Mapping[str, str]) -> str | None:
    """What the image's apt, npm and pip are configured for, as they print it (None: not read)."""
    try:
        container = client.containers.create(
            image_id, ["sleep", "60"], entrypoint=[], labels=dict(labels), network_mode="none", user="0"
        )
    except (APIError, DockerException):
        return None
    try:
        container.start()
        return grader_exec.run(container, ["sh", "-c", _SCRIPT], limits=_LIMITS, environment=_QUIET_NPM)[1]
    except (APIError, DockerException, StepTimedOut, TooMuchOutput):
        return None
    finally:
        with contextlib.suppress(APIError, NotFound):
            container.remove(force=True)


def _kept_hosts(path: Path) -> list[str] | None:
    try:
        hosts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(hosts, list) and all(isinstance(host, str) and package_indexes.is_host(host) for host in hosts)
    return hosts if valid else None


def _keep(path: Path, hosts: list[str]) -> None:
    """Written whole or not at all (another grading process may read it meanwhile); no cache is no error."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(hosts, file)
        os.replace(scratch, path)
