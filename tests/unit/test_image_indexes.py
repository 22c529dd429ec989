"""What a course image says about its package indexes: read once, kept by image id, never a failure kept."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import docker
import pytest
from docker.errors import APIError, NotFound

from dockgrade.runtime import image_indexes

DEB822 = """Types: deb
# http://snapshot.example.org/archive/debian/20250101T000000Z
URIs: http://mirror.example.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://security.example.org/debian-security
Suites: bookworm-security
"""


def test_every_url_outside_comments_names_a_host() -> None:
    printed = DEB822 + "deb http://old.example.org/debian stretch main\nhttps://npm.example.org/\n"
    printed += "https://pip.example.org/simple\nhttps://files.example.org/\n"
    assert image_indexes.hosts_in(printed) == [
        "files.example.org",
        "mirror.example.org",
        "npm.example.org",
        "old.example.org",
        "pip.example.org",
        "security.example.org",
    ]


def test_what_is_not_a_url_of_a_host_is_ignored() -> None:
    printed = "undefined\nfile:///etc/x\nhttp://x\nhttp_access allow all\nhttps://bad_host!/\n"
    assert image_indexes.hosts_in(printed) == ["x"]


@pytest.mark.parametrize("reference", ["debian:bookworm", "node", "python:3.6", "docker.io/library/node:8.1"])
def test_the_course_images_that_install_packages_are_read(reference: str) -> None:
    assert image_indexes.is_read(reference) is True


@pytest.mark.parametrize("reference", ["nginx:1.13", "redis", "postgres:9.6", "mysql:5.7", "aluno/app"])
def test_other_images_are_not(reference: str) -> None:
    assert image_indexes.is_read(reference) is False


@dataclass
class FakeContainer:
    removed: list[bool] = field(default_factory=list)

    def start(self) -> None:
        pass

    def remove(self, force: bool) -> None:
        self.removed.append(force)


@dataclass
class FakeClient:
    """Images by name; every container created is recorded with how it was asked for."""

    images_by_name: dict[str, str] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    fail_create: bool = False

    @property
    def images(self) -> FakeClient:
        return self

    @property
    def containers(self) -> FakeClient:
        return self

    def get(self, name: str) -> Any:
        if name not in self.images_by_name:
            raise NotFound("no such image")
        return type("Image", (), {"id": self.images_by_name[name]})()

    def create(self, image: str, command: list[str], **settings: Any) -> FakeContainer:
        if self.fail_create:
            raise APIError("engine busy")
        self.created.append({"image": image, "command": command, **settings})
        return FakeContainer()


@pytest.fixture
def printing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the image "prints" when read; the exec itself is the grader's bounded one."""
    printed = [DEB822]
    monkeypatch.setattr(image_indexes.grader_exec, "run", lambda *_args, **_kwargs: (0, printed[0]))
    return printed


def hosts(client: FakeClient, reference: str, cache: Path) -> list[str]:
    return image_indexes.hosts(cast(docker.DockerClient, client), reference, {"dockgrade.run": "r1"}, cache)


def test_an_image_is_read_offline_with_the_runs_label_and_kept_by_id(tmp_path: Path, printing: list[str]) -> None:
    client = FakeClient({"debian:bookworm": "sha256:aaa"})
    assert hosts(client, "debian:bookworm", tmp_path) == ["mirror.example.org", "security.example.org"]
    (made,) = client.created
    assert (made["image"], made["network_mode"], made["labels"]) == ("sha256:aaa", "none", {"dockgrade.run": "r1"})
    assert json.loads((tmp_path / "sha256-aaa.json").read_text()) == ["mirror.example.org", "security.example.org"]
    printing[0] = "https://changed.example.org/"
    assert hosts(client, "debian:bookworm", tmp_path) == ["mirror.example.org", "security.example.org"]
    assert len(client.created) == 1  # the id names the content: read once


def test_an_engine_failure_is_not_kept(tmp_path: Path, printing: list[str]) -> None:
    client = FakeClient({"node:latest": "sha256:bbb"}, fail_create=True)
    assert hosts(client, "node:latest", tmp_path) == []
    assert list(tmp_path.iterdir()) == []
    client.fail_create = False
    assert hosts(client, "node:latest", tmp_path) == ["mirror.example.org", "security.example.org"]


def test_a_missing_image_says_nothing(tmp_path: Path, printing: list[str]) -> None:
    assert hosts(FakeClient(), "python:3.6", tmp_path) == []


def test_a_damaged_or_tampered_cache_file_is_read_again(tmp_path: Path, printing: list[str]) -> None:
    client = FakeClient({"debian:bookworm": "sha256:ccc"})
    (tmp_path / "sha256-ccc.json").write_text('["ok.example.org", "x\\nhttp_access allow all"]')
    assert hosts(client, "debian:bookworm", tmp_path) == ["mirror.example.org", "security.example.org"]
    assert len(client.created) == 1


def test_the_cache_follows_xdg_cache_home(tmp_path: Path) -> None:
    assert image_indexes.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "dockgrade" / "image-indexes"
    assert image_indexes.cache_dir({}) == Path.home() / ".cache" / "dockgrade" / "image-indexes"
