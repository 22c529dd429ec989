"""git as the batch runs it: never through a shell, never asking anything, only the roster line's transport.

A repository that needs credentials fails at once instead of waiting at a prompt: no terminal prompt
(``GIT_TERMINAL_PROMPT=0``, stdin closed, a new session with no controlling terminal), no askpass
program, no credential helper of the instructor's (a desktop keyring dialog), SSH in batch mode.
Private repositories are reached with the instructor's SSH key or a token given in the environment
(``DOCKGRADE_GIT_TOKEN``), sent only to ``DOCKGRADE_GIT_TOKEN_URL`` and kept out of every message.
Each call is bounded in time (its whole process group is killed) and in the output kept.
"""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TOKEN_VARIABLES = ("DOCKGRADE_GIT_TOKEN", "DOCKGRADE_GIT_TOKEN_URL", "DOCKGRADE_GIT_USER")
DEFAULT_TOKEN_URL = "https://github.com/"
_KEPT_BYTES = 64 * 1024
# What git and ssh print when a repository wants credentials that were not (or wrongly) given.
_NEEDS_CREDENTIALS = (
    "terminal prompts disabled",
    "could not read username",
    "could not read password",
    "authentication failed",
    "permission denied (publickey",
    "host key verification failed",
    "repository not found",
    "returned error: 401",
    "returned error: 403",
)
# The instructor's environment may point git somewhere else entirely (a hook's GIT_DIR, say).
_DROPPED = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_CONFIG")


class GitFailed(Exception):
    """git ended with an error (or ran out of time); the message never holds the token."""

    def __init__(self, command: str, output: str, timed_out: bool = False) -> None:
        super().__init__(f"git {command}: {output}")
        self.command, self.output, self.timed_out = command, output, timed_out

    @property
    def needs_credentials(self) -> bool:
        """Whether the repository is private (or missing) for the credentials git had."""
        text = self.output.lower()
        return any(sign in text for sign in _NEEDS_CREDENTIALS)


@dataclass(frozen=True)
class Token:
    """The instructor's access token for private repositories, and the only URL prefix it is sent to."""

    secret: str
    url: str
    user: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Token | None:
        """The token of ``DOCKGRADE_GIT_TOKEN`` (None when unset)."""
        secret = environ.get("DOCKGRADE_GIT_TOKEN", "")
        if not secret:
            return None
        url = environ.get("DOCKGRADE_GIT_TOKEN_URL") or DEFAULT_TOKEN_URL
        user = environ.get("DOCKGRADE_GIT_USER") or "x-access-token"
        return cls(secret, url if url.endswith("/") else url + "/", user)

    @property
    def header(self) -> str:
        """HTTP basic authentication, as every git host accepts a token."""
        return "Basic " + base64.b64encode(f"{self.user}:{self.secret}".encode()).decode()

    def hide(self, text: str) -> str:
        """``text`` with the token (raw or encoded) replaced by ``***``."""
        for secret in (self.secret, self.header.removeprefix("Basic ")):
            text = text.replace(secret, "***")
        return text


def without_secrets(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without the token variables (for every process other than git)."""
    return {name: value for name, value in environ.items() if name not in TOKEN_VARIABLES}


def command_line(arguments: list[str], transport: str) -> list[str]:
    """git's argv: prompts, askpass and credential helpers off, and only ``transport`` allowed."""
    return [
        "git",
        "-c",
        "protocol.allow=never",
        "-c",
        f"protocol.{transport}.allow=always",
        "-c",
        "credential.helper=",
        "-c",
        "core.askPass=",
        # A host that accepts and then goes silent (a tarpit) ends in a minute, not at the 300 s limit.
        "-c",
        "http.lowSpeedLimit=1000",
        "-c",
        "http.lowSpeedTime=60",
        "-c",
        "advice.detachedHead=false",
        *arguments,
    ]


def environment(environ: Mapping[str, str], token: Token | None) -> dict[str, str]:
    """git's environment: nothing can ask, SSH in batch mode; the token (if any) only for its URL prefix."""
    base = {name: value for name, value in without_secrets(environ).items() if name not in _DROPPED}
    ssh = environ.get("GIT_SSH_COMMAND") or "ssh"
    base.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        SSH_ASKPASS_REQUIRE="never",
        GCM_INTERACTIVE="never",
        GIT_SSH_COMMAND=f"{ssh} -o BatchMode=yes -o ConnectTimeout=30",
    )
    if token is not None:
        # Through the environment, not -c: a command line is visible to every user of the machine.
        given = environ.get("GIT_CONFIG_COUNT", "")
        count = int(given) if given.isdigit() else 0
        base.update(
            {
                "GIT_CONFIG_COUNT": str(count + 1),
                f"GIT_CONFIG_KEY_{count}": f"http.{token.url}.extraHeader",
                f"GIT_CONFIG_VALUE_{count}": f"Authorization: {token.header}",
            }
        )
    return base


def run_git(arguments: list[str], cwd: Path, transport: str, seconds: float) -> str:
    """git's stdout; GitFailed with its last words (token hidden) when it fails or outlives ``seconds``."""
    token = Token.from_environment(os.environ)
    child = subprocess.Popen(
        command_line(arguments, transport),
        cwd=cwd,
        env=environment(os.environ, token),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    out, err = bytearray(), bytearray()
    readers = [_reader(child.stdout, out), _reader(child.stderr, err)]
    timed_out = False
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(child)
    except BaseException:
        _kill(child)
        raise
    for reader in readers:
        reader.join(timeout=10)
    stdout, stderr = _shown(out, token), _shown(err, token)
    if child.returncode != 0:
        raise GitFailed(arguments[0], (stderr or stdout).strip()[-300:], timed_out=timed_out)
    return stdout


def _kill(child: subprocess.Popen[bytes]) -> None:
    """The whole group: git's helpers (git-remote-https, ssh) too."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _shown(output: bytearray, token: Token | None) -> str:
    text = output.decode(errors="replace")
    return token.hide(text) if token else text


def _reader(pipe: IO[bytes] | None, kept: bytearray) -> threading.Thread:
    """A thread keeping the last bytes of ``pipe`` (a flooding remote cannot fill the grader's memory)."""

    def drain() -> None:
        assert pipe is not None
        for chunk in iter(lambda: os.read(pipe.fileno(), 65536), b""):
            kept.extend(chunk)
            del kept[:-_KEPT_BYTES]
        pipe.close()

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    return thread
