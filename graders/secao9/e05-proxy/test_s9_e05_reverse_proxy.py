"""s9-e05 proxy reverso: o nginx leva /api ao app, que não publica mais porta."""

from __future__ import annotations

from dockgrade.compose_checks import nginx_config, post_api, service_for, unique_subject
from dockgrade.compose_project import ComposeProject
from dockgrade.gates import compose_up_gate
from dockgrade.grading import check, expect, expect_equal
from dockgrade.messages import text as say
from dockgrade.probes import body

EXERCISE = "s9-e05-reverse-proxy"


test_up = compose_up_gate()


@check(points=3)
def test_api_through_proxy(project: ComposeProject) -> None:
    """POST /api no nginx chega ao app pelo proxy reverso"""
    subject = unique_subject()
    fields = {"assunto": subject, "mensagem": "via proxy"}
    response = post_api(project, fields)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/api"), hint=say("s9.proxy_hint"))
    expect(subject in body(response), say("s9.echo_missing", body=body(response)[:120]), hint=say("s9.proxy_hint"))


@check(points=1)
def test_app_port_closed(project: ComposeProject) -> None:
    """a porta 8080 do app não é mais publicada"""
    app = service_for(project, "app")
    published = project.config.declared_ports.get(app, []) if project.config else []
    expect_equal(published, [], say("s9.published", service=app))


@check(points=1)
def test_nginx_api_location(project: ComposeProject) -> None:
    """a configuração do nginx tem o location /api"""
    output = nginx_config(project, service_for(project, "frontend"))
    expect("location /api" in output, say("s9.no_api_location"), hint=say("s9.proxy_hint"))
