"""s9-e09 twelve factors: a configuração vem do ambiente (DB_NAME)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import requests

from dockgrade import Service, StartCompose, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e09-twelve-factors-env"
WRONG_NAME = "dockgrade_inexistente"


test_up = compose_up_gate()


@check(points=2)
def test_db_name_honoured(
    app: Service, send_message: Callable[[str], tuple[str, requests.Response]], rows: Callable[[str], str]
) -> None:
    """o app usa o DB_NAME do ambiente e grava no banco"""
    _, printed = app.exec(["printenv", "DB_NAME"])
    expect_equal(printed.strip(), "email_sender", say("s9.db_name"), hint=say("s9.env_hint"))
    subject, _ = send_message("env")
    expect_equal(rows(subject), "1", say("s9.rows"))


# Only meaningful once the right name works: an app that never runs "breaks" with any name.
@check(points=2, requires=["db_name_honoured"])
def test_wrong_db_name_breaks(compose: StartCompose, mail: SimpleNamespace) -> None:
    """com um DB_NAME errado o app não funciona (ele lê mesmo o ambiente)"""
    broken = compose(environment={"app": {"DB_NAME": WRONG_NAME}})
    expect(not mail.stores_rows(broken), say("s9.wrong_name_worked"), hint=say("s9.env_hint"))
