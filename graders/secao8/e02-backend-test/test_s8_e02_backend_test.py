"""s8-e02 compose do Cadastro Simples com o teste do backend (GET / → "Backend")."""

from __future__ import annotations

from dockgrade.compose_checks import http, logs, require_available, service_for, wait_for, web_port
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal, expect_in
from dockgrade.messages import text as say
from dockgrade.probes import body

EXERCISE = "s8-e02-backend-test"


test_up = compose_up_gate()


@check(points=1)
def test_frontend_placeholder(project: ComposeProject) -> None:
    """o frontend responde na porta 80"""
    frontend = service_for(project, "frontend")
    response = http(project, frontend, web_port(project, frontend))
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))


@check(points=1)
def test_npm_install(project: ComposeProject) -> None:
    """o backend roda npm i ao subir"""
    backend = project.find_service(name="backend", image="node") or "backend"
    installed = wait_for(
        lambda: any("added" in text or "up to date" in text for text in logs(project, backend)) or None, 120, "npm i"
    )
    expect(installed, say("s8.no_npm_output"), hint=say("s8.command_hint"))


# On the final project app.js is the REST API of s8-e03: GET / answers 404, by design.
@check(points=2, superseded_by="s8-e03-rest-api")
def test_backend_answers(project: ComposeProject) -> None:
    """GET / no backend (porta 3000) responde "Backend" """
    require_available(project, "db")
    backend = project.find_service(name="backend", image="node") or "backend"
    response = http(project, backend, 3000, "/", timeout=150)
    expect_in("Backend", body(response), say("s5.http_body", path="/"))
