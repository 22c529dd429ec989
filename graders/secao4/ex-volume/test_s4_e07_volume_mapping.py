"""s4-e07 mapear diretórios: o nginx serve a pasta html do aluno."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade import Interpret, ScriptContainer, check, expect, require, say, shown_source

EXERCISE = "s4-e07-volume-mapping"
DOCROOT = "/usr/share/nginx/html"


@pytest.fixture(scope="module")
def web(interpret: Interpret) -> ScriptContainer:
    published = [web for web in ScriptContainer.running(interpret(), "nginx") if "80/tcp" in web.state.ports]
    return require(published, "-p 8080:80", "run.sh", say("s4.no_publish"), say("s4.bind_hint"))[-1]


@check(points=2)
def test_bind_mount(web: ScriptContainer, exercise_dir: Path, submission_root: Path) -> None:
    """a pasta html é montada em /usr/share/nginx/html"""
    source = str((exercise_dir / "html").resolve())
    binds = [(kind, src, dst) for kind, src, dst in web.state.mounts if kind == "bind"]
    mounts = ", ".join(f"{shown_source(src, submission_root)}:{dst}" for _, src, dst in binds) or "-"
    expect(("bind", source, DOCROOT) in binds, say("s4.no_bind", source="html/", mounts=mounts), say("s4.bind_hint"))


@check(points=2)
def test_serves_own_index(web: ScriptContainer, exercise_dir: Path) -> None:
    """o nginx serve o seu html/index.html, byte a byte"""
    response = web.get("/", port=80)
    expected = (exercise_dir / "html" / "index.html").read_bytes()
    expect(response.status_code == 200 and response.content == expected, say("s4.page_differs"), say("s4.bind_hint"))
