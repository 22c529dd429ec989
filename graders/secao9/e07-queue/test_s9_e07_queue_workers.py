"""s9-e07 fila e workers: o app enfileira no redis e o worker consome."""

from __future__ import annotations

import pytest

from dockgrade.compose_checks import (
    logs,
    post_api,
    rows_with,
    run_in,
    service_for,
    unique_subject,
    wait_for,
    wait_postgres,
    worker_seconds,
)
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say

EXERCISE = "s9-e07-queue-workers"
DRAIN_SECONDS = 30.0


@pytest.fixture(scope="module")
def subject(project: ComposeProject) -> tuple[str, int]:
    """The subject POSTed through the proxy and the status the app answered."""
    sent = unique_subject()
    wait_postgres(project, service_for(project, "db"))
    response = post_api(project, {"assunto": sent, "mensagem": "fila"})
    return sent, response.status_code


test_up = compose_up_gate()


@check(points=2)
def test_row_per_post(project: ComposeProject, subject: tuple[str, int]) -> None:
    """cada POST grava uma linha na tabela emails"""
    expect_equal(rows_with(project, service_for(project, "db"), subject[0]), "1", say("s9.rows"))


@check(points=2)
def test_queue_drained(project: ComposeProject, subject: tuple[str, int]) -> None:
    """o worker consome a fila sender (LLEN volta a 0)"""
    expect_equal(subject[1], 200, say("s5.http_status", path="/api"), hint=say("s9.enqueue_hint"))
    queue = service_for(project, "queue")

    def length() -> str:
        return run_in(project, queue, ["redis-cli", "llen", "sender"])[1].strip()

    seconds = worker_seconds(project, DRAIN_SECONDS)
    drained = wait_for(lambda: length() == "0" or None, seconds, "LLEN sender")
    expect(drained, say("s9.queue_not_drained", length=length(), seconds=seconds))


@check(points=2)
def test_worker_logs_subject(project: ComposeProject, subject: tuple[str, int]) -> None:
    """o log do worker mostra o assunto da mensagem"""
    expect_equal(subject[1], 200, say("s5.http_status", path="/api"), hint=say("s9.enqueue_hint"))
    worker = service_for(project, "worker")
    seconds = worker_seconds(project, DRAIN_SECONDS)
    seen = wait_for(lambda: any(subject[0] in text for text in logs(project, worker)) or None, seconds, "worker log")
    expect(seen, say("s9.worker_silent", subject=subject[0]), hint=say("s9.unbuffered_hint"))
