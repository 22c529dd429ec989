"""s4-e07 mapear diretórios: o nginx serve a pasta html do aluno."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.fixtures import Interpret
from dockgrade.grading import check, expect, require
from dockgrade.messages import text as say
from dockgrade.script_checks import get_published, running, shown_source
from dockgrade.transcript import ContainerState

EXERCISE = "s4-e07-volume-mapping"
DOCROOT = "/usr/share/nginx/html"


@pytest.fixture(scope="module")
def web(interpret: Interpret) -> ContainerState:
    published = [state for state in running(interpret(), "nginx") if "80/tcp" in state.ports]
    return require(published, "-p 8080:80", "run.sh", say("s4.no_publish"), say("s4.bind_hint"))[-1]


@check(points=2)
def test_bind_mount(web: ContainerState, exercise_dir: Path, submission_root: Path) -> None:
    """a pasta html é montada em /usr/share/nginx/html"""
    source = str((exercise_dir / "html").resolve())
    binds = [(kind, src, dst) for kind, src, dst in web.mounts if kind == "bind"]
    mounts = ", ".join(f"{shown_source(src, submission_root)}:{dst}" for _, src, dst in binds) or "-"
    expect(("bind", source, DOCROOT) in binds, say("s4.no_bind", source="html/", mounts=mounts), say("s4.bind_hint"))


@check(points=2)
def test_serves_own_index(web: ContainerState, exercise_dir: Path) -> None:
    """o nginx serve o seu html/index.html, byte a byte"""
    response = get_published(web, 80)
    expected = (exercise_dir / "html" / "index.html").read_bytes()
    expect(response.status_code == 200 and response.content == expected, say("s4.page_differs"), say("s4.bind_hint"))
