"""Each roster field is checked before git sees it: refs, repositories and deadlines from untrusted rosters."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from dockgrade.batch import roster_fields
from dockgrade.batch.roster_fields import deadline_moment, deadline_problem, is_ref_name, ref_problem, repo_problem

GOOD_REFS = ["main", "feature/aula-5", "v1.0", "refs/heads/main", "entrega_final", "+main", "a" * 40, "F" * 64, "ção"]
OPTION_REFS = ["--upload-pack=touch /tmp/x", "-c", "-ccore.sshCommand=touch /tmp/x", "--config=x", "-"]
BAD_REFS = [
    "a..b",
    "a b",
    "main~1",
    "HEAD^",
    "a:b",
    "a?",
    "a*",
    "a[1]",
    "a\\b",
    "/main",
    "main/",
    "a//b",
    "main.",
    ".hidden",
    "a/.b",
    "x.lock",
    "a/b.lock/c",
    "@",
    "a@{1}",
    "tab\there",
    "nl\nx",
    "esc\x1bx",
    "x" * 201,
]


@pytest.mark.parametrize("ref", ["", *GOOD_REFS])
def test_good_refs_pass(ref: str) -> None:
    """Branches, tags, full refs and full commit ids are fetched as given."""
    assert ref_problem(ref) == ""


@pytest.mark.parametrize("ref", OPTION_REFS)
def test_option_shaped_refs_are_refused_as_options(ref: str) -> None:
    """A ref starting with '-' is never given to git: the message says git would read it as an option."""
    assert "seria lida pelo git como uma opção" in ref_problem(ref)


@pytest.mark.parametrize("ref", BAD_REFS)
def test_invalid_ref_names_are_refused(ref: str) -> None:
    """What git check-ref-format refuses is refused with a plain message (control characters shown escaped)."""
    message = ref_problem(ref)
    assert "não é um nome de branch/tag válido" in message
    assert "\n" not in message
    assert "\x1b" not in message


@pytest.mark.parametrize("name", [*GOOD_REFS[:-3], *BAD_REFS[:-1], "a/b/c", "x.lock.y", "ab.", "a.b", "@x", "{x}"])
def test_ref_names_judged_like_git_check_ref_format(name: str) -> None:
    """The Python rules agree with `git check-ref-format --allow-onelevel` (never given an option-shaped name)."""
    git = subprocess.run(["git", "check-ref-format", "--allow-onelevel", name], capture_output=True, check=False)
    assert is_ref_name(name) == (git.returncode == 0)


GOOD_REPOS = {
    "https://github.com/aluna/curso-docker.git": "https",
    "http://127.0.0.1:8080/turma/ana.git": "http",
    "ssh://git@github.com/aluna/curso-docker.git": "ssh",
    "ssh://git@[::1]:2222/x.git": "ssh",
    "git@github.com:aluna/curso-docker.git": "ssh",
    "gitlab.example.com:aluna/repo.git": "ssh",
    "git://127.0.0.1/repo.git": "git",
    "file:///srv/turma/ana": "file",
    "/srv/turma/ana silva": "file",
    "turma/ana": "file",
    "./ana:2026": "file",
    "~/turma/ana": "file",
}


@pytest.mark.parametrize(("repo", "transport"), GOOD_REPOS.items())
def test_good_repositories_pass_with_their_transport(repo: str, transport: str) -> None:
    """URLs of the allowed transports and local paths pass; git is then allowed only that transport."""
    assert repo_problem(repo) == ""
    assert roster_fields.transport(repo) == transport


@pytest.mark.parametrize(
    ("repo", "fragment"),
    [
        ("--upload-pack=touch /tmp/x", "seria lido pelo git como uma opção"),
        ("-oProxyCommand=touch /tmp/x", "seria lido pelo git como uma opção"),
        ("ext::sh -c touch% /tmp/x", "transporte não permitido (ext)"),
        ("fd::17", "transporte não permitido (fd)"),
        ("fd::17/x", "transporte não permitido (fd)"),
        ("/srv/a::b", "transporte não permitido (::)"),
        ("ftp://example.com/x.git", "transporte não permitido (ftp)"),
        ("rsync://example.com/x.git", "transporte não permitido (rsync)"),
        ("ssh://-oProxyCommand=touch%20x/y", "não é uma URL nem um caminho válido"),
        ("ssh://-l@host/y", "não é uma URL nem um caminho válido"),
        ("-l@host:x", "seria lido pelo git como uma opção"),
        ("user@-oProxyCommand=x:y", "não é uma URL nem um caminho válido"),
        ("https://github.com/a b", "não é uma URL nem um caminho válido"),
        ("https:///x", "não é uma URL nem um caminho válido"),
        ("file://outra-maquina/x", "não é uma URL nem um caminho válido"),
        ("/srv/ana\n--upload-pack=x", "não é uma URL nem um caminho válido"),
        ("", "não é uma URL nem um caminho válido"),
    ],
)
def test_hostile_repositories_are_refused(repo: str, fragment: str) -> None:
    """Option-shaped values, remote helpers (ext::, fd::) and other transports never reach git."""
    assert fragment in repo_problem(repo)


def test_a_password_in_the_url_is_refused_without_repeating_it() -> None:
    """A token written into the roster's URL is refused, and the message (a report's cell) does not hold it."""
    message = repo_problem("https://aluna:ghp_segredo123@github.com/aluna/repo.git")
    assert "senha ou token" in message
    assert "ghp_segredo123" not in message


@pytest.mark.parametrize(
    ("deadline", "moment"),
    [
        ("2026-05-10", datetime(2026, 5, 10, 23, 59, 59)),
        ("2026-05-10 18:00", datetime(2026, 5, 10, 18, 0)),
        ("2026-05-10T18:00:30", datetime(2026, 5, 10, 18, 0, 30)),
    ],
)
def test_deadlines_are_dates(deadline: str, moment: datetime) -> None:
    """ISO dates pass; a date alone means the end of that day, in the grading host's zone."""
    assert deadline_problem(deadline) == ""
    assert deadline_moment(deadline) == moment.astimezone()


def test_deadline_with_an_offset_keeps_it() -> None:
    """An explicit offset (Brasília's -03:00) is kept as written."""
    assert deadline_moment("2026-05-10T23:59:00-03:00").isoformat() == "2026-05-10T23:59:00-03:00"


@pytest.mark.parametrize("deadline", ["amanhã", "yesterday", "10/05/2026", "--since=x", "-1", "2026-13-01", "now"])
def test_non_dates_are_refused(deadline: str) -> None:
    """git would read almost anything as a date (often "now"); the roster says what to write instead."""
    assert "não é uma data; use AAAA-MM-DD" in deadline_problem(deadline)
