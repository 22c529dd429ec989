"""Stand-in mode: official names resolve to stand-ins, unknown tags are aliased and recorded."""

from __future__ import annotations

from pathlib import Path

import docker

from dockgrade.offline.bases import Bases
from dockgrade.offline.images import ImageMode, ImageResolver
from dockgrade.offline.recipes import LABEL_STANDIN
from dockgrade.runtime.dockerfile import base_images_of
from dockgrade.runtime.sandbox import Sandbox


def test_unbuilt_tag_is_aliased_and_recorded(
    docker_client: docker.DockerClient, scratch_sandbox: Sandbox, tmp_path: Path
) -> None:
    """`FROM nginx:1.16.1` builds in stand-in mode, and the substitution is recorded as an alias."""
    (tmp_path / "Dockerfile").write_text(
        "FROM nginx:1.16.1\nRUN echo '<h1>oi</h1>' > /usr/share/nginx/html/index.html\n"
    )
    resolver = ImageResolver(docker_client, ImageMode.STANDIN, Bases(docker_client))
    resolver.ensure_all(base_images_of(tmp_path / "Dockerfile"))
    scratch_sandbox.track_image("nginx:1.16.1")
    image = scratch_sandbox.build(tmp_path, "alias")
    substitution = resolver.substitutions["nginx:1.16.1"]
    assert (substitution.standin, substitution.alias) == ("nginx", True)
    assert image.config["Labels"][LABEL_STANDIN] == "nginx"


def test_course_names_point_at_standins(docker_client: docker.DockerClient) -> None:
    """Every official name the course uses is present and labelled as a stand-in, recorded without alias."""
    resolver = ImageResolver(docker_client, ImageMode.STANDIN, Bases(docker_client))
    names = resolver.ensure_course_images()
    assert "postgres:9.6" in names
    for name in names:
        assert LABEL_STANDIN in (docker_client.images.get(name).labels or {}), name
        assert resolver.substitutions[name].alias is False
