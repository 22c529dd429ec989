"""The egress learns where a course image installs from: at its start, or later with its configuration reloaded."""

from __future__ import annotations

import io
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import docker
import pytest

from dockgrade.runtime import egress


@dataclass
class FakeProxy:
    written: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    def put_archive(self, path: str, data: bytes) -> None:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            member = archive.extractfile("dockgrade.conf")
            assert member is not None
            assert path == "/etc/squid"
            self.written.append(member.read().decode())

    def kill(self, signal: str) -> None:
        self.signals.append(signal)


class FakeApi:
    base_url = "http+docker://fake-engine"  # not the real engine, whose proxy the plugin may be starting


class FakeClient:
    api = FakeApi()


def proxy_egress(monkeypatch: pytest.MonkeyPatch, reload_counts: list[str]) -> tuple[egress.Egress, FakeProxy]:
    """An egress whose squid reports ``reload_counts`` in turn when asked how often it opened its port."""
    box = egress.Egress(cast(docker.DockerClient, FakeClient()), {"dockgrade.run": "r1"}, "egress-r1")
    proxy = FakeProxy()
    box.proxy = cast(Any, proxy)
    box.hosts = frozenset({"mirror.example.org"})
    counts = iter(reload_counts)
    monkeypatch.setattr(egress.grader_exec, "run", lambda *_args, **_kwargs: (0, next(counts)))
    return box, proxy


def test_a_new_host_rewrites_the_configuration_and_waits_for_squids_reload(monkeypatch: pytest.MonkeyPatch) -> None:
    box, proxy = proxy_egress(monkeypatch, ["1\n", "1\n", "2\n"])
    box.allow(["npm.example.org", "not a host"])
    (config,) = proxy.written
    assert "acl listed dstdomain mirror.example.org npm.example.org" in config
    assert proxy.signals == ["SIGHUP"]
    assert box.hosts == {"mirror.example.org", "npm.example.org"}


def test_hosts_already_let_through_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    box, proxy = proxy_egress(monkeypatch, [])
    box.allow(["mirror.example.org"])
    assert (proxy.written, proxy.signals) == ([], [])


def test_a_reload_that_never_comes_is_the_graders_error(monkeypatch: pytest.MonkeyPatch) -> None:
    box, _proxy = proxy_egress(monkeypatch, ["1\n"] * 1000)
    monkeypatch.setattr(egress, "_READY_SECONDS", 0.2)
    with pytest.raises(egress.GraderError, match="did not reload"):
        box.allow(["npm.example.org"])


@pytest.fixture
def learning(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, list[str]]]]:
    """Egress switched on, no proxy started on the fake engine; records what ``allow`` is given on a started one.

    Only the fake engine's entries are touched: the plugin may be starting this process's real proxy meanwhile,
    and one registered in a dictionary swapped in here would be lost to its removal."""
    monkeypatch.setenv("DOCKGRADE_EGRESS", "on")
    monkeypatch.setattr(egress.image_indexes, "hosts", lambda _client, reference, _labels: [f"{reference}.example"])
    allowed: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(egress.Egress, "allow", lambda self, hosts: allowed.append((self.name, list(hosts))))
    yield allowed
    with egress._SHARED_LOCK:
        egress._SHARED.pop(FakeApi.base_url, None)
        egress._IMAGES.pop(FakeApi.base_url, None)


def test_an_image_used_before_the_proxy_starts_is_read_when_it_starts(
    monkeypatch: pytest.MonkeyPatch, learning: list[tuple[str, list[str]]]
) -> None:
    client = cast(docker.DockerClient, FakeClient())
    egress.learn(client, "node:latest")
    egress.learn(client, "nginx:latest")  # serves pages: installs nothing
    started: list[list[str]] = []
    monkeypatch.setattr(egress.Egress, "start", lambda _self, _hosts, images=(): started.append(list(images)))
    monkeypatch.setattr(egress.package_indexes, "allowed_hosts", lambda: [])
    egress.shared(client, {}, "egress-r1")
    assert started == [["node:latest"]]
    assert learning == []


def test_an_image_used_once_it_runs_is_let_through_once(learning: list[tuple[str, list[str]]]) -> None:
    client = cast(docker.DockerClient, FakeClient())
    egress._SHARED[FakeApi.base_url] = egress.Egress(client, {}, "egress-r1")
    egress.learn(client, "python:3.6")
    egress.learn(client, "python:3.6")
    assert learning == [("egress-r1", ["python:3.6.example"])]


def test_nothing_is_learnt_with_the_egress_off(
    monkeypatch: pytest.MonkeyPatch, learning: list[tuple[str, list[str]]]
) -> None:
    monkeypatch.setenv("DOCKGRADE_EGRESS", "off")
    egress.learn(cast(docker.DockerClient, FakeClient()), "node:latest")
    assert FakeApi.base_url not in egress._IMAGES


