"""s9-e04 o aplicativo que enfileira: POST na porta 8080 devolve o assunto e a mensagem."""

from __future__ import annotations

from dockgrade.compose_checks import (
    COURSE_APP_PORT,
    app_port,
    form_data,
    http,
    listening_on,
    logs_showing,
    service_for,
    unique_subject,
)
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say
from dockgrade.probes import body

EXERCISE = "s9-e04-app-enqueue"


test_up = compose_up_gate()


# On the final project the app publishes no port any more: s9-e05 puts it behind the proxy (its POST /api check).
@check(points=3, superseded_by="s9-e05-reverse-proxy")
def test_app_echo(project: ComposeProject) -> None:
    """POST no app (porta 8080) responde com o assunto e a mensagem"""
    subject = unique_subject()
    port = app_port(project)
    fields = form_data(project, {"assunto": subject, "mensagem": "oi"})
    response = http(project, service_for(project, "app"), port, "/", data=fields, listening=listening_on(port))
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    expect(subject in body(response) and "oi" in body(response), say("s9.echo_missing", body=body(response)[:120]))


@check(points=1)
def test_app_logs(project: ComposeProject) -> None:
    """o log do app mostra o servidor escutando na 8080"""
    # Waited for: run alone (pytest -k), this check can come before the app has printed anything.
    # The course's 8080, or the port the student's proxy sends /api to (an app on 4200 behind nginx is a variant).
    listening = listening_on(COURSE_APP_PORT, app_port(project))
    expect(logs_showing(project, service_for(project, "app"), listening), say("s9.no_listening"))
