"""s9-e10 sobrescrevendo localmente: o projeto final, com o override trazendo o DB_NAME certo."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
import requests

from dockgrade import (
    ComposeProject,
    Service,
    StartCompose,
    body,
    check,
    compose_up_gate,
    expect,
    expect_equal,
    say,
    wait_for,
)

EXERCISE = "s9-e10-override"
BASE_ONLY = ["docker-compose.yml"]


@pytest.fixture(scope="module")
def project(compose: StartCompose) -> ComposeProject:
    return compose("--scale", "worker=3")


test_up = compose_up_gate()


@check(points=2)
def test_override_sets_db_name(project: ComposeProject, app: Service) -> None:
    """o docker-compose.override.yml define o DB_NAME certo"""
    expect_equal(app.environment.get("DB_NAME"), "email_sender", say("s9.db_name"), say("s9.override_hint"))
    _, printed = app.exec(["printenv", "DB_NAME"])
    expect_equal(printed.strip(), "email_sender", say("s9.db_name"), hint=say("s9.override_hint"))
    # The right name in docker-compose.yml alone works, but is not what the lecture asks for.
    expect(project.override_file(), say("s9.no_override_file"), hint=say("s9.override_hint"))


@check(points=3)
def test_full_flow(
    project: ComposeProject,
    send_message: Callable[[str], tuple[str, requests.Response]],
    rows: Callable[[str], str],
    mail: SimpleNamespace,
) -> None:
    """formulário → proxy → app → banco e fila → worker, de ponta a ponta"""
    subject, response = send_message("fim")
    expect(subject in body(response), say("s9.echo_missing", body=body(response)[:120]), hint=say("s9.proxy_hint"))
    expect_equal(rows(subject), "1", say("s9.rows"))
    worker: Service = mail.role(project, "worker")
    seconds = mail.worker_seconds(project, 30)
    seen = wait_for(lambda: any(subject in text for text in worker.logs()) or None, seconds, "worker log")
    expect(seen, say("s9.worker_silent", subject=subject), hint=say("s9.unbuffered_hint"))


@check(points=1)
def test_isolation(project: ComposeProject, db: Service, mail: SimpleNamespace) -> None:
    """frontend e worker não enxergam o banco"""
    for role in ("frontend", "worker"):
        service: Service = mail.role(project, role)
        seen = say("s9.sees_db", service=service.name, host=db.name)
        expect(not service.resolves(db.name), seen, say("s9.isolation_hint"))


# Only meaningful once the override works: an app that never runs "fails" with any file.
@check(points=2, requires=["override_sets_db_name"])
def test_base_alone_fails(compose: StartCompose, mail: SimpleNamespace) -> None:
    """só com o docker-compose.yml (sem override) o app não funciona"""
    # Runs last: a second project from the base file alone, proving the override is what fixes DB_NAME.
    expect(not mail.stores_rows(compose(files=BASE_ONLY)), say("s9.base_worked"), hint=say("s9.override_hint"))
