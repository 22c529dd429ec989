"""The package indexes a course image is configured for, read from the image itself.

The host's configuration does not always say where ``apt-get``, ``npm install`` or ``pip install`` inside the
course's images will go: Docker Desktop on macOS or Windows has no apt sources, a GitHub Actions runner's are
Ubuntu's, many students have no npm of their own, and a host's npm or pip may point at a mirror the official
images know nothing of. The images do say it, so the egress also lets through what each course image it serves
is configured for: apt's sources, npm's registry, pip's indexes (its settings and its own default).

Only the course's base images are read (``debian``, ``node``, ``python``), and only when the engine's image under
that name is one a student cannot have made: pulled from a registry (it has a digest and no run's label) or
dockgrade's own stand-in. A student's build tagged ``node`` is never read, so no submission adds a host to the
list; nor is an address, only names. Each is read in a container with no network, bounded like the grader's
other execs, once per process and image id (~0.5 s): nothing is written outside Docker, as a grading promises.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import docker
from docker.errors import APIError, DockerException, NotFound

from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits
from dockgrade.offline.recipes import RECIPES, recipe_for
from dockgrade.runtime import grader_exec, package_indexes
from dockgrade.runtime.labels import LABEL_RUN

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

_READ: dict[str, list[str]] = {}
_READING: dict[str, threading.Lock] = {}
_READ_LOCK = threading.Lock()


def is_read(reference: str) -> bool:
    """True for a course image whose configuration the egress reads (``debian``, ``node``, ``python``)."""
    recipe = recipe_for(reference)
    return recipe is not None and recipe.name in READ_RECIPES


def present(client: docker.DockerClient) -> list[str]:
    """The course references this module reads that the engine already has (read once the proxy starts).

    One listing, no inspect per image: an image another grading removes meanwhile cannot fail it."""
    names = {str(tag) for image in client.api.images() for tag in image.get("RepoTags") or []}
    return sorted(
        name for recipe in RECIPES if recipe.name in READ_RECIPES for name in recipe.stands_for if name in names
    )


def hosts_of(
    client: docker.DockerClient,
    references: Iterable[str],
    labels: Mapping[str, str],
    stop: threading.Event | None = None,
) -> list[str]:
    """What all of ``references`` are configured for, read side by side (~0.5 s however many); once ``stop`` is
    set, no further image is read."""
    wanted = list(dict.fromkeys(references))
    if not wanted:
        return []
    with ThreadPoolExecutor(max_workers=min(len(wanted), 4), thread_name_prefix="dockgrade-indexes") as pool:
        found = pool.map(lambda reference: hosts(client, reference, labels, stop), wanted)
        return sorted({host for each in found for host in each})


def hosts(
    client: docker.DockerClient, reference: str, labels: Mapping[str, str], stop: threading.Event | None = None
) -> list[str]:
    """The package index hosts course image ``reference`` is configured for ([] when it is not the course's own
    or cannot be read, or ``stop`` is set before it is)."""
    recipe = recipe_for(reference)
    try:
        image = client.images.get(reference)
        trusted = recipe is not None and _course_made(client, image.attrs, recipe.image)
    except (NotFound, APIError):
        return []
    image_id = str(image.id)
    with _READ_LOCK:
        reading = _READING.setdefault(image_id, threading.Lock())
    with reading:  # one read per image, however many ask; other images are read meanwhile
        if trusted and image_id not in _READ and not (stop and stop.is_set()):
            configuration = _configuration(client, image_id, labels)
            if configuration is None:  # the engine failed us: nothing learnt, nothing kept
                return []
            _READ[image_id] = hosts_in(configuration)
        return list(_READ.get(image_id, []))


def _course_made(client: docker.DockerClient, attrs: Mapping[str, Any], standin: str) -> bool:
    """True for an image pulled from a registry or dockgrade's stand-in: never one a grading built."""
    if LABEL_RUN in ((attrs.get("Config") or {}).get("Labels") or {}):
        return False
    if attrs.get("RepoDigests"):
        return True
    try:
        return str(client.images.get(standin).id) == attrs.get("Id")
    except (NotFound, APIError):
        return False


def hosts_in(configuration: str) -> list[str]:
    """Every host an http(s) URL names in ``configuration``, comments left out (apt's sources keep a
    snapshot address commented out)."""
    lines = [line for line in configuration.splitlines() if not line.lstrip().startswith("#")]
    found = (package_indexes.host_of(url) for line in lines for url in _URL.findall(line))
    return sorted({host for host in found if host and not package_indexes.is_address(host)})


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
