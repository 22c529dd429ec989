"""s9-e05 proxy reverso: o nginx leva /api ao app, que não publica mais porta."""

from __future__ import annotations

from types import SimpleNamespace

from dockgrade import ComposeProject, Service, body, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e05-reverse-proxy"


test_up = compose_up_gate()


@check(points=3)
def test_api_through_proxy(project: ComposeProject, mail: SimpleNamespace) -> None:
    """POST /api no nginx chega ao app pelo proxy reverso"""
    subject = mail.unique_subject()
    fields = {"assunto": subject, "mensagem": "via proxy"}
    response = mail.post_api(project, fields)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/api"), hint=say("s9.proxy_hint"))
    expect(subject in body(response), say("s9.echo_missing", body=body(response)[:120]), hint=say("s9.proxy_hint"))


@check(points=1)
def test_app_port_closed(app: Service) -> None:
    """a porta 8080 do app não é mais publicada"""
    expect_equal(app.published, [], say("s9.published", service=app.name))


@check(points=1)
def test_nginx_api_location(frontend: Service) -> None:
    """a configuração do nginx tem o location /api"""
    output = frontend.nginx_config()
    expect("location /api" in output, say("s9.no_api_location"), hint=say("s9.proxy_hint"))
