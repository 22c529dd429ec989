"""How the resolver picks official images or stand-ins, against a fake engine (no Docker)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from docker.errors import APIError, ImageNotFound

from dockgrade.core.errors import ImageUnavailable
from dockgrade.offline.images import ImageMode, ImageResolver
from dockgrade.offline.recipes import LABEL_STANDIN, Recipe


@dataclass
class FakeImage:
    id: str
    labels: dict[str, str]
    store: FakeImages

    def tag(self, repository: str, tag: str) -> None:
        self.store.names[f"{repository}:{tag}"] = self


@dataclass
class FakeImages:
    names: dict[str, FakeImage] = field(default_factory=dict)
    pullable: set[str] = field(default_factory=set)
    pulls: list[str] = field(default_factory=list)

    def get(self, name: str) -> FakeImage:
        if name not in self.names:
            raise ImageNotFound(name)
        return self.names[name]

    def pull(self, repository: str, tag: str) -> FakeImage:
        self.pulls.append(f"{repository}:{tag}")
        if f"{repository}:{tag}" not in self.pullable:
            raise APIError("pull", explanation='Get "https://r/v2/": dial tcp: lookup r: no such host')
        image = FakeImage(f"sha256:official-{repository}", {}, self)
        self.names[f"{repository}:{tag}"] = image
        return image


@dataclass
class FakeClient:
    images: FakeImages = field(default_factory=FakeImages)


class FakeBases:
    def __init__(self, client: FakeClient) -> None:
        self.client = client
        self.built: list[str] = []

    def ensure(self, names: list[str]) -> None:
        for name in names:
            self.built.append(name)
            image = FakeImage(f"sha256:standin-{name}", {LABEL_STANDIN: name}, self.client.images)
            self.client.images.names[Recipe(name, "debian").image] = image

    def recipe_hash(self, recipe: Recipe) -> str:
        return f"hash-{recipe.name}"


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> FakeClient:
    fake = FakeClient()
    monkeypatch.setattr("dockgrade.offline.images.docker.from_env", lambda **_kwargs: fake)
    return fake


def resolver(client: FakeClient, mode: ImageMode) -> tuple[ImageResolver, FakeBases]:
    bases = FakeBases(client)
    return ImageResolver(client, mode, bases), bases  # type: ignore[arg-type]


def test_auto_uses_present_official_image(client: FakeClient) -> None:
    """auto: an official image already on the engine is used as is, nothing built or pulled."""
    client.images.names["nginx:latest"] = FakeImage("sha256:real", {}, client.images)
    chosen, bases = resolver(client, ImageMode.AUTO)
    assert chosen.ensure("nginx") == "nginx:latest"
    assert (bases.built, client.images.pulls, chosen.substitutions) == ([], [], {})


def test_auto_pulls_when_possible(client: FakeClient) -> None:
    """auto: a pullable official image is pulled rather than stood in for."""
    client.images.pullable.add("redis:3.2")
    chosen, bases = resolver(client, ImageMode.AUTO)
    assert chosen.ensure("redis:3.2") == "redis:3.2"
    assert bases.built == []


def test_auto_falls_back_to_standin_and_stops_pulling(client: FakeClient) -> None:
    """auto: with no registry, the stand-in is tagged and recorded, and later references skip the pull."""
    chosen, bases = resolver(client, ImageMode.AUTO)
    chosen.ensure("nginx:1.13")
    chosen.ensure("python:3.6")
    assert client.images.pulls == ["nginx:1.13"]
    assert client.images.get("nginx:1.13").id == "sha256:standin-nginx"
    assert chosen.substitutions["nginx:1.13"].alias is False
    assert bases.built == ["nginx", "python"]


def test_standin_mode_replaces_even_present_official(client: FakeClient) -> None:
    """standin: the stand-in wins over an official image and an unknown tag is an alias."""
    client.images.names["nginx:1.16.1"] = FakeImage("sha256:real", {}, client.images)
    chosen, _ = resolver(client, ImageMode.STANDIN)
    chosen.ensure("nginx:1.16.1")
    assert client.images.get("nginx:1.16.1").id == "sha256:standin-nginx"
    assert chosen.substitutions["nginx:1.16.1"].alias is True
    assert client.images.pulls == []


def test_official_mode_never_stands_in(client: FakeClient) -> None:
    """official: an image that cannot be pulled is an error for a person, not a silent stand-in."""
    chosen, bases = resolver(client, ImageMode.OFFICIAL)
    with pytest.raises(ImageUnavailable, match="cannot be pulled"):
        chosen.ensure("postgres:9.6")
    assert bases.built == []


def test_unknown_repository_without_registry(client: FakeClient) -> None:
    """A repository with no stand-in (mysql) is unavailable offline, unless it is already present."""
    chosen, _ = resolver(client, ImageMode.STANDIN)
    with pytest.raises(ImageUnavailable, match="no offline stand-in"):
        chosen.ensure("mysql:5.7")
    client.images.names["mysql:5.7"] = FakeImage("sha256:mysql", {}, client.images)
    assert chosen.ensure("mysql:5.7") == "mysql:5.7"


def test_pins_a_standin_swapped_are_recorded_as_dependency_substitutions(client: FakeClient) -> None:
    """The stand-in pip's lines in a log become substitutions of kind "dependency", tied to the python recipe."""
    chosen, _ = resolver(client, ImageMode.AUTO)
    chosen.record_dependencies("Collecting bottle\ndockgrade-standin: bottle==0.12.13 -> bottle==0.12.22 (x)\n")
    chosen.record_dependencies("nothing swapped here")
    swap = chosen.substitutions["bottle==0.12.13"]
    assert (swap.standin, swap.kind, swap.recipe_hash, swap.alias) == (
        "bottle==0.12.22",
        "dependency",
        "hash-python",
        False,
    )
    assert list(chosen.substitutions) == ["bottle==0.12.13"]


def test_each_name_made_usable_is_told_not_a_failed_one(client: FakeClient) -> None:
    """The egress learns of every course image a grading uses, whichever way it became usable."""
    told: list[str] = []
    chosen = ImageResolver(client, ImageMode.AUTO, FakeBases(client), on_ensured=told.append)  # type: ignore[arg-type]
    client.images.names["node:latest"] = FakeImage("sha256:real", {}, client.images)
    chosen.ensure("node")
    chosen.ensure("python:3.6")
    with pytest.raises(ImageUnavailable):
        chosen.ensure("mysql:5.7")
    assert told == ["node:latest", "python:3.6"]
