"""s9-e04 o aplicativo que enfileira: POST na porta 8080 devolve o assunto e a mensagem."""

from __future__ import annotations

from types import SimpleNamespace

from dockgrade import ComposeProject, body, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e04-app-enqueue"


test_up = compose_up_gate()


# On the final project the app publishes no port any more: s9-e05 puts it behind the proxy (its POST /api check).
@check(points=3, superseded_by="s9-e05-reverse-proxy")
def test_app_echo(project: ComposeProject, mail: SimpleNamespace) -> None:
    """POST no app (porta 8080) responde com o assunto e a mensagem"""
    subject = mail.unique_subject()
    port = mail.app_port(project)
    fields = mail.form_data(project, {"assunto": subject, "mensagem": "oi"})
    response = mail.role(project, "app").post("/", fields, port=port, listening=mail.listening_on(port))
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    expect(subject in body(response) and "oi" in body(response), say("s9.echo_missing", body=body(response)[:120]))


@check(points=1)
def test_app_logs(project: ComposeProject, mail: SimpleNamespace) -> None:
    """o log do app mostra o servidor escutando na 8080"""
    # Waited for: run alone (pytest -k), this check can come before the app has printed anything.
    # The course's 8080, or the port the student's proxy sends /api to (an app on 4200 behind nginx is a variant).
    listening = mail.listening_on(mail.COURSE_APP_PORT, mail.app_port(project))
    logs = mail.role(project, "app").logs(until=lambda texts: any(listening(text) for text in texts))
    expect(any(listening(text) for text in logs), say("s9.no_listening"))
