"""s4-e06 mapear portas: o nginx do container aparece na porta 8080 do host."""

from __future__ import annotations

import re

import pytest

from dockgrade import Interpret, ScriptContainer, body, check, expect, expect_equal, require, say

EXERCISE = "s4-e06-port-mapping"
ACCESS_LINE = re.compile(r'"GET / HTTP/1\.[01]" 200')


@pytest.fixture(scope="module")
def web(interpret: Interpret) -> ScriptContainer:
    published = [web for web in ScriptContainer.running(interpret(), "nginx") if "80/tcp" in web.state.ports]
    return require(published, "-p 8080:80", "run.sh", say("s4.no_publish"), say("s4.publish_hint"))[-1]


@check(points=2)
def test_publishes_8080_to_80(web: ScriptContainer) -> None:
    """uma porta do host (8080 no curso) é mapeada para a 80 do container"""
    # The catalogue accepts any host port (students also map 80:80); the container side must be nginx's 80.
    host_port = web.state.declared_ports.get("80/tcp", "")
    expect(host_port.isdigit(), say("s4.host_port_missing", port=host_port or "-"), hint=say("s4.publish_hint"))


@check(points=2)
def test_serves_nginx(web: ScriptContainer) -> None:
    """o nginx responde pela porta mapeada com a página padrão"""
    response = web.get("/", port=80)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    expect("Welcome to nginx" in body(response), say("s4.welcome_missing"))


@check(points=1)
def test_access_log(web: ScriptContainer) -> None:
    """o log do container mostra a requisição"""
    web.get("/", port=80)
    logs = web.logs(until=[ACCESS_LINE])
    expect(ACCESS_LINE.search(logs), say("s4.no_access_line"))
