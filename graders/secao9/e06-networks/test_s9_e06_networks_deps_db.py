"""s9-e06 redes, dependências e banco: o app grava cada mensagem; o frontend não enxerga o banco."""

from __future__ import annotations

from dockgrade.compose_checks import post_api, resolves, rows_with, service_for, unique_subject, wait_postgres
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say

EXERCISE = "s9-e06-networks-deps-db"


test_up = compose_up_gate()


@check(points=2)
def test_networks(project: ComposeProject) -> None:
    """o app alcança banco e frontend, mas frontend e banco não dividem rede"""
    # Judged by what the networks separate, not by their names: students also call them database/web/queue.
    services = project.services()
    nets = {role: set(services[service_for(project, role)].get("networks") or {}) for role in ("db", "frontend", "app")}
    app_reaches_both = bool(nets["app"] & nets["db"]) and bool(nets["app"] & nets["frontend"])
    found = {role: sorted(names) for role, names in nets.items()}
    expect(
        app_reaches_both and not nets["frontend"] & nets["db"],
        say("s9.wrong_networks", found=found),
        say("s9.networks_hint"),
    )


@check(points=3)
def test_row_per_post(project: ComposeProject) -> None:
    """cada POST grava uma linha na tabela emails"""
    db, subject = service_for(project, "db"), unique_subject()
    wait_postgres(project, db)
    post_api(project, {"assunto": subject, "mensagem": "linha"})
    expect_equal(rows_with(project, db, subject), "1", say("s9.rows"))


@check(points=1)
def test_frontend_isolated(project: ComposeProject) -> None:
    """o frontend não enxerga o banco"""
    frontend, db = service_for(project, "frontend"), service_for(project, "db")
    expect(not resolves(project, frontend, db), say("s9.sees_db", service=frontend, host=db), say("s9.isolation_hint"))
