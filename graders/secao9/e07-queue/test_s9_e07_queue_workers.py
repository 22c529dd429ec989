"""s9-e07 fila e workers: o app enfileira no redis e o worker consome."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
import requests

from dockgrade import ComposeProject, Service, check, compose_up_gate, expect, expect_equal, say, wait_for

EXERCISE = "s9-e07-queue-workers"
DRAIN_SECONDS = 30.0


@pytest.fixture(scope="module")
def sent(project: ComposeProject, mail: SimpleNamespace) -> tuple[str, int]:
    """The subject POSTed through the proxy and the status the app answered."""
    subject = mail.unique_subject()
    mail.wait_postgres(mail.role(project, "db"))
    response: requests.Response = mail.post_api(project, {"assunto": subject, "mensagem": "fila"})
    return subject, response.status_code


test_up = compose_up_gate()


@check(points=2)
def test_row_per_post(sent: tuple[str, int], rows: Callable[[str], str]) -> None:
    """cada POST grava uma linha na tabela emails"""
    expect_equal(rows(sent[0]), "1", say("s9.rows"))


@check(points=2)
def test_queue_drained(project: ComposeProject, sent: tuple[str, int], mail: SimpleNamespace) -> None:
    """o worker consome a fila sender (LLEN volta a 0)"""
    expect_equal(sent[1], 200, say("s5.http_status", path="/api"), hint=say("s9.enqueue_hint"))
    queue: Service = mail.role(project, "queue")

    def length() -> str:
        return queue.exec(["redis-cli", "llen", "sender"])[1].strip()

    seconds = mail.worker_seconds(project, DRAIN_SECONDS)
    drained = wait_for(lambda: length() == "0" or None, seconds, "LLEN sender")
    expect(drained, say("s9.queue_not_drained", length=length(), seconds=seconds))


@check(points=2)
def test_worker_logs_subject(project: ComposeProject, sent: tuple[str, int], mail: SimpleNamespace) -> None:
    """o log do worker mostra o assunto da mensagem"""
    expect_equal(sent[1], 200, say("s5.http_status", path="/api"), hint=say("s9.enqueue_hint"))
    worker: Service = mail.role(project, "worker")
    seconds = mail.worker_seconds(project, DRAIN_SECONDS)
    seen = wait_for(lambda: any(sent[0] in text for text in worker.logs()) or None, seconds, "worker log")
    expect(seen, say("s9.worker_silent", subject=sent[0]), hint=say("s9.unbuffered_hint"))
