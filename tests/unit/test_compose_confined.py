"""Under the egress, a compose project's networks are dockgrade's (internal, the proxy on them) and every service and
build is pointed at the proxy, with the project's own names left out of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, cast

from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.project import ComposeProject
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox
from tests.fake_sandbox import FakeSandbox

PROXY = {"HTTP_PROXY": "http://dockgrade-egress:3128"}


class Network:
    name = "dockgrade-test-bridge"


class ConfiningSandbox(FakeSandbox):
    labels: ClassVar[dict[str, str]] = {"dockgrade.run": "test"}

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(tmp_path)
        self.egress = object()
        self.created: dict[str, dict[str, Any]] = {}
        self.bypassed: list[str] = []

    def default_network(self) -> Network:
        return Network()

    def confined_network(self, name: str, **options: Any) -> Network:
        self.created[name] = options
        return Network()

    def proxy_environment(self, no_proxy: Iterable[str] = ()) -> dict[str, str]:
        self.bypassed += list(no_proxy)
        return {**PROXY, "NO_PROXY": ",".join(no_proxy)}

    def resolver(self, network: object) -> str | None:
        return RESOLVERS.get(str(network))


RESOLVERS = {"proj_banco": "10.9.0.2", "proj_web": "172.30.0.2"}


def rewritten(tmp_path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], ConfiningSandbox]:
    sandbox = ConfiningSandbox(tmp_path)
    command = ComposeCommand(("docker", "compose"), "2.40.3")
    project = ComposeProject(cast(Sandbox, sandbox), command, tmp_path, cast(ImageResolver, None))
    return project._rewrite(data).merged, sandbox


def email_project() -> dict[str, Any]:
    return {
        "services": {
            "db": {"image": "postgres:9.6", "networks": {"banco": None}},
            "app": {
                "build": {"context": "app", "args": {"VERSAO": "1"}},
                "environment": {"DB_NAME": "email_sender"},
                "networks": {"banco": {"aliases": ["api"]}, "web": None},
                "ports": [{"target": 8080, "published": "8080"}],
            },
        },
        "networks": {
            "banco": {"name": "proj_banco", "ipam": {"config": [{"subnet": "10.9.0.0/24"}]}},
            "web": {"name": "proj_web", "driver_opts": {"com.docker.network.bridge.name": "web0"}},
        },
    }


def test_every_network_is_created_by_dockgrade_and_used_as_external(tmp_path: Path) -> None:
    merged, sandbox = rewritten(tmp_path, email_project())
    assert merged["networks"] == {
        "banco": {"external": True, "name": "proj_banco"},
        "web": {"external": True, "name": "proj_web"},
    }
    assert set(sandbox.created) == {"proj_banco", "proj_web"}
    assert sandbox.created["proj_banco"]["labels"]["com.docker.compose.network"] == "banco"
    assert sandbox.created["proj_banco"]["ipam"]["Config"][0]["Subnet"] == "10.9.0.0/24"
    assert sandbox.created["proj_web"]["options"] == {"com.docker.network.bridge.name": "web0"}


def test_services_and_builds_get_the_proxy_under_their_own_values(tmp_path: Path) -> None:
    merged, _ = rewritten(tmp_path, email_project())
    app = merged["services"]["app"]
    assert app["environment"]["DB_NAME"] == "email_sender"
    assert app["environment"]["HTTP_PROXY"] == PROXY["HTTP_PROXY"]
    assert app["build"]["network"] == Network.name
    assert app["build"]["args"] == {**app["build"]["args"], "VERSAO": "1"}
    assert app["build"]["args"]["HTTP_PROXY"] == PROXY["HTTP_PROXY"]
    assert merged["services"]["db"]["environment"]["HTTP_PROXY"] == PROXY["HTTP_PROXY"]


def test_the_projects_own_names_never_go_to_the_proxy(tmp_path: Path) -> None:
    _, sandbox = rewritten(tmp_path, email_project())
    assert {"db", "app", "api"} <= set(sandbox.bypassed)


def test_a_builds_proxy_arguments_do_not_name_the_project(tmp_path: Path) -> None:
    """The legacy builder's cache keys on them: the same worker Dockerfile in s9-e08 and s9-e09 is built once."""
    merged, _ = rewritten(tmp_path, email_project())
    app = merged["services"]["app"]
    assert "app" in app["environment"]["NO_PROXY"].split(",")
    assert app["build"]["args"]["NO_PROXY"] == ""


def test_confined_services_give_up_on_unknown_names_quickly(tmp_path: Path) -> None:
    """A DSN naming a missing host fails with the app's own error, as on an ordinary bridge, not after ~20 s."""
    data = email_project()
    data["services"]["host_tool"] = {"image": "debian", "network_mode": "host"}
    data["services"]["app"]["dns_opt"] = ["timeout:3"]
    merged, _ = rewritten(tmp_path, data)
    assert merged["services"]["db"]["dns_opt"] == ["timeout:1", "attempts:2"]
    assert merged["services"]["app"]["dns_opt"] == ["timeout:3", "attempts:2"]  # the student's own kept
    assert "dns_opt" not in merged["services"]["host_tool"]


def test_confined_services_ask_the_proxy_for_names_nobody_knows(tmp_path: Path) -> None:
    """The proxy's DNS server, on a network the service joins, says "no such name" at once; a student's own kept."""
    data = email_project()
    data["services"]["host_tool"] = {"image": "debian", "network_mode": "host"}
    data["services"]["app"]["dns"] = ["9.9.9.9"]
    merged, _ = rewritten(tmp_path, data)
    assert merged["services"]["db"]["dns"] == ["10.9.0.2"]
    assert merged["services"]["app"]["dns"] == ["9.9.9.9"]
    assert "dns" not in merged["services"]["host_tool"]
