"""What a course image says about its package indexes: read once, kept by image id, never a failure kept."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
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
class FakeImage:
    id: str
    attrs: dict[str, Any]


STANDIN_NODE = "dockgrade-standin/node:latest"


@dataclass
class FakeClient:
    """Images by name; every container created is recorded with how it was asked for."""

    images_by_name: dict[str, FakeImage] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    fail_create: bool = False

    @property
    def images(self) -> FakeClient:
        return self

    @property
    def containers(self) -> FakeClient:
        return self

    def get(self, name: str) -> FakeImage:
        if name not in self.images_by_name:
            raise NotFound("no such image")
        return self.images_by_name[name]

    def create(self, image: str, command: list[str], **settings: Any) -> FakeContainer:
        if self.fail_create:
            raise APIError("engine busy")
        self.created.append({"image": image, "command": command, **settings})
        return FakeContainer()


def pulled(image_id: str, labels: dict[str, str] | None = None) -> FakeImage:
    return FakeImage(image_id, {"Id": image_id, "RepoDigests": [f"node@{image_id}"], "Config": {"Labels": labels}})


def built(image_id: str, labels: dict[str, str] | None = None) -> FakeImage:
    return FakeImage(image_id, {"Id": image_id, "RepoDigests": [], "Config": {"Labels": labels}})


@pytest.fixture
def printing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the image "prints" when read (the exec itself is the grader's bounded one); nothing read before."""
    printed = [DEB822]
    monkeypatch.setattr(image_indexes.grader_exec, "run", lambda *_args, **_kwargs: (0, printed[0]))
    monkeypatch.setattr(image_indexes, "_READ", {})
    return printed


def hosts(client: FakeClient, reference: str) -> list[str]:
    return image_indexes.hosts(cast(docker.DockerClient, client), reference, {"dockgrade.run": "egress-r1"})


def test_a_pulled_image_is_read_offline_with_the_runs_label_once(printing: list[str]) -> None:
    client = FakeClient({"debian:bookworm": pulled("sha256:aaa")})
    assert hosts(client, "debian:bookworm") == ["mirror.example.org", "security.example.org"]
    (made,) = client.created
    assert (made["image"], made["network_mode"]) == ("sha256:aaa", "none")
    assert made["labels"] == {"dockgrade.run": "egress-r1"}
    printing[0] = "https://changed.example.org/"
    assert hosts(client, "debian:bookworm") == ["mirror.example.org", "security.example.org"]
    assert len(client.created) == 1  # the id names the content: read once


def test_the_stand_in_is_read(printing: list[str]) -> None:
    standin = built("sha256:standin", {"dockgrade.standin": "node"})
    client = FakeClient({"node:latest": standin, STANDIN_NODE: standin})
    assert hosts(client, "node:latest") == ["mirror.example.org", "security.example.org"]


@pytest.mark.parametrize(
    "image",
    [
        built("sha256:student", {"dockgrade.standin": "node"}),  # FROM node, tagged node: inherits the label
        pulled("sha256:graded", {"dockgrade.run": "r7"}),  # a grading's build never counts, whatever it says
    ],
)
def test_an_image_a_student_built_under_a_course_name_is_never_read(printing: list[str], image: FakeImage) -> None:
    """Else a submission could add hosts (say, one resolving to the grading host's network) to the list."""
    printing[0] = "https://attacker.example/"
    client = FakeClient({"node:latest": image, STANDIN_NODE: built("sha256:standin")})
    assert hosts(client, "node:latest") == []
    assert client.created == []


def test_addresses_are_never_taken_from_an_image(printing: list[str]) -> None:
    printing[0] = "https://10.0.0.5/simple\nhttps://[fd00::1]/\nhttps://npm.example.org/\n"
    client = FakeClient({"node:latest": pulled("sha256:bbb")})
    assert hosts(client, "node:latest") == ["npm.example.org"]


def test_an_engine_failure_is_not_kept(printing: list[str]) -> None:
    client = FakeClient({"node:latest": pulled("sha256:ccc")}, fail_create=True)
    assert hosts(client, "node:latest") == []
    client.fail_create = False
    assert hosts(client, "node:latest") == ["mirror.example.org", "security.example.org"]


def test_a_missing_image_says_nothing(printing: list[str]) -> None:
    assert hosts(FakeClient(), "python:3.6") == []


def test_the_course_images_the_engine_has_are_named_for_reading_at_the_start() -> None:
    """From one listing (an untagged image lists RepoTags as null): no image is inspected, so none removed by
    another grading meanwhile can fail it."""
    tagged = [
        {"RepoTags": ["node:latest", "node:8.1"]},
        {"RepoTags": ["nginx:latest"]},
        {"RepoTags": ["aluno/app:latest"]},
        {"RepoTags": None},
    ]
    assert image_indexes.present(cast(docker.DockerClient, FakeLister(tagged))) == ["node:8.1", "node:latest"]


def test_many_images_are_read_side_by_side_each_once(printing: list[str]) -> None:
    client = FakeClient({"node:latest": pulled("sha256:n"), "node:8.1": pulled("sha256:n"), "x": pulled("sha256:x")})
    found = image_indexes.hosts_of(cast(docker.DockerClient, client), ["node:latest", "node:8.1", "x"], {})
    assert found == ["mirror.example.org", "security.example.org"]  # "x" is no course image: not read
    assert [made["image"] for made in client.created] == ["sha256:n"]


@dataclass
class FakeLister:
    """The low-level listing ``docker image ls`` makes: one request, dictionaries."""

    listed: list[dict[str, Any]]

    @property
    def api(self) -> FakeLister:
        return self

    def images(self) -> list[dict[str, Any]]:
        return self.listed


def test_no_image_is_read_once_told_to_stop(printing: list[str]) -> None:
    """The egress is closing: nothing read, nothing kept (a later grading would read it)."""
    client = FakeClient({"node:latest": pulled("sha256:n")})
    stop = threading.Event()
    stop.set()
    assert image_indexes.hosts_of(cast(docker.DockerClient, client), ["node:latest"], {}, stop=stop) == []
    assert client.created == []
    assert hosts(client, "node:latest") == ["mirror.example.org", "security.example.org"]
