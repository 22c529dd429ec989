"""s5-e02 primeiro-build: uma imagem FROM nginx cuja página inicial foi trocada por um RUN."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade import (
    BuiltImage,
    Container,
    Sandbox,
    base_images_of,
    body,
    builds_gate,
    check,
    dockerfile_name,
    expect,
    expect_equal,
    expect_in,
    normalise_reference,
    say,
    split_reference,
)

EXERCISE = "s5-e02-first-build"
DOCROOT_INDEX = "/usr/share/nginx/html/index.html"
NGINX_WELCOME = "Welcome to nginx"


@pytest.fixture(scope="module")
def web(image: BuiltImage, module_sandbox: Sandbox) -> Container:
    return Container.run(module_sandbox, image.tag, "web", ports=[80])


test_builds = builds_gate()


@check(points=3)
def test_serves_page(web: Container) -> None:
    """o container responde na porta 80 com a sua página <h1>, não a do nginx"""
    response = web.get("/", port=80)
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    expect(NGINX_WELCOME not in body(response), say("s5.e02.still_welcome"), hint=_write_hint())
    expect_in("<h1>", body(response), say("s5.http_body", path="/"), hint=_write_hint(), ignore_case=True)


@check(points=1)
def test_page_in_image(web: Container) -> None:
    """o index.html dentro da imagem tem o seu <h1>"""
    content = web.file(DOCROOT_INDEX).decode("utf-8", "replace")
    # The stock page has an <h1> too ("Welcome to nginx!"): an unchanged image must not earn this point.
    expect(NGINX_WELCOME not in content, f"{DOCROOT_INDEX}: {say('s5.e02.still_welcome')}", hint=_write_hint())
    expect_in("<h1>", content, DOCROOT_INDEX, hint=_write_hint(), ignore_case=True)


@check(points=1)
def test_base_is_nginx(exercise_dir: Path) -> None:
    """o Dockerfile parte da imagem nginx"""

    folder = exercise_dir
    bases = [split_reference(normalise_reference(ref))[0] for ref in base_images_of(folder / dockerfile_name(folder))]
    expect_equal(bases[:1], ["nginx"], say("s5.e02.from"), hint=say("s5.e02.from_hint"))


def _write_hint() -> str:
    return say("s5.e02.write_hint", path=DOCROOT_INDEX)
