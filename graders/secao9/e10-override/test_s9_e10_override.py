"""s9-e10 sobrescrevendo localmente: o projeto final, com o override trazendo o DB_NAME certo."""

from __future__ import annotations

import pytest

from dockgrade.compose_checks import (
    environment,
    logs,
    post_api,
    resolves,
    rows_with,
    run_in,
    service_for,
    stores_rows,
    unique_subject,
    wait_for,
    wait_postgres,
    worker_seconds,
)
from dockgrade.compose_project import ComposeProject
from dockgrade.fixtures import StartCompose
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say
from dockgrade.probes import body

EXERCISE = "s9-e10-override"
BASE_ONLY = ["docker-compose.yml"]


@pytest.fixture(scope="module")
def project(compose: StartCompose) -> ComposeProject:
    return compose("--scale", "worker=3")


test_up = compose_up_gate()


@check(points=2)
def test_override_sets_db_name(project: ComposeProject) -> None:
    """o docker-compose.override.yml define o DB_NAME certo"""
    app = service_for(project, "app")
    expect_equal(environment(project, app).get("DB_NAME"), "email_sender", say("s9.db_name"), say("s9.override_hint"))
    _, printed = run_in(project, app, ["printenv", "DB_NAME"])
    expect_equal(printed.strip(), "email_sender", say("s9.db_name"), hint=say("s9.override_hint"))
    # The right name in docker-compose.yml alone works, but is not what the lecture asks for.
    expect(project.override_file(), say("s9.no_override_file"), hint=say("s9.override_hint"))


@check(points=3)
def test_full_flow(project: ComposeProject) -> None:
    """formulário → proxy → app → banco e fila → worker, de ponta a ponta"""
    db, subject = service_for(project, "db"), unique_subject()
    wait_postgres(project, db)
    response = post_api(project, {"assunto": subject, "mensagem": "fim"})
    expect(subject in body(response), say("s9.echo_missing", body=body(response)[:120]), hint=say("s9.proxy_hint"))
    expect_equal(rows_with(project, db, subject), "1", say("s9.rows"))
    worker = service_for(project, "worker")
    seconds = worker_seconds(project, 30)
    seen = wait_for(lambda: any(subject in text for text in logs(project, worker)) or None, seconds, "worker log")
    expect(seen, say("s9.worker_silent", subject=subject), hint=say("s9.unbuffered_hint"))


@check(points=1)
def test_isolation(project: ComposeProject) -> None:
    """frontend e worker não enxergam o banco"""
    db = service_for(project, "db")
    for role in ("frontend", "worker"):
        service = service_for(project, role)
        expect(
            not resolves(project, service, db), say("s9.sees_db", service=service, host=db), say("s9.isolation_hint")
        )


# Only meaningful once the override works: an app that never runs "fails" with any file.
@check(points=2, requires=["override_sets_db_name"])
def test_base_alone_fails(compose: StartCompose) -> None:
    """só com o docker-compose.yml (sem override) o app não funciona"""
    # Runs last: a second project from the base file alone, proving the override is what fixes DB_NAME.
    expect(not stores_rows(compose(files=BASE_ONLY)), say("s9.base_worked"), hint=say("s9.override_hint"))
