"""The egress proxy's configuration, its refusals as the student reads them, and the variables containers get."""

from __future__ import annotations

from typing import cast

import docker
import pytest

from dockgrade.core import messages, settings
from dockgrade.runtime import egress, relay
from dockgrade.runtime.sandbox import confined_dns, with_proxy


def acl_line(config: str, name: str) -> list[str]:
    return next(line.split()[3:] for line in config.splitlines() if line.startswith(f"acl {name} "))


def access_rules(config: str) -> list[str]:
    return [line.removeprefix("http_access ") for line in config.splitlines() if line.startswith("http_access")]


def test_only_listed_hosts_are_allowed_and_names_off_the_list_go_first() -> None:
    config = egress.render_config(["mirror.test", "pip.test"], ["172.17.0.1"])
    assert acl_line(config, "listed") == ["mirror.test", "pip.test"]
    assert access_rules(config) == [
        "deny !listed",
        "deny !web_ports",
        "deny CONNECT !https_port",
        "deny never",
        "allow listed",
        "deny all",
    ]


def test_loopback_metadata_and_the_machines_addresses_are_never_reached_even_by_a_listed_name() -> None:
    never = acl_line(egress.render_config(["mirror.test"], ["172.17.0.1", "192.0.2.2"]), "never")
    assert {"127.0.0.0/8", "169.254.0.0/16", "::1", "fe80::/10", "172.17.0.1", "192.0.2.2"} <= set(never)


def test_nothing_that_is_not_a_host_reaches_the_configuration() -> None:
    config = egress.render_config(["mirror.test", "x\nhttp_access allow all"], ["not-an-address"])
    assert "allow all" not in config
    assert "not-an-address" not in config


def test_an_empty_list_allows_nothing() -> None:
    config = egress.render_config([], [])
    assert acl_line(config, "listed") == ["dockgrade.invalid"]


@pytest.mark.parametrize(
    ("line", "target", "reason"),
    [
        (
            "dockgrade-egress 1796353153 172.21.0.3 TCP_DENIED/403 GET http://169.254.169.254/latest/",
            "http://169.254.169.254/latest/",
            "egress.reason_machine",
        ),
        (
            "dockgrade-egress 1796353153 172.21.0.3 TCP_DENIED/403 GET http://10.1.2.3/s",
            "http://10.1.2.3/s",
            "egress.reason_private",
        ),
        (
            "dockgrade-egress 1796353153 172.21.0.3 TCP_DENIED/403 CONNECT example.test:443",
            "example.test:443",
            "egress.reason_unlisted",
        ),
        (
            "dockgrade-egress 1796353153 172.21.0.3 TCP_DENIED/403 GET http://192.0.2.2:8000/",
            "http://192.0.2.2:8000/",
            "egress.reason_machine",
        ),
    ],
)
def test_a_refusal_says_what_was_asked_for_and_why(line: str, target: str, reason: str) -> None:
    refusal = egress.parse_log_line(line, frozenset({"192.0.2.2"}))
    assert refusal is not None
    assert refusal.target == target
    assert refusal.reason() == messages.text(reason)
    assert target in refusal.shown()


def test_requests_let_through_are_not_refusals() -> None:
    assert egress.parse_log_line("dockgrade-egress 1796353150 172.21.0.3 TCP_TUNNEL/200 CONNECT pip.test:443") is None
    assert egress.parse_log_line("2026/12/04 02:59:07| WARNING: BCP 177 violation.") is None


def test_containers_get_both_spellings_and_their_project_names_bypass_the_proxy() -> None:
    proxy = egress.Egress(cast(docker.DockerClient, None), labels={}, name="dockgrade-egress-x")
    environment = proxy.environment(["db", "queue"])
    assert environment["HTTP_PROXY"] == environment["https_proxy"] == f"http://{egress.ALIAS}:{egress.PORT}"
    assert environment["NO_PROXY"].split(",")[-2:] == ["db", "queue"]
    assert environment["no_proxy"] == environment["NO_PROXY"]


@pytest.mark.parametrize(("value", "on"), [("", True), ("on", True), ("1", True), ("off", False), ("FALSE", False)])
def test_on_unless_switched_off(value: str, on: bool) -> None:
    assert egress.enabled({settings.ENV_EGRESS: value} if value else {}) is on


class FakeEgress:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def refusals(self, since: float) -> list[egress.Refusal]:
        found = [egress.parse_log_line(line) for line in self.lines]
        return [refusal for refusal in found if refusal is not None]


def test_the_students_note_lists_a_few_refusals_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"dockgrade-egress 1796353153 172.21.0.3 TCP_DENIED/403 GET http://10.0.0.{n}/" for n in range(5)]
    monkeypatch.setattr(egress, "started", lambda: [FakeEgress([*lines, lines[0]])])
    note = egress.refusal_note(0, shown=3)
    assert note.count("http://10.0.0.0/") == 1
    assert "http://10.0.0.3/" not in note
    assert "(+2)" in note
    assert "só acessa os índices de pacotes do curso" in note


