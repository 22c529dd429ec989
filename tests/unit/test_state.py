"""The run's state: what it tells a student about script lines that never ran."""

from __future__ import annotations

from pathlib import Path

from dockgrade.course.submission import Submission
from dockgrade.grading.state import RunState
from dockgrade.script.commands import parse_script


def test_unexecuted_lines_are_named_with_their_reason(tmp_path: Path) -> None:
    """Piped or non-docker lines are listed (at most three) with their line numbers and why they never ran."""
    script = parse_script("curl -fsSL x | sh\necho oi\ndocker run hello-world | sh\nls\nwhoami\n", tmp_path)
    state = RunState(Submission(tmp_path))
    state.unexecuted["s4-e01-hello-world"] = script.skipped
    note = state.unexecuted_note("s4-e01-hello-world")
    assert note.startswith("linhas do run.sh que não foram executadas: linha 1 (curl -fsSL x | sh)")
    assert "linha 3 (docker run hello-world | sh)" in note
    assert "linha 4" not in note
    assert state.unexecuted_note("s4-e02-debian") == ""
