"""s9-e01 a composição começa pelo banco: um serviço postgres."""

from __future__ import annotations

from dockgrade.compose_checks import psql, service_for, wait_postgres
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say

EXERCISE = "s9-e01-db-compose"


test_up = compose_up_gate()


@check(points=1)
def test_db_not_published(project: ComposeProject) -> None:
    """a porta 5432 do banco não é publicada no host"""
    db = service_for(project, "db")
    published = project.config.declared_ports.get(db, []) if project.config else []
    expect_equal(published, [], say("s9.published", service=db), hint=say("s9.db_port_hint"))


@check(points=2)
def test_lists_databases(project: ComposeProject) -> None:
    """psql \\l lista os bancos postgres, template0 e template1"""
    db = service_for(project, "db")
    wait_postgres(project, db)
    _, output = psql(project, db, "\\l")
    missing = [name for name in ("postgres", "template0", "template1") if name not in output]
    expect(not missing, say("s9.databases_missing", names=", ".join(missing)))