def test_a_proxy_that_cannot_start_is_the_graders_error_and_says_how_to_go_on(
    monkeypatch: pytest.MonkeyPatch, learning: list[tuple[str, list[str]]]
) -> None:
    """Never charged to the student; the sentence names the switch for an engine that cannot confine."""

    def refuse(_self: egress.Egress, _hosts: list[str], images: tuple[str, ...] = ()) -> None:
        raise RuntimeError("invalid option com.docker.network.bridge.inhibit_ipv4")

    monkeypatch.setattr(egress.Egress, "start", refuse)
    monkeypatch.setattr(egress.Egress, "close", lambda _self: None)
    monkeypatch.setattr(egress.package_indexes, "allowed_hosts", lambda: [])
    with pytest.raises(egress.GraderError, match=r"inhibit_ipv4.*DOCKGRADE_EGRESS=off"):
        egress.shared(cast(docker.DockerClient, FakeClient()), {}, "egress-r1")
    assert FakeApi.base_url not in egress._SHARED


@pytest.fixture
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(egress, "READ_AHEAD_AFTER_S", 0.0)


@pytest.mark.usefixtures("no_delay")
def test_the_images_the_engine_has_are_let_through_after_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in the background once the proxy accepts connections: those asked for before were read at the start."""
    box = egress.Egress(cast(docker.DockerClient, FakeClient()), {}, "egress-r1")
    monkeypatch.setattr(egress.image_indexes, "present", lambda _client: ["node:latest", "python:3"])
    read: list[list[str]] = []

    def hosts_of(_client: object, references: list[str], _labels: object, **_options: object) -> list[str]:
        read.append(list(references))
        return [f"{reference}.example" for reference in references]

    monkeypatch.setattr(egress.image_indexes, "hosts_of", hosts_of)
    allowed: list[list[str]] = []
    monkeypatch.setattr(egress.Egress, "allow", lambda _self, hosts: allowed.append(list(hosts)))
    box._learn_present(["python:3"])
    assert read == [[egress.egress_image.PARENT, "node:latest"]]
    assert allowed == [[f"{egress.egress_image.PARENT}.example", "node:latest.example"]]


@pytest.mark.usefixtures("no_delay")
def test_a_reload_that_fails_in_the_background_is_left_to_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the head start is lost: ``learn`` allows the image again before a grading uses it."""
    box = egress.Egress(cast(docker.DockerClient, FakeClient()), {}, "egress-r1")
    monkeypatch.setattr(egress.image_indexes, "present", lambda _client: [])
    monkeypatch.setattr(egress.image_indexes, "hosts_of", lambda *_args, **_options: ["deb.example"])

    def no_reload(_self: egress.Egress, _hosts: list[str]) -> None:
        raise egress.GraderError("the egress proxy did not reload its configuration within 20s")

    monkeypatch.setattr(egress.Egress, "allow", no_reload)
    box._learn_present([])  # nothing raised in a thread nobody joins for its result


@pytest.mark.usefixtures("no_delay")
def test_an_engine_error_while_listing_in_the_background_is_left_to_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen in CI: an image removed by another grading between listing and inspecting failed the thread (and,
    through pytest's unhandled-thread check, an unrelated check)."""
    box = egress.Egress(cast(docker.DockerClient, FakeClient()), {}, "egress-r1")

    def gone(_client: object) -> list[str]:
        raise docker.errors.ImageNotFound("no such image: sha256:71800bb4")

    monkeypatch.setattr(egress.image_indexes, "present", gone)
    box._learn_present([])


@dataclass
class ReadingContainer:
    """A container of a background read: the read ends when it is removed."""

    id: str
    removed: threading.Event = field(default_factory=threading.Event)

    def remove(self, force: bool) -> None:
        self.removed.set()


@dataclass
class ListingClient(FakeClient):
    running: list[ReadingContainer] = field(default_factory=list)
    filters: list[object] = field(default_factory=list)

    @property
    def containers(self) -> ListingClient:
        return self

    def list(self, **options: Any) -> list[ReadingContainer]:
        self.filters.append(options["filters"])
        return self.running


def test_a_short_session_stops_the_background_reads_instead_of_waiting_for_them() -> None:
    """A one-check session ends before the reads (~0.7 s): their containers are removed, and no read starts again."""
    reading = ReadingContainer("c1")
    client = ListingClient(running=[reading])
    box = egress.Egress(cast(docker.DockerClient, client), {"dockgrade.run": "egress-r1"}, "egress-r1")
    box._reading_rest = threading.Thread(target=lambda: reading.removed.wait(30))
    box._reading_rest.start()
    box.close()
    assert not box._reading_rest.is_alive()
    assert client.filters == [{"label": ["dockgrade.run=egress-r1", "dockgrade.role=egress"]}]
    assert box._closing.is_set()  # ``hosts_of`` reads no other image, ``allow`` reloads nothing


def test_a_session_ending_before_the_read_ahead_reads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    box = egress.Egress(cast(docker.DockerClient, FakeClient()), {}, "egress-r1")
    monkeypatch.setattr(egress.image_indexes, "present", lambda _client: pytest.fail("listed"))
    box._reading_rest = threading.Thread(target=box._learn_present, args=([],))
    box._reading_rest.start()
    box._closing.set()
    box._reading_rest.join(timeout=egress.READ_AHEAD_AFTER_S / 2)
    assert not box._reading_rest.is_alive()
