"""The package indexes a grading may reach come from the host's own configuration and the instructor's setting."""

from __future__ import annotations

import pytest

from dockgrade.core import settings
from dockgrade.core.errors import ExerciseConfigError
from dockgrade.offline import apt_sources
from dockgrade.runtime import package_indexes

MIRROR = "http://mirror.test/debian"


def fake_tools(argv: list[str]) -> str:
    """npm as a host configured with its own registry would answer."""
    if argv[:3] == ["npm", "config", "get"]:
        return "https://npm.mirror.test/\n"
    return ""


@pytest.fixture(autouse=True)
def host_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host whose apt, pip (read by pip itself: here through its variables) and npm name their own mirrors."""
    monkeypatch.setattr(apt_sources, "host_mirror", lambda: MIRROR)
    monkeypatch.setattr(package_indexes.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setenv("PIP_INDEX_URL", "https://pip.mirror.test/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "file:///opt/pypi/simple https://extra.test/simple")


def test_every_index_the_host_is_configured_with_is_allowed() -> None:
    hosts = package_indexes.allowed_hosts({}, fake_tools)
    assert {"mirror.test", "pip.mirror.test", "extra.test", "npm.mirror.test"} <= set(hosts)


def test_local_file_indexes_add_no_host() -> None:
    hosts = package_indexes.allowed_hosts({}, fake_tools)
    assert "" not in hosts
    assert not any(host.startswith("/") for host in hosts)


def test_pips_own_default_index_and_file_host_are_allowed() -> None:
    from pip._internal.models.index import PyPI

    hosts = package_indexes.allowed_hosts({}, lambda argv: "")
    assert PyPI.netloc in hosts
    assert PyPI.file_storage_domain in hosts


def test_an_instructor_adds_hosts_and_addresses() -> None:
    environ = {settings.ENV_EGRESS_ALLOW: "git.escola.test, 10.0.0.5  registry.escola.test"}
    hosts = package_indexes.allowed_hosts(environ, fake_tools)
    assert {"git.escola.test", "10.0.0.5", "registry.escola.test"} <= set(hosts)


@pytest.mark.parametrize(
    "value", ["evil.test\nhttp_access allow all", "http://evil.test/", "a b;c", "*.test", "evil.test/path"]
)
def test_a_setting_that_could_reach_the_proxys_configuration_is_refused(value: str) -> None:
    with pytest.raises(ExerciseConfigError, match=settings.ENV_EGRESS_ALLOW):
        package_indexes.instructor_hosts({settings.ENV_EGRESS_ALLOW: value})


def test_a_host_without_npm_still_gets_apt_and_pip() -> None:
    hosts = package_indexes.allowed_hosts({}, lambda argv: "" if argv[0] == "npm" else fake_tools(argv))
    assert "mirror.test" in hosts
    assert "npm.mirror.test" not in hosts


@pytest.mark.parametrize(("word", "expected"), [("a.b-c.d", True), ("10.0.0.1", True), ("::1", True), ("x\n", False)])
def test_is_host(word: str, expected: bool) -> None:
    assert package_indexes.is_host(word) is expected


@pytest.mark.parametrize(("word", "address"), [("10.0.0.5", True), ("fd00::1", True), ("mirror.test", False)])
def test_an_address_is_told_from_a_name(word: str, address: bool) -> None:
    assert package_indexes.is_address(word) is address
