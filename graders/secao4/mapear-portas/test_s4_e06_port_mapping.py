"""s4-e06 mapear portas: o nginx do container aparece na porta 8080 do host."""

from __future__ import annotations

import re

import pytest

from dockgrade.fixtures import Interpret
from dockgrade.grading import check, expect, expect_equal, require
from dockgrade.messages import text as say
from dockgrade.probes import body
from dockgrade.script_checks import get_published, logs_of, running
from dockgrade.transcript import ContainerState

EXERCISE = "s4-e06-port-mapping"
ACCESS_LINE = re.compile(r'"GET / HTTP/1\.[01]" 200')


@pytest.fixture(scope="module")
def web(interpret: Interpret) -> ContainerState:
    published = [state for state in running(interpret(), "nginx") if "80/tcp" in state.ports]
    return require(published, "-p 8080:80", "run.sh", say("s4.no_publish"), say("s4.publish_hint"))[-1]


@check(points=2)
def test_publishes_8080_to_80(web: ContainerState) -> None:
    """uma porta do host (8080 no curso) é mapeada para a 80 do container"""
    # The catalogue accepts any host port (students also map 80:80); the container side must be nginx's 80.
    host_port = web.declared_ports.get("80/tcp", "")
    expect(host_port.isdigit(), say("s4.host_port_missing", port=host_port or "-"), hint=say("s4.publish_hint"))


@check(points=2)
def test_serves_nginx(web: ContainerState) -> None:
    """o nginx responde pela porta mapeada com a página padrão"""
    response = get_published(web, 80)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    expect("Welcome to nginx" in body(response), say("s4.welcome_missing"))


@check(points=1)
def test_access_log(web: ContainerState, interpret: Interpret) -> None:
    """o log do container mostra a requisição"""
    get_published(web, 80)
    logs = logs_of(interpret(), web.name, [ACCESS_LINE])
    expect(ACCESS_LINE.search(logs), say("s4.no_access_line"))
