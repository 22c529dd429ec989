"""s5-e05 build-dev: uma imagem de desenvolvimento python (USER, WORKDIR, EXPOSE, VOLUME, ENTRYPOINT, CMD)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockgrade import BuiltImage, Container, ImageResolver, Sandbox, body, builds_gate, check, expect, expect_equal, say

EXERCISE = "s5-e05-build-dev"
STARTUP_LINES = {
    "inicializando...": re.compile(r"iniciali[sz]ando|initiali[sz]ing|iniciando", re.IGNORECASE),
    "escutando a porta: 8000": re.compile(r"(escutando|listening)[^\n]*8000", re.IGNORECASE),
    "usuário: www": re.compile(r"(usu[aá]rio|user)\s*:?\s*www", re.IGNORECASE),
}
REQUEST_LINE = re.compile(r'"GET / HTTP/1\.[01]" 200')


@pytest.fixture(scope="module")
def server(image: BuiltImage, module_sandbox: Sandbox, exercise_dir: Path) -> Container:
    return Container.run(
        module_sandbox, image.tag, "python-server", ports=[8000], binds={exercise_dir: "/app"}, init=True
    )


test_builds = builds_gate()


@check(points=1)
def test_user_www(image: BuiltImage) -> None:
    """a imagem roda como o usuário www (USER www)"""
    user = image.config.get("User") or ""
    expect_equal(user, "www", say("s5.e05.image_setting", instruction="USER"), hint=say("s5.e05.user_hint"))


@check(points=1)
def test_workdir_app(image: BuiltImage) -> None:
    """o diretório de trabalho é /app (WORKDIR /app)"""
    expect_equal(image.config.get("WorkingDir") or "", "/app", say("s5.e05.image_setting", instruction="WORKDIR"))


@check(points=1)
def test_exposes_8000(image: BuiltImage) -> None:
    """a imagem expõe a porta 8000 (EXPOSE 8000)"""
    exposed = sorted(image.config.get("ExposedPorts") or {})
    what = say("s5.e05.image_setting", instruction="EXPOSE")
    expect_equal(exposed, ["8000/tcp"], what, hint=say("s5.e05.expose_hint"))


@check(points=1)
def test_volume_log(image: BuiltImage) -> None:
    """/log é um volume (VOLUME /log)"""
    volumes = sorted(image.config.get("Volumes") or {})
    expect_equal(volumes, ["/log"], say("s5.e05.image_setting", instruction="VOLUME"))


@check(points=1)
def test_entrypoint_python(image: BuiltImage) -> None:
    """o ENTRYPOINT, na forma exec, roda /usr/local/bin/python"""
    expected = ["/usr/local/bin/python"]
    hint = say("s5.e05.exec_form_hint", instruction='ENTRYPOINT ["/usr/local/bin/python"]')
    expect_equal(image.config.get("Entrypoint"), expected, "ENTRYPOINT", hint=hint)


@check(points=1)
def test_cmd_run_py(image: BuiltImage) -> None:
    """o CMD, na forma exec, passa run.py ao python"""
    expect_equal(image.config.get("Cmd"), ["run.py"], "CMD", hint=say("s5.e05.cmd_hint"))


@check(points=2)
def test_serves_index(server: Container, exercise_dir: Path) -> None:
    """com a pasta montada em /app, GET na porta 8000 devolve o seu index.html"""
    response = server.get("/", port=8000)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    index = (exercise_dir / "index.html").read_bytes().decode("utf-8", "replace")
    what = say("s5.http_body", path="/")
    expect_equal(body(response).strip(), index.strip(), what, hint=say("s5.e05.serve_app_hint"))


@check(points=1)
def test_runs_as_www(server: Container) -> None:
    """o processo principal do container roda como www"""
    server.require_running()
    owner = server.exec(["stat", "-c", "%U", "/proc/1"])[1].strip()  # bounded, unlike testinfra's exec
    expect_equal(owner, "www", say("s5.e05.pid1_user"), hint=say("s5.e05.pid1_hint"))


@check(points=1)
def test_startup_logs(server: Container) -> None:
    """o log do container mostra as três mensagens de início"""
    logs = server.logs(until=STARTUP_LINES.values())
    missing = [line for line, pattern in STARTUP_LINES.items() if not pattern.search(logs)]
    message = say("s5.e05.missing_logs", lines=", ".join(missing))
    expect(not missing, message, hint=say("s5.e05.stderr_hint"))


@check(points=2)
def test_log_shared_volume(server: Container, module_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """outro container com --volumes-from lê em /log um *.log com as requisições"""
    server.get("/", port=8000)
    reader = image_resolver.ensure("debian")
    _, output = module_sandbox.run_to_completion(
        reader, "reader", ["sh", "-c", "cat /log/*.log"], volumes_from=[server.id]
    )
    message = say("s5.e05.no_request_line", found=repr(output.strip()[-80:]))
    expect(REQUEST_LINE.search(output), message, hint=say("s5.e05.log_file_hint"))
