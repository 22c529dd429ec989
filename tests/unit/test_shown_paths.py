"""Students read paths relative to their submission, never where the grading machine keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.compose import policy as compose_policy
from dockgrade.core.shown_paths import hide_host_paths, shown_path

ROOT = Path("/home/corretor/turma/aluno-1/entrega")


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (ROOT / "web" / "Dockerfile", "web/Dockerfile"),
        (ROOT, "."),
        ("web", "web"),
        (ROOT.parent / "fora", "../fora"),
        ("../../../.ssh", "../../../.ssh"),
        ("/etc/passwd", "/etc/passwd"),
        ("/", "/"),
    ],
)
def test_shown_path(path: str | Path, shown: str) -> None:
    """Inside: relative; outside: relative too, or as written when it shares nothing with the submission."""
    assert shown_path(path, ROOT) == shown


def test_hide_host_paths() -> None:
    """The submission's prefix and the sandbox's scratch folders are cut from engine and compose output."""
    text = f"env file {ROOT}/e01-db/.env not found; /tmp/dockgrade-ab12-xyz/0-compose/docker-compose.dockgrade.yml"
    assert hide_host_paths(text, [ROOT]) == "env file e01-db/.env not found; docker-compose.dockgrade.yml"


def test_a_compose_path_outside_names_no_host_folder(tmp_path: Path) -> None:
    """``build.context: ../fora`` merged by compose into an absolute path is shown relative to the project."""
    folder = tmp_path / "entrega" / "e01-db"
    merged = {"services": {"db": {"build": {"context": str(tmp_path / "entrega" / "fora")}}}}
    found = compose_policy.refusals(merged, folder)
    assert found[0] == "db: build.context fora da entrega (../fora)"
    assert str(tmp_path) not in " ".join(found)
