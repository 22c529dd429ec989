"""s8-e03 API REST de clientes (node-restful) e a página do Cadastro Simples."""

from __future__ import annotations

import pytest

from dockgrade import bounded_http, endpoints
from dockgrade.compose_checks import http, require_available, service_for, web_port
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal, expect_in
from dockgrade.messages import text as say
from dockgrade.probes import body

EXERCISE = "s8-e03-rest-api"


@pytest.fixture(scope="module")
def api(project: ComposeProject) -> str:
    require_available(project, "db")
    backend = project.find_service(name="backend", image="node") or "backend"
    http(project, backend, 3000, "/clients", timeout=150)
    return endpoints.url(project.host_port(backend, 3000), "/clients")


test_up = compose_up_gate()


@check(points=2)
def test_frontend_page(project: ComposeProject) -> None:
    """o frontend serve a página "Cadastro Simples" """
    frontend = service_for(project, "frontend")
    response = http(project, frontend, web_port(project, frontend))
    expect_in("Cadastro Simples", body(response), say("s5.http_body", path="/"))


@check(points=4)
def test_crud(api: str) -> None:
    """/clients cria (201), lista, atualiza (200) e apaga (204) um cliente"""
    created = bounded_http.request("POST", api, data={"name": "Alice"})
    expect_equal(created.status_code, 201, say("s8.step_status", step="POST /clients"))
    client_id = created.json()["_id"]
    listed = bounded_http.request("GET", api).json()
    expect(any(item.get("_id") == client_id for item in listed), "GET /clients: Alice")
    updated = bounded_http.request("PUT", f"{api}/{client_id}", data={"name": "Bob"})
    expect_equal(updated.status_code, 200, say("s8.step_status", step="PUT /clients/:id"))
    deleted = bounded_http.request("DELETE", f"{api}/{client_id}")
    expect_equal(deleted.status_code, 204, say("s8.step_status", step="DELETE /clients/:id"))


@check(points=1)
def test_name_required(api: str) -> None:
    """POST /clients sem nome responde 400"""
    expect_equal(
        bounded_http.request("POST", api, data={}).status_code, 400, say("s8.step_status", step="POST /clients")
    )


@check(points=1)
def test_cors(api: str) -> None:
    """as respostas da API têm Access-Control-Allow-Origin"""
    headers = bounded_http.request("GET", api).headers
    expect("Access-Control-Allow-Origin" in headers, say("s8.no_cors"), hint=say("s8.cors_hint"))
