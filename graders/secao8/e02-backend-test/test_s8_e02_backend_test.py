"""s8-e02 compose do Cadastro Simples com o teste do backend (GET / → "Backend")."""

from __future__ import annotations

from dockgrade import (
    ComposeProject,
    Service,
    body,
    check,
    compose_up_gate,
    expect,
    expect_equal,
    expect_in,
    say,
)

EXERCISE = "s8-e02-backend-test"


test_up = compose_up_gate()


@check(points=1)
def test_frontend_placeholder(frontend: Service) -> None:
    """o frontend responde na porta 80"""
    response = frontend.get("/", port=frontend.web_port())
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))


@check(points=1)
def test_npm_install(backend: Service) -> None:
    """o backend roda npm i ao subir"""
    # Until npm's summary shows, or the backend exits (then it never will: no waiting out the 120 s).
    logs = backend.logs(until=lambda texts: any(map(npm_installed, texts)), timeout=120)
    expect(any(map(npm_installed, logs)), say("s8.no_npm_output"), hint=say("s8.command_hint"))


def npm_installed(log: str) -> bool:
    """npm's last line after an install: "added 62 packages…", or "up to date…" with node_modules there."""
    return "added" in log or "up to date" in log


# On the final project app.js is the REST API of s8-e03: GET / answers 404, by design.
@check(points=2, superseded_by="s8-e03-rest-api")
def test_backend_answers(project: ComposeProject, backend: Service) -> None:
    """GET / no backend (porta 3000) responde "Backend" """
    Service(project, "db").require_available()
    response = backend.get("/", port=3000, timeout=150)
    expect_in("Backend", body(response), say("s5.http_body", path="/"))
