"""The legacy builder's cache, kept from one grading to the next and bounded.

The legacy builder (the SDK's builds; compose's builds under the egress, which BuildKit cannot confine) reuses a
step when an image with the same parent and instruction exists. Those images are the built image's own
ancestors, and they went with it when a grading removed its image: every grading ran its ``pip install`` or
``npm install`` again, where BuildKit's cache keeps them. dockgrade's labels (the run's, the owner's, compose's)
are the last steps of a build, one each, so the layer right before them depends only on the Dockerfile, its build
arguments and its context. Tagged ``dockgrade-cache:<id>``, that layer and its ancestors outlive the image and
serve the next identical build; a step is reused only by a build whose steps up to it are the same, on the same files.

An entry whose own steps added more than ``ENTRY_BYTES`` is not kept (a build that fills the disk stays no longer
than its grading). At most ``ENTRIES`` are kept, the least recently built going first (each build that ends on an
entry tags it again); ``dockgrade clean`` removes them all. They carry no run label: they belong to no grading, as
the stand-in base images and BuildKit's cache do not.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

import docker
import requests
from docker.errors import APIError, NotFound

from dockgrade.runtime.labels import LABEL_OWNER, LABEL_RUN

T = TypeVar("T")

REPOSITORY = "dockgrade-cache"
ENTRIES = 32
ENTRY_BYTES = 1 << 30
# Labels a build adds after the Dockerfile's own steps: dockgrade's and compose's.
ADDED_LABEL_PREFIXES = (LABEL_RUN, LABEL_OWNER, "com.docker.compose.")
_MAX_LABEL_STEPS = 32
_MAX_OWN_STEPS = 256
_FRACTION = re.compile(r"\.(\d+)")


def keep(client: docker.DockerClient, image_ids: Iterable[str]) -> list[str]:
    """Tag the last own layer of each built image as a cache entry, then evict past ``ENTRIES``; the tags made."""
    tagged = []
    for image_id in image_ids:
        layer = _quietly(partial(last_own_layer, client.api, image_id))
        if layer and _quietly(partial(client.api.tag, layer, REPOSITORY, entry_tag(layer))):
            tagged.append(f"{REPOSITORY}:{entry_tag(layer)}")
    if tagged:
        evict(client, ENTRIES)
    return tagged


def last_own_layer(api: docker.APIClient, image_id: str) -> str | None:
    """The layer before the labels the build added: a legacy build's own last step (None: nothing to keep).

    BuildKit's images and images not built here have no parent; a layer with another tag (a base image, a
    student's ``docker tag``) is kept by that tag already.
    """
    current = _inspect(api, image_id)
    steps = 0
    while _has_added_label(current) and current.get("Parent") and steps < _MAX_LABEL_STEPS:
        current, steps = _inspect(api, current["Parent"]), steps + 1
    if _has_added_label(current) or not current.get("Parent"):
        return None
    if _other_tags(current) or added_bytes(api, current) > ENTRY_BYTES:
        return None
    return str(current["Id"])


def added_bytes(api: docker.APIClient, layer: dict[str, Any]) -> int:
    """What the build's own steps added: the layer's size less its nearest tagged ancestor's (its base)."""
    base = layer
    for _step in range(_MAX_OWN_STEPS):
        if not base.get("Parent"):
            break
        base = _inspect(api, base["Parent"])
        if _other_tags(base):
            return int(layer.get("Size") or 0) - int(base.get("Size") or 0)
    return int(layer.get("Size") or 0)


def entry_tag(layer_id: str) -> str:
    """The tag of the entry for ``layer_id``: its short id, so building it again tags the same entry."""
    return layer_id.removeprefix("sha256:")[:16]


def evict(client: docker.DockerClient, entries: int = ENTRIES) -> list[str]:
    """Untag the least recently built entries past ``entries``; a layer still in use stays untagged."""
    found = _quietly(lambda: client.api.images(name=REPOSITORY)) or []
    tags = [(str(image["Id"]), tag) for image in found for tag in image.get("RepoTags") or [] if _is_entry(tag)]
    if len(tags) <= entries:
        return []
    dated = sorted((last_tagged(client.api, image_id), tag) for image_id, tag in tags)
    oldest = [tag for _when, tag in dated[: len(dated) - entries]]
    for tag in oldest:
        _quietly(partial(client.api.remove_image, tag, force=False, noprune=False))
    return oldest


def clear(client: docker.DockerClient) -> int:
    """Remove every entry (``dockgrade clean``); how many there were."""
    return len(evict(client, entries=0))


def last_tagged(api: docker.APIClient, image_id: str) -> str:
    """When the image was last tagged, as text that sorts as time ("" when unknown or gone)."""
    attrs = _quietly(partial(_inspect, api, image_id)) or {}
    return sortable_time(str((attrs.get("Metadata") or {}).get("LastTagTime") or ""))


def sortable_time(stamp: str) -> str:
    """The engine's RFC 3339 time with its fraction padded to nanoseconds (it drops trailing zeros)."""
    return _FRACTION.sub(lambda match: "." + match.group(1).ljust(9, "0"), stamp, count=1)


def _inspect(api: docker.APIClient, image_id: str) -> dict[str, Any]:
    return dict(api.inspect_image(image_id))  # type: ignore[no-untyped-call]


def _other_tags(image: dict[str, Any]) -> list[str]:
    return [tag for tag in image.get("RepoTags") or [] if not _is_entry(tag) and tag != "<none>:<none>"]


def _is_entry(tag: str) -> bool:
    return tag.startswith(f"{REPOSITORY}:")


def _has_added_label(image: dict[str, Any]) -> bool:
    config = image.get("Config")
    labels = (config.get("Labels") if isinstance(config, dict) else None) or {}
    return any(str(key).startswith(ADDED_LABEL_PREFIXES) for key in labels)


def _quietly(action: Callable[[], T]) -> T | None:
    """The action's result, or None when the engine refused or the image is gone (another process's eviction)."""
    with contextlib.suppress(APIError, NotFound, requests.exceptions.RequestException):
        return action()
    return None
