"""s5-e05 build-dev: uma imagem de desenvolvimento python (USER, WORKDIR, EXPOSE, VOLUME, ENTRYPOINT, CMD)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import testinfra

from dockgrade.fixtures import BuildImage
from dockgrade.grading import check, expect, expect_equal
from dockgrade.images import ImageResolver
from dockgrade.probes import body, container_get, logs_matching, require_running
from dockgrade.sandbox import BuiltImage, Sandbox, SandboxContainer

EXERCISE = "s5-e05-build-dev"
STARTUP_LINES = {
    "inicializando...": re.compile(r"iniciali[sz]ando|initiali[sz]ing|iniciando", re.IGNORECASE),
    "escutando a porta: 8000": re.compile(r"(escutando|listening)[^\n]*8000", re.IGNORECASE),
    "usuário: www": re.compile(r"(usu[aá]rio|user)\s*:?\s*www", re.IGNORECASE),
}
REQUEST_LINE = re.compile(r'"GET / HTTP/1\.[01]" 200')


@pytest.fixture(scope="module")
def image(build: BuildImage) -> BuiltImage:
    return build()


@pytest.fixture(scope="module")
def server(image: BuiltImage, module_sandbox: Sandbox, exercise_dir: Path) -> SandboxContainer:
    return module_sandbox.run(image.tag, "python-server", ports=[8000], binds={exercise_dir: "/app"}, init=True)


@check(points=2, gate=True)
def test_builds(image: BuiltImage) -> None:
    """a imagem é construída a partir do seu Dockerfile"""
    expect(image.id, "o build não produziu imagem")


@check(points=1)
def test_user_www(image: BuiltImage) -> None:
    """a imagem roda como o usuário www (USER www)"""
    expect_equal(image.config.get("User") or "", "www", "USER da imagem", hint="adicione USER www depois do RUN")


@check(points=1)
def test_workdir_app(image: BuiltImage) -> None:
    """o diretório de trabalho é /app (WORKDIR /app)"""
    expect_equal(image.config.get("WorkingDir") or "", "/app", "WORKDIR da imagem")


@check(points=1)
def test_exposes_8000(image: BuiltImage) -> None:
    """a imagem expõe a porta 8000 (EXPOSE 8000)"""
    exposed = sorted(image.config.get("ExposedPorts") or {})
    expect_equal(exposed, ["8000/tcp"], "EXPOSE da imagem", hint="o servidor escuta na 8000: EXPOSE 8000")


@check(points=1)
def test_volume_log(image: BuiltImage) -> None:
    """/log é um volume (VOLUME /log)"""
    volumes = sorted(image.config.get("Volumes") or {})
    expect_equal(volumes, ["/log"], "VOLUME da imagem")


@check(points=1)
def test_entrypoint_python(image: BuiltImage) -> None:
    """o ENTRYPOINT, na forma exec, roda /usr/local/bin/python"""
    expected = ["/usr/local/bin/python"]
    hint = 'use a forma exec: ENTRYPOINT ["/usr/local/bin/python"]'
    expect_equal(image.config.get("Entrypoint"), expected, "ENTRYPOINT", hint=hint)


@check(points=1)
def test_cmd_run_py(image: BuiltImage) -> None:
    """o CMD, na forma exec, passa run.py ao python"""
    hint = 'use a forma exec: CMD ["run.py"] (a forma shell vira /bin/sh -c ...)'
    expect_equal(image.config.get("Cmd"), ["run.py"], "CMD", hint=hint)


@check(points=2)
def test_serves_index(server: SandboxContainer, exercise_dir: Path) -> None:
    """com a pasta montada em /app, GET na porta 8000 devolve o seu index.html"""
    response = container_get(server, 8000, "/", timeout=20)
    expect_equal(response.status_code, 200, "status HTTP de GET /")
    index = (exercise_dir / "index.html").read_bytes().decode("utf-8", "replace")
    expect_equal(body(response).strip(), index.strip(), "corpo de GET /", hint="o servidor serve a pasta /app?")


@check(points=1)
def test_runs_as_www(server: SandboxContainer) -> None:
    """o processo principal do container roda como www"""
    require_running(server)
    host = testinfra.get_host(f"docker://{server.name}")
    owner = host.file("/proc/1").user
    expect_equal(owner, "www", "usuário do processo 1", hint="USER www deve vir antes do ENTRYPOINT")


@check(points=1)
def test_startup_logs(server: SandboxContainer) -> None:
    """o log do container mostra as três mensagens de início"""
    logs = logs_matching(server, STARTUP_LINES.values())
    missing = [line for line, pattern in STARTUP_LINES.items() if not pattern.search(logs)]
    expect(not missing, f"faltam no log (docker logs): {', '.join(missing)}", hint="o run.py loga também no stderr?")


@check(points=2)
def test_log_shared_volume(server: SandboxContainer, module_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """outro container com --volumes-from lê em /log um *.log com as requisições"""
    container_get(server, 8000, "/", timeout=20)
    reader = image_resolver.ensure("debian")
    _, output = module_sandbox.run_to_completion(
        reader, "reader", ["sh", "-c", "cat /log/*.log"], volumes_from=[server.id]
    )
    hint = "o run.py deve gravar o log em /log/<nome>.log, e /log precisa ser do usuário www (chown)"
    expect(
        REQUEST_LINE.search(output),
        f'nenhuma linha "GET / HTTP/1.1" 200 em /log/*.log ({output.strip()[-80:]!r})',
        hint,
    )
