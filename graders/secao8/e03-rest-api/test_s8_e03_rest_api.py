"""s8-e03 API REST de clientes (node-restful) e a página do Cadastro Simples."""

from __future__ import annotations

import pytest

from dockgrade import ComposeProject, Service, body, check, compose_up_gate, expect, expect_equal, expect_in, say

EXERCISE = "s8-e03-rest-api"
CLIENTS = "/clients"
API_PORT = 3000


@pytest.fixture(scope="module")
def api(project: ComposeProject) -> Service:
    Service(project, "db").require_available()
    backend = Service(project, project.find_service(name="backend", image="node") or "backend")
    backend.get("/clients", port=3000, timeout=150)
    return backend


test_up = compose_up_gate()


@check(points=2)
def test_frontend_page(frontend: Service) -> None:
    """o frontend serve a página "Cadastro Simples" """
    response = frontend.get("/", port=frontend.web_port())
    expect_in("Cadastro Simples", body(response), say("s5.http_body", path="/"))


@check(points=4)
def test_crud(api: Service) -> None:
    """/clients cria (201), lista, atualiza (200) e apaga (204) um cliente"""
    created = api.request("POST", CLIENTS, API_PORT, data={"name": "Alice"})
    expect_equal(created.status_code, 201, say("s8.step_status", step="POST /clients"))
    client_id = created.json()["_id"]
    listed = api.request("GET", CLIENTS, API_PORT).json()
    expect(any(item.get("_id") == client_id for item in listed), "GET /clients: Alice")
    updated = api.request("PUT", f"{CLIENTS}/{client_id}", API_PORT, data={"name": "Bob"})
    expect_equal(updated.status_code, 200, say("s8.step_status", step="PUT /clients/:id"))
    deleted = api.request("DELETE", f"{CLIENTS}/{client_id}", API_PORT)
    expect_equal(deleted.status_code, 204, say("s8.step_status", step="DELETE /clients/:id"))


@check(points=1)
def test_name_required(api: Service) -> None:
    """POST /clients sem nome responde 400"""
    status = api.request("POST", CLIENTS, API_PORT, data={}).status_code
    expect_equal(status, 400, say("s8.step_status", step="POST /clients"))


@check(points=1)
def test_cors(api: Service) -> None:
    """as respostas da API têm Access-Control-Allow-Origin"""
    headers = api.request("GET", CLIENTS, API_PORT).headers
    expect("Access-Control-Allow-Origin" in headers, say("s8.no_cors"), hint=say("s8.cors_hint"))
