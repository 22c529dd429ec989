"""The image the egress proxy and the port relays run: squid and socat on Debian, built once per engine.

Its tag carries the hash of its folder, so a changed recipe is rebuilt and an unchanged one never is. The
``debian:bookworm`` it starts from is the official image where a registry answers, the stand-in offline.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import docker
from docker.errors import APIError, BuildError, ImageNotFound

from dockgrade.core.errors import StandinBuildFailed
from dockgrade.offline.bases import Bases
from dockgrade.offline.images import ImageResolver, mode_from_env
from dockgrade.offline.recipes import content_hash, folder_files

REPOSITORY = "dockgrade-egress"
PARENT = "debian:bookworm"
_BUILD_SECONDS = 600
LABEL_EGRESS = "dockgrade.egress"


def folder() -> Path:
    """The image's build folder, shipped inside the package."""
    return Path(str(resources.files("dockgrade") / "egress_image"))


def tag() -> str:
    """``dockgrade-egress:<hash of the recipe>``."""
    return f"{REPOSITORY}:{content_hash(folder_files(folder()))}"


def remove_superseded(client: docker.DockerClient) -> int:
    """Remove the proxy images of earlier recipes (``dockgrade clean``); one a container still uses stays.

    How many went."""
    current, removed = tag(), 0
    for image in client.images.list(name=REPOSITORY):
        if current in image.tags:
            continue
        try:
            client.images.remove(str(image.id))
        except APIError:  # in use by another process's proxy, or gone meanwhile
            continue
        removed += 1
    return removed


def ensure(client: docker.DockerClient) -> str:
    """Build the image when this engine lacks the current one; return its tag."""
    wanted = tag()
    try:
        client.images.get(wanted)
        return wanted
    except ImageNotFound:
        pass
    ImageResolver(client, mode_from_env(), Bases(client)).ensure(PARENT)
    try:
        client.images.build(
            path=str(folder()),
            tag=wanted,
            labels={LABEL_EGRESS: "image"},
            rm=True,
            forcerm=True,
            timeout=_BUILD_SECONDS,
        )
    except BuildError as error:
        lines = "".join(str(chunk.get("stream", chunk.get("error", ""))) for chunk in error.build_log)
        raise StandinBuildFailed("egress", "\n".join(lines.splitlines()[-15:])) from error
    except APIError as error:
        raise StandinBuildFailed("egress", str(error)) from error
    return wanted
