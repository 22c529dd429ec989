"""s5-e04 build-com-copy: um RUN cria conteudo.html e um COPY traz o index.html com o link para ela."""

from __future__ import annotations

import pytest

from dockgrade import (
    BuiltImage,
    Container,
    Sandbox,
    body,
    builds_gate,
    check,
    expect,
    expect_equal,
    expect_in,
    links_to,
    say,
)

EXERCISE = "s5-e04-build-copy"
DOCROOT = "/usr/share/nginx/html"


@pytest.fixture(scope="module")
def web(image: BuiltImage, module_sandbox: Sandbox) -> Container:
    return Container.run(module_sandbox, image.tag, "web", ports=[80])


test_builds = builds_gate()


@check(points=1)
def test_index_served(web: Container) -> None:
    """GET / responde 200 com o seu index.html"""
    response = web.get("/", port=80)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))


@check(points=2)
def test_index_links_conteudo(web: Container) -> None:
    """a página inicial tem um link para conteudo.html"""
    page = body(web.get("/", port=80))
    message = say("s5.e04.no_link", page=repr(page.strip()[:80]))
    expect(links_to(page, "/conteudo.html"), message, say("s5.e04.link_hint"))


@check(points=2)
def test_conteudo_served(web: Container) -> None:
    """GET /conteudo.html responde 200 com "Sem conteúdo" """
    response = web.get("/conteudo.html", port=80)
    hint = say("s5.e04.conteudo_hint", path=f"{DOCROOT}/conteudo.html")
    expect_equal(response.status_code, 200, say("s5.http_status", path="/conteudo.html"), hint=hint)
    expect_in("sem conte", body(response), say("s5.http_body", path="/conteudo.html"), hint=hint, ignore_case=True)


@check(points=1)
def test_files_in_image(web: Container) -> None:
    """index.html e conteudo.html estão na pasta do nginx dentro da imagem"""
    present = set(web.list_dir(DOCROOT))
    missing = sorted({"index.html", "conteudo.html"} - present)
    message = say("s5.e04.missing_files", folder=DOCROOT, names=", ".join(missing))
    expect(not missing, message, hint=say("s5.e04.copy_hint"))
