"""s8-e03 API REST de clientes (node-restful) e a página do Cadastro Simples."""

from __future__ import annotations

import pytest
import requests

from dockgrade import endpoints
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
    created = requests.post(api, data={"name": "Alice"}, timeout=10)
    expect_equal(created.status_code, 201, say("s8.step_status", step="POST /clients"))
    client_id = created.json()["_id"]
    listed = requests.get(api, timeout=10).json()
    expect(any(item.get("_id") == client_id for item in listed), "GET /clients: Alice")
    updated = requests.put(f"{api}/{client_id}", data={"name": "Bob"}, timeout=10)
    expect_equal(updated.status_code, 200, say("s8.step_status", step="PUT /clients/:id"))
    deleted = requests.delete(f"{api}/{client_id}", timeout=10)
    expect_equal(deleted.status_code, 204, say("s8.step_status", step="DELETE /clients/:id"))


@check(points=1)
def test_name_required(api: str) -> None:
    """POST /clients sem nome responde 400"""
    expect_equal(requests.post(api, data={}, timeout=10).status_code, 400, say("s8.step_status", step="POST /clients"))


@check(points=1)
def test_cors(api: str) -> None:
    """as respostas da API têm Access-Control-Allow-Origin"""
    headers = requests.get(api, timeout=10).headers
    expect("Access-Control-Allow-Origin" in headers, say("s8.no_cors"), hint=say("s8.cors_hint"))