def test_no_refusal_no_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(egress, "started", lambda: [FakeEgress([])])
    assert egress.refusal_note(0) == ""


def test_the_proxy_variables_go_under_the_students_own() -> None:
    proxy = {"HTTP_PROXY": "http://p:1"}
    assert with_proxy(proxy, {"HTTP_PROXY": "mine", "A": "1"}) == {"HTTP_PROXY": "mine", "A": "1"}
    assert with_proxy(proxy, ["A=1", "HOST_VAR"]) == ["HTTP_PROXY=http://p:1", "A=1", "HOST_VAR"]
    assert with_proxy(proxy, None) == ["HTTP_PROXY=http://p:1"]


def test_network_listings_leave_dockgrades_helpers_out() -> None:
    assert relay.is_helper_name("dockgrade-abc-c-web-3-relay")
    assert relay.is_helper_name("dockgrade-egress-abc")
    assert not relay.is_helper_name("dockgrade-abc-c-relay-3")


@pytest.mark.parametrize(
    ("config", "gateways"),
    [
        ({"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}, ["172.17.0.1"]),
        ({"Subnet": "172.17.0.0/16"}, ["172.17.0.1"]),  # dockerd without --bip leaves it out of the default bridge
        ({"Subnet": "10.9.0.0/24", "Gateway": "10.9.0.254/24"}, ["10.9.0.254"]),
        ({}, []),
    ],
)
def test_a_bridges_gateway_is_known_even_when_the_engine_leaves_it_out(
    config: dict[str, str], gateways: list[str]
) -> None:
    """The proxy refuses the bridges' gateways: one the engine does not list is still found."""
    assert egress.gateways_of({"IPAM": {"Config": [config]}}) == gateways


@pytest.mark.parametrize(
    ("settings_", "expected"),
    [
        ({"network": "n"}, {"dns": ["10.0.0.2"], "dns_opt": ["timeout:1", "attempts:2"]}),
        ({"network": "n", "dns": ["9.9.9.9"]}, {"dns_opt": ["timeout:1", "attempts:2"]}),  # the student's kept
        ({"network_mode": "host"}, {}),
        ({"network_mode": "container:web"}, {}),
    ],
)
def test_a_confined_container_asks_the_proxy_for_names_the_engine_does_not_know(
    settings_: dict[str, object], expected: dict[str, list[str]]
) -> None:
    assert confined_dns(settings_, "10.0.0.2") == expected


class Lender:
    """An egress with a proxy and two ports to lend, recording what is given back."""

    def __init__(self) -> None:
        self.proxy = object()
        self.outside = object()
        self.free = [20000, 20001]
        self.returned: list[int] = []

    def borrow_slots(self, count: int) -> list[int]:
        taken, self.free = self.free[:count], self.free[count:]
        return taken if len(taken) == count else []

    def give_back(self, slots: list[int]) -> None:
        self.returned += slots

    def slot_bindings(self, slot: int) -> list[dict[str, str]]:
        return [{"HostIp": "127.0.0.1", "HostPort": str(slot + 30000)}]

    def outside_address(self) -> str:
        return "172.30.0.2"


def test_a_lent_port_is_published_as_the_containers_own(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def run(_container: object, words: list[str], **_options: object) -> tuple[int, str]:
        calls.append(words)
        return 0, "41\n"

    monkeypatch.setattr(relay.grader_exec, "run", run)
    lent = relay._lend(cast(egress.Egress, Lender()), "dockgrade-x-web", ["80/tcp"])
    assert lent is not None
    assert lent.host_ports() == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "50000"}]}
    assert calls == [["lend", "172.30.0.2", "20000:dockgrade-x-web:80"]]
    assert lent.forwarders == ["41"]


def test_a_port_whose_forwarder_may_still_listen_is_never_lent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lent again, it would be answered by the old container: kept out of the pool when its kill fails."""
    lender = Lender()
    outcomes = iter([(0, "41\n"), (1, "kill: No such process"), (0, "42\n"), (0, "")])
    monkeypatch.setattr(relay.grader_exec, "run", lambda *_a, **_k: next(outcomes))
    first = relay._lend(cast(egress.Egress, lender), "dockgrade-x-web", ["80/tcp"])
    assert first is not None
    first.remove()
    assert lender.returned == []
    second = relay._lend(cast(egress.Egress, lender), "dockgrade-x-api", ["3000/tcp"])
    assert second is not None
    second.remove()
    assert lender.returned == [20001]


def test_too_few_ports_to_lend_means_a_relay_container(monkeypatch: pytest.MonkeyPatch) -> None:
    lender = Lender()
    assert relay._lend(cast(egress.Egress, lender), "dockgrade-x-web", ["80/tcp", "81/tcp", "82/tcp"]) is None
