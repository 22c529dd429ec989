"""Script checks that need no engine: a mount's source shown as the student wrote it."""

from __future__ import annotations

from pathlib import Path

from dockgrade.script.checks import shown_source


def test_mount_source_is_shown_as_the_student_wrote_it(tmp_path: Path) -> None:
    """A bind source inside the submission is shown relative to it; the stand-in of a missing folder by its name."""
    root = tmp_path / "entrega"
    assert shown_source(str(root / "ex-volume" / "html"), root) == "ex-volume/html/"
    scratch = tmp_path / "dockgrade-abc123-xyz" / "0-not-found"
    assert shown_source(str(scratch), root) == "not-found/ (pasta que não existe na sua entrega)"
    assert shown_source("dados", root) == "dados"
