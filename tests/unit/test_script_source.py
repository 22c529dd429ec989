"""Command-line exercises whose result is files: discovery of ex-volume without a script, and the lecture's command."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.core.errors import Missing, Refused
from dockgrade.core.limits import Limits
from dockgrade.course.catalogue import exercise
from dockgrade.course.submission import Submission
from dockgrade.script.commands import parse_script
from dockgrade.script.source import script_source

VOLUME = exercise("s4-e07-volume-mapping")
DAEMON = exercise("s4-e08-daemon-web-server")
HELLO = exercise("s4-e01-hello-world")


def html_folder(root: Path, relative: str) -> Path:
    """``root/relative/html/index.html`` and nothing else: what a course repository keeps of s4-e07/e08."""
    folder = root / relative
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "index.html").write_text("<h1>Curso de Docker</h1>\r\n", encoding="utf-8")
    return folder


def test_ex_volume_without_script_is_found_for_both_exercises(tmp_path: Path) -> None:
    """``ex-volume/html/index.html`` with no run.sh is s4-e07 (by folder) and s4-e08 (by alias)."""
    folder = html_folder(tmp_path, "ex-volume")
    submission = Submission(tmp_path)
    volume, daemon = submission.locate(VOLUME), submission.locate(DAEMON)
    assert volume is not None
    assert (volume.path, volume.evidence) == (folder, "folder")
    assert daemon is not None
    assert (daemon.path, daemon.evidence) == (folder, "alias")


def test_own_daemon_folder_wins_over_ex_volume(tmp_path: Path) -> None:
    """s4-e08 takes its own ``ex-daemon-basic`` folder before the shared ``ex-volume``."""
    html_folder(tmp_path, "ex-volume")
    own = html_folder(tmp_path, "ex-daemon-basic")
    location = Submission(tmp_path).locate(DAEMON)
    assert location is not None
    assert location.path == own


def test_empty_ex_volume_is_not_the_exercise(tmp_path: Path) -> None:
    """An ``ex-volume`` folder with neither run.sh nor html/index.html is not taken for the exercise."""
    (tmp_path / "ex-volume" / "html").mkdir(parents=True)
    assert Submission(tmp_path).locate(VOLUME) is None


def test_files_without_script_run_the_lecture_command(tmp_path: Path) -> None:
    """No run.sh: the lecture's command, detached, publishing 80 and bind-mounting the student's html folder."""
    folder = html_folder(tmp_path, "ex-volume")
    source = script_source(DAEMON, folder, Limits(), tmp_path)
    assert source.canonical
    (command,) = parse_script(source.text, folder, tmp_path).commands
    assert (command.object, command.action, command.positional) == ("container", "run", ("nginx",))
    assert command.has("--detach")
    assert command.option("--name") == "ex-daemon-basic"
    assert command.all("--publish") == ["8080:80"]
    assert command.all("--volume") == [f"{folder}/html:/usr/share/nginx/html"]


def test_a_script_when_present_is_the_one_run(tmp_path: Path) -> None:
    """A run.sh beside the files is interpreted as the student wrote it (CRLF line endings included)."""
    folder = html_folder(tmp_path, "ex-volume")
    (folder / "run.sh").write_bytes(b"docker run -d -p 3000:80 -v $(pwd)/site:/usr/share/nginx/html nginx\r\n")
    source = script_source(VOLUME, folder, Limits(), tmp_path)
    assert not source.canonical
    (command,) = parse_script(source.text, folder, tmp_path).commands
    assert command.all("--volume") == [f"{folder}/site:/usr/share/nginx/html"]
    assert command.all("--publish") == ["3000:80"]


def test_exercise_without_canonical_command_needs_its_script(tmp_path: Path) -> None:
    """An exercise with no lecture command (hello-world) still fails naming the missing run.sh."""
    folder = tmp_path / "hello-world"
    folder.mkdir()
    with pytest.raises(Missing, match=r"run\.sh não encontrado em hello-world/"):
        script_source(HELLO, folder, Limits(), tmp_path)


def test_oversized_script_is_refused_not_replaced(tmp_path: Path) -> None:
    """A student's script over the limit is refused; the lecture's command never stands in for it."""
    folder = html_folder(tmp_path, "ex-volume")
    (folder / "run.sh").write_text("# x\n" * 600, encoding="utf-8")
    with pytest.raises(Refused):
        script_source(VOLUME, folder, Limits(), tmp_path)


def test_shared_folder_script_of_the_other_exercise_is_not_taken(tmp_path: Path) -> None:
    """``ex-volume/run.sh`` with s4-e07's command is s4-e07's; s4-e08 there runs the lecture's command."""
    folder = html_folder(tmp_path, "ex-volume")
    (folder / "run.sh").write_text("docker run -d -p 80:80 -v $(pwd)/html:/usr/share/nginx/html nginx\n")
    assert not script_source(VOLUME, folder, Limits(), tmp_path).canonical
    assert script_source(DAEMON, folder, Limits(), tmp_path).canonical
    (folder / "run.sh").write_text(
        "docker run -d --name ex-daemon-basic -p 80:80 -v $(pwd)/html:/usr/share/nginx/html nginx\n"
    )
    assert not script_source(DAEMON, folder, Limits(), tmp_path).canonical


def test_html_at_the_repository_root(tmp_path: Path) -> None:
    """``html/index.html`` at the top level is s4-e07 and s4-e08; a root run.sh without the name is s4-e07's only."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<h1>oi</h1>\n", encoding="utf-8")
    (tmp_path / "run.sh").write_text("docker run -d -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx\n")
    submission = Submission(tmp_path)
    for exercise_ in (VOLUME, DAEMON):
        location = submission.locate(exercise_)
        assert location is not None
        assert (location.path, location.evidence) in ((tmp_path, "root"), (tmp_path, "fingerprint"))
    assert not script_source(VOLUME, tmp_path, Limits(), tmp_path).canonical
    assert script_source(DAEMON, tmp_path, Limits(), tmp_path).canonical
    assert Submission(tmp_path).locate(HELLO) is None
