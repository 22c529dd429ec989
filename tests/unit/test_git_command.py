"""git in a batch never asks anything, never runs what a roster line smuggles in, and never shows the token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockgrade.batch import git_command
from dockgrade.batch.fetch import FetchFailed, fetch
from dockgrade.batch.git_command import GitFailed, Token, run_git
from dockgrade.batch.roster import Entry
from tests.git_http import bare_copy, basic, git_host

TOKEN = "ghp_tokenDoInstrutor1234567890"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A one-commit repository."""
    folder = tmp_path / "entrega"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM nginx\n", encoding="utf-8")
    run = ["git", "-c", "user.email=a@example.invalid", "-c", "user.name=a"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run([*run, "commit", "-qm", "entrega"], cwd=folder, check=True)
    return folder


@pytest.fixture
def instructor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instructor's machine whose git would ask: a credential helper, askpass programs (each touches a marker)."""
    marker = tmp_path / "perguntou"
    config = tmp_path / "gitconfig"
    config.write_text(f'[credential]\n\thelper = "!touch {marker}-helper"\n[core]\n\taskPass = touch {marker}-core\n')
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_ASKPASS", f"touch {marker}-git")
    monkeypatch.setenv("SSH_ASKPASS", f"touch {marker}-ssh")
    for name in git_command.TOKEN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return marker


def markers(tmp_path: Path) -> list[str]:
    return sorted(path.name for path in tmp_path.rglob("*") if "perguntou" in path.name or "marca" in path.name)


def test_private_repository_fails_at_once_without_asking(tmp_path: Path, repository: Path, instructor: Path) -> None:
    """A 401 ends the fetch with the plain message; no helper, askpass or prompt of the instructor's ran."""
    bare_copy(repository, tmp_path / "srv", "privado")
    with git_host(tmp_path / "srv") as host, pytest.raises(FetchFailed) as failure:
        fetch(Entry("ana", host.url + "privado.git", deadline="2099-01-01"), tmp_path / "work")
    assert str(failure.value) == "repositório privado ou inexistente (sem credenciais)"
    assert markers(tmp_path) == []


def test_token_reaches_only_its_host_and_no_message(
    tmp_path: Path, repository: Path, instructor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The instructor's token opens its host's private repository, is never sent elsewhere, never written down."""
    bare_copy(repository, tmp_path / "srv", "privado")
    accepted = basic("x-access-token", TOKEN)
    with git_host(tmp_path / "srv", accepted) as host, git_host(tmp_path / "srv") as other:
        monkeypatch.setenv("DOCKGRADE_GIT_TOKEN", TOKEN)
        monkeypatch.setenv("DOCKGRADE_GIT_TOKEN_URL", host.url)
        fetched = fetch(Entry("ana", host.url + "privado.git", deadline="2099-01-01"), tmp_path / "work")
        with pytest.raises(FetchFailed) as elsewhere:
            fetch(Entry("bia", other.url + "privado.git", deadline="2099-01-01"), tmp_path / "work")
    assert (fetched.path / "Dockerfile").is_file()
    assert accepted in host.authorizations
    assert set(other.authorizations) == {None}, "the token went to another host"
    assert str(elsewhere.value) == "repositório privado ou inexistente (sem credenciais)"
    written = "\n".join(p.read_text(errors="replace") for p in (tmp_path / "work").rglob("*") if p.is_file())
    assert TOKEN not in written
    assert accepted.split()[1] not in written


def test_token_is_hidden_in_git_output() -> None:
    """Whatever git prints, the token and its encoded form read as ***."""
    token = Token(TOKEN, "https://github.com/", "x-access-token")
    printed = f"fatal: {TOKEN} and {token.header}"
    assert token.hide(printed) == "fatal: *** and Basic ***"


def test_environment_never_asks_and_keeps_the_token_off_the_command_line() -> None:
    """No prompt, no askpass, SSH in batch mode; the token only in git's environment, scoped to its URL."""
    token = Token(TOKEN, "https://git.example.invalid/", "oauth2")
    env = git_command.environment({"PATH": "/usr/bin", "GIT_DIR": "/elsewhere", "DOCKGRADE_GIT_TOKEN": TOKEN}, token)
    assert (env["GIT_TERMINAL_PROMPT"], env["GIT_ASKPASS"], env["SSH_ASKPASS"]) == ("0", "", "")
    assert "-o BatchMode=yes" in env["GIT_SSH_COMMAND"]
    assert "GIT_DIR" not in env
    assert "DOCKGRADE_GIT_TOKEN" not in env
    assert env["GIT_CONFIG_KEY_0"] == "http.https://git.example.invalid/.extraHeader"
    argv = git_command.command_line(["clone", "--end-of-options", "https://git.example.invalid/x"], "https")
    assert TOKEN not in " ".join(argv)
    assert argv[1:7] == ["-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "credential.helper="]
    assert git_command.without_secrets({"DOCKGRADE_GIT_TOKEN": TOKEN, "HOME": "/h"}) == {"HOME": "/h"}


@pytest.mark.parametrize(
    ("entry_of", "fragment"),
    [
        (lambda repo, m: Entry("m", str(repo), ref=f"--upload-pack=touch {m}"), "como uma opção"),
        (lambda repo, m: Entry("m", str(repo), ref=f"-cprotocol.ext.allow=always {m}"), "como uma opção"),
        (lambda repo, m: Entry("m", f"ext::sh -c touch% {m}"), "transporte não permitido (ext)"),
        (lambda repo, m: Entry("m", "fd::0"), "transporte não permitido (fd)"),
        (lambda repo, m: Entry("m", f"--upload-pack=touch {m}"), "como uma opção"),
        (lambda repo, m: Entry("m", str(repo), deadline=f"--upload-pack=touch {m}"), "não é uma data"),
    ],
)
def test_fetch_checks_an_entry_it_is_given(
    tmp_path: Path, repository: Path, entry_of: object, fragment: str, instructor: Path
) -> None:
    """fetch refuses hostile fields itself, even for an entry that never went through the roster's review."""
    marker = tmp_path / "marca"
    with pytest.raises(FetchFailed) as refused:
        fetch(entry_of(repository, marker), tmp_path / "work")  # type: ignore[operator]
    assert fragment in str(refused.value)
    assert markers(tmp_path) == []


def test_git_itself_refuses_other_transports_and_option_values(tmp_path: Path, repository: Path) -> None:
    """Below the checks: protocol.allow stops ext::, and --end-of-options keeps a ref from being an option."""
    marker = tmp_path / "marca"
    with pytest.raises(GitFailed) as ext:
        run_git(["clone", "--end-of-options", f"ext::sh -c touch% {marker}", str(tmp_path / "c")], tmp_path, "file", 30)
    assert "transport 'ext' not allowed" in ext.value.output
    clone = tmp_path / "clone"
    run_git(["clone", "--quiet", "--end-of-options", str(repository), str(clone)], tmp_path, "file", 30)
    with pytest.raises(GitFailed):
        run_git(["fetch", "--end-of-options", "origin", f"--upload-pack=touch {marker}"], clone, "file", 30)
    assert not marker.exists()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A host that accepts connections and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/mudo.git"


def test_a_silent_host_ends_in_time_with_its_helpers(tmp_path: Path, silent_server: str) -> None:
    """git's time limit kills its whole group (git-remote-http too): nothing of it keeps running."""
    with pytest.raises(GitFailed) as stalled:
        run_git(["clone", "--end-of-options", silent_server, str(tmp_path / "c")], tmp_path, "http", 2)
    assert stalled.value.timed_out
    port = silent_server.split(":")[2].split("/")[0]
    running = [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p).count(f"127.0.0.1:{port}")]
    assert running == []


def _cmdline(process: Path) -> str:
    try:
        return (process / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_read_output_is_bounded() -> None:
    """Only the last 64 KiB of git's output are kept (a remote flooding its messages cannot fill memory)."""
    reading, writing = os.pipe()
    kept = bytearray()
    reader = git_command._reader(os.fdopen(reading, "rb"), kept)
    flood = b"".join(b"remote: linha %07d\n" % n for n in range(200_000))
    with os.fdopen(writing, "wb") as pipe:
        pipe.write(flood)
    reader.join(timeout=30)
    assert bytes(kept) == flood[-64 * 1024 :]


def test_ssh_runs_in_batch_mode_and_a_refused_key_fails_at_once(
    tmp_path: Path, instructor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The instructor's ssh command gets BatchMode=yes (ssh never asks); a key the host refuses is "sem credenciais"."""
    calls = tmp_path / "ssh-calls"
    fake_ssh = tmp_path / "fake_ssh.py"
    fake_ssh.write_text(
        "import sys\n"
        f"open({str(calls)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        "sys.stderr.write('git@127.0.0.1: Permission denied (publickey).\\n')\n"
        "sys.exit(255)\n"
    )
    monkeypatch.setenv("GIT_SSH_COMMAND", f"{sys.executable} {fake_ssh} -i /chave/da/turma")
    with pytest.raises(FetchFailed) as refused:
        fetch(Entry("ana", "git@127.0.0.1:turma/ana.git"), tmp_path / "work")
    assert str(refused.value) == "repositório privado ou inexistente (sem credenciais)"
    called = calls.read_text()
    assert called.startswith("-i /chave/da/turma -o BatchMode=yes -o ConnectTimeout=30 ")
    assert "git@127.0.0.1" in called
