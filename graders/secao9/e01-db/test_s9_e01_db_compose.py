"""s9-e01 a composição começa pelo banco: um serviço postgres."""

from __future__ import annotations

from types import SimpleNamespace

from dockgrade import Service, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e01-db-compose"


test_up = compose_up_gate()


@check(points=1)
def test_db_not_published(db: Service) -> None:
    """a porta 5432 do banco não é publicada no host"""
    expect_equal(db.published, [], say("s9.published", service=db.name), hint=say("s9.db_port_hint"))


@check(points=2)
def test_lists_databases(postgres: Service, mail: SimpleNamespace) -> None:
    """psql \\l lista os bancos postgres, template0 e template1"""
    _, output = mail.psql(postgres, "\\l")
    missing = [name for name in ("postgres", "template0", "template1") if name not in output]
    expect(not missing, say("s9.databases_missing", names=", ".join(missing)))
