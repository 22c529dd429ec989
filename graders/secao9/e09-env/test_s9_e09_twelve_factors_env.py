"""s9-e09 twelve factors: a configuração vem do ambiente (DB_NAME)."""

from __future__ import annotations

from dockgrade.compose_checks import (
    post_api,
    rows_with,
    run_in,
    service_for,
    stores_rows,
    unique_subject,
    wait_postgres,
)
from dockgrade.compose_project import ComposeProject
from dockgrade.fixtures import StartCompose
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say

EXERCISE = "s9-e09-twelve-factors-env"
WRONG_NAME = "dockgrade_inexistente"


test_up = compose_up_gate()


@check(points=2)
def test_db_name_honoured(project: ComposeProject) -> None:
    """o app usa o DB_NAME do ambiente e grava no banco"""
    app, db, subject = service_for(project, "app"), service_for(project, "db"), unique_subject()
    _, printed = run_in(project, app, ["printenv", "DB_NAME"])
    expect_equal(printed.strip(), "email_sender", say("s9.db_name"), hint=say("s9.env_hint"))
    wait_postgres(project, db)
    post_api(project, {"assunto": subject, "mensagem": "env"})
    expect_equal(rows_with(project, db, subject), "1", say("s9.rows"))


# Only meaningful once the right name works: an app that never runs "breaks" with any name.
@check(points=2, requires=["db_name_honoured"])
def test_wrong_db_name_breaks(compose: StartCompose) -> None:
    """com um DB_NAME errado o app não funciona (ele lê mesmo o ambiente)"""
    broken = compose(environment={"app": {"DB_NAME": WRONG_NAME}})
    expect(not stores_rows(broken), say("s9.wrong_name_worked"), hint=say("s9.env_hint"))
