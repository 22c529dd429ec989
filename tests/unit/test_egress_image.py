"""``dockgrade clean`` removes the proxy images of earlier recipes, never the current one or one in use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import docker
from docker.errors import APIError

from dockgrade.runtime import egress_image


@dataclass
class FakeImage:
    id: str
    tags: list[str]


@dataclass
class FakeImages:
    stored: list[FakeImage]
    in_use: set[str] = field(default_factory=set)
    removed: list[str] = field(default_factory=list)

    @property
    def images(self) -> FakeImages:
        return self

    def list(self, name: str) -> list[FakeImage]:
        return [image for image in self.stored if any(tag.startswith(f"{name}:") for tag in image.tags)]

    def remove(self, image_id: str) -> None:
        if image_id in self.in_use:
            raise APIError("conflict: image is being used by a running container")
        self.removed.append(image_id)


def test_only_earlier_recipes_not_in_use_go() -> None:
    repository = egress_image.REPOSITORY
    images = FakeImages(
        [
            FakeImage("sha256:current", [egress_image.tag()]),
            FakeImage("sha256:old", [f"{repository}:0000000000000000"]),
            FakeImage("sha256:older-in-use", [f"{repository}:1111111111111111"]),
        ],
        in_use={"sha256:older-in-use"},
    )
    assert egress_image.remove_superseded(cast(docker.DockerClient, images)) == 1
    assert images.removed == ["sha256:old"]
