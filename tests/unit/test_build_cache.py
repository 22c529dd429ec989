"""The legacy builder's cache kept between gradings, on a fake engine: which layer is kept, and what is evicted."""

from __future__ import annotations

from typing import Any

import pytest
from docker.errors import NotFound

from dockgrade.runtime import build_cache
from dockgrade.runtime.build_cache import REPOSITORY


class FakeApi:
    """Images by id (inspect's shape), tags, and the engine's last-tagged time, like the engine's API."""

    def __init__(self) -> None:
        self.images_by_id: dict[str, dict[str, Any]] = {}
        self.clock = 0

    def add(
        self,
        image_id: str,
        parent: str = "",
        labels: dict[str, str] | None = None,
        tags: tuple[str, ...] = (),
        size: int = 0,
    ) -> None:
        grown = size or (self.images_by_id[parent]["Size"] + 1000 if parent else 100_000)
        self.images_by_id[image_id] = {
            "Size": grown,
            "Id": image_id,
            "Parent": parent,
            "Config": {"Labels": labels},
            "RepoTags": list(tags),
            "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
        }

    def inspect_image(self, image_id: str) -> dict[str, Any]:
        found = self.images_by_id.get(image_id) or next(
            (image for image in self.images_by_id.values() if image_id in image["RepoTags"]), None
        )
        if found is None:
            raise NotFound(image_id)
        return found

    def tag(self, image_id: str, repository: str, tag: str) -> bool:
        reference = f"{repository}:{tag}"
        for image in self.images_by_id.values():
            image["RepoTags"] = [t for t in image["RepoTags"] if t != reference]
        image = self.inspect_image(image_id)
        image["RepoTags"].append(reference)
        self.clock += 1
        image["Metadata"]["LastTagTime"] = f"2026-12-04T10:00:{self.clock:02d}.5Z"
        return True

    def images(self, name: str) -> list[dict[str, Any]]:
        tagged = self.images_by_id.values()
        return [image for image in tagged if any(t.startswith(f"{name}:") for t in image["RepoTags"])]

    def remove_image(self, reference: str, force: bool, noprune: bool) -> None:
        self.inspect_image(reference)["RepoTags"].remove(reference)


class FakeClient:
    def __init__(self) -> None:
        self.api = FakeApi()


RUN = {"dockgrade.run": "r1", "dockgrade.owner": "h:1"}


def legacy_build(
    api: FakeApi, name: str, base: str = "base", extra: dict[str, str] | None = None, run_adds: int = 1000
) -> str:
    """A Dockerfile's two steps on ``base``, then one layer per added label, as the legacy builder commits them."""
    api.add(f"{name}-run", parent=base, labels={"maintainer": "x"}, size=api.images_by_id[base]["Size"] + run_adds)
    api.add(f"{name}-cmd", parent=f"{name}-run", labels={"maintainer": "x"})
    api.add(f"{name}-owner", parent=f"{name}-cmd", labels={"maintainer": "x", "dockgrade.owner": "h:1"})
    api.add(f"{name}-final", parent=f"{name}-owner", labels={"maintainer": "x", **RUN, **(extra or {})})
    return f"{name}-final"


@pytest.fixture
def client() -> FakeClient:
    fake = FakeClient()
    fake.api.add("base", labels={"dockgrade.standin": "python"}, tags=("python:3.6",))
    return fake


def test_the_layer_before_the_added_labels_is_kept(client: FakeClient) -> None:
    """The Dockerfile's last step is tagged; the labels' layers (run id, owner) would never be reused."""
    final = legacy_build(client.api, "a")
    assert build_cache.keep(client, [final]) == [f"{REPOSITORY}:{build_cache.entry_tag('a-cmd')}"]
    assert client.api.images_by_id["a-cmd"]["RepoTags"] == [f"{REPOSITORY}:a-cmd"]


def test_compose_labels_are_added_labels_too(client: FakeClient) -> None:
    """A compose build's own labels (project, service) name the run's project: never part of the kept layer."""
    final = legacy_build(client.api, "w", extra={"com.docker.compose.project": "dockgrade-r1-p"})
    assert build_cache.last_own_layer(client.api, final) == "w-cmd"


@pytest.mark.parametrize(
    "image",
    [
        {"image_id": "bk", "labels": RUN},  # BuildKit: no parent
        {"image_id": "committed", "parent": "base", "labels": RUN},  # a commit of a stand-in: its parent is tagged
    ],
    ids=["buildkit", "parent-already-tagged"],
)
def test_nothing_is_kept_without_an_untagged_legacy_layer(client: FakeClient, image: dict[str, Any]) -> None:
    client.api.add(**image)
    assert build_cache.keep(client, [image["image_id"]]) == []


def test_a_base_image_is_never_tagged(client: FakeClient) -> None:
    """A Dockerfile of a single FROM: the layer before the labels is the stand-in, kept by its own tag."""
    client.api.add("only-labels", parent="base", labels=RUN)
    assert build_cache.last_own_layer(client.api, "only-labels") is None


def test_a_build_that_filled_the_disk_is_not_kept(client: FakeClient) -> None:
    """Its own steps added more than ENTRY_BYTES (the base's size does not count): gone with its grading."""
    final = legacy_build(client.api, "big", run_adds=build_cache.ENTRY_BYTES + 1)
    assert build_cache.keep(client, [final]) == []
    small = legacy_build(client.api, "small", run_adds=build_cache.ENTRY_BYTES - 10_000)
    assert build_cache.last_own_layer(client.api, small) == "small-cmd"


def test_an_image_gone_meanwhile_is_skipped(client: FakeClient) -> None:
    """Another process removed it between the listing and the inspect: the others are still kept."""
    final = legacy_build(client.api, "b")
    assert build_cache.keep(client, ["gone", final]) == [f"{REPOSITORY}:b-cmd"]


def test_the_least_recently_built_entries_go_first(client: FakeClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ENTRIES, the entries tagged longest ago are untagged; one built again is young again."""
    monkeypatch.setattr(build_cache, "ENTRIES", 2)
    finals = [legacy_build(client.api, name) for name in ("a", "b", "c")]
    build_cache.keep(client, finals[:2])
    build_cache.keep(client, finals[:1])  # "a" built again: now the most recent
    build_cache.keep(client, finals[2:])
    assert sorted(tag for image in client.api.images(REPOSITORY) for tag in image["RepoTags"]) == [
        f"{REPOSITORY}:a-cmd",
        f"{REPOSITORY}:c-cmd",
    ]


def test_clear_removes_every_entry(client: FakeClient) -> None:
    build_cache.keep(client, [legacy_build(client.api, name) for name in ("a", "b")])
    assert build_cache.clear(client) == 2
    assert client.api.images(REPOSITORY) == []


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("2026-12-04T10:00:00.3074217Z", "2026-12-04T10:00:00.307421772Z"),
        ("2026-12-04T10:00:00Z", "2026-12-04T10:00:01Z"),
    ],
)
def test_tag_times_sort_as_time(earlier: str, later: str) -> None:
    """The engine drops a fraction's trailing zeros: ".3074217" is earlier than ".307421772" only once padded."""
    assert build_cache.sortable_time(later) > build_cache.sortable_time(earlier)
