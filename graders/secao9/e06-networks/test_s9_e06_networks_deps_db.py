"""s9-e06 redes, dependências e banco: o app grava cada mensagem; o frontend não enxerga o banco."""

from __future__ import annotations

from collections.abc import Callable

import requests

from dockgrade import Service, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e06-networks-deps-db"


test_up = compose_up_gate()


@check(points=2)
def test_networks(db: Service, frontend: Service, app: Service) -> None:
    """o app alcança banco e frontend, mas frontend e banco não dividem rede"""
    # Judged by what the networks separate, not by their names: students also call them database/web/queue.
    roles = {"db": db, "frontend": frontend, "app": app}
    nets = {role: set(service.config.get("networks") or {}) for role, service in roles.items()}
    app_reaches_both = bool(nets["app"] & nets["db"]) and bool(nets["app"] & nets["frontend"])
    found = {role: sorted(names) for role, names in nets.items()}
    expect(
        app_reaches_both and not nets["frontend"] & nets["db"],
        say("s9.wrong_networks", found=found),
        say("s9.networks_hint"),
    )


@check(points=3)
def test_row_per_post(send_message: Callable[[str], tuple[str, requests.Response]], rows: Callable[[str], str]) -> None:
    """cada POST grava uma linha na tabela emails"""
    subject, _ = send_message("linha")
    expect_equal(rows(subject), "1", say("s9.rows"))


@check(points=1)
def test_frontend_isolated(frontend: Service, db: Service) -> None:
    """o frontend não enxerga o banco"""
    seen = say("s9.sees_db", service=frontend.name, host=db.name)
    expect(not frontend.resolves(db.name), seen, say("s9.isolation_hint"))
