"""The safety policy on parsed commands: what is refused, and which network targets are allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.core import messages
from dockgrade.core.limits import Limits
from dockgrade.script.commands import parse_words
from dockgrade.script.policy import refused_message, run_refusals, script_problem, unknown_targets


def run_command(line: str):  # type: ignore[no-untyped-def]
    return parse_words(line.split())


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("docker run --privileged debian", "--privileged"),
        ("docker run --cap-add SYS_ADMIN debian", "--cap-add"),
        ("docker run --device /dev/sda debian", "--device"),
        ("docker run --pid host debian", "--pid host"),
        ("docker run --ipc=host debian", "--ipc host"),
        ("docker run --uts host debian", "--uts host"),
        ("docker run --userns host debian", "--userns host"),
        ("docker run --security-opt seccomp=unconfined debian", "--security-opt"),
        ("docker run --sysctl net.ipv4.ip_forward=1 debian", "--sysctl"),
        ("docker run --net host debian", "--network host"),
        ("docker run -v /var/run/docker.sock:/var/run/docker.sock debian", "docker.sock"),
        ("docker run --mount type=bind,src=/,dst=/host debian", "--mount"),
    ],
)
def test_refused_run_options(line: str, fragment: str) -> None:
    """Each dangerous run option is refused with words that name it."""
    refusals = run_refusals(run_command(line))
    assert any(fragment in refusal.what for refusal in refusals), refusals


def test_host_network_allowed_where_taught() -> None:
    """The host network exercise may use --net host; nothing else is relaxed."""
    assert run_refusals(run_command("docker run --net host alpine"), allow_host_network=True) == []
    assert run_refusals(run_command("docker run --net host --privileged alpine"), allow_host_network=True) != []


@pytest.mark.parametrize(
    "line",
    ["docker run -d -p 8080:80 nginx", "docker run --rm --net none alpine", "docker run -v /x:/y --name a debian"],
)
def test_ordinary_runs_pass(line: str) -> None:
    """Ordinary course commands are not refused (bind sources are confined later, by the sandbox)."""
    assert run_refusals(run_command(line)) == []


KNOWN = {"container1", "container2"}
IPS = {"172.17.0.3"}


@pytest.mark.parametrize(
    ("words", "unknown"),
    [
        (["ping", "-c", "1", "container2"], []),
        (["ping", "-c", "1", "-W", "2", "172.17.0.3"], []),
        (["ping", "www.google.com"], ["www.google.com"]),
        (["ping", "-c", "4", "8.8.8.8"], ["8.8.8.8"]),
        (["ping", "172.17.0.99"], ["172.17.0.99"]),
        (["wget", "-qO-", "http://container1/"], []),
        (["wget", "-qO-", "http://example.org/x"], ["example.org"]),
        (["curl", "-s", "https://example.org"], ["example.org"]),
        (["ash", "-c", "ping -c 1 www.google.com"], ["www.google.com"]),
        (["sh", "-c", "ifconfig; ping -c 1 container1"], []),
        (["ls", "/usr/share/nginx/html/index.html"], []),
        (["uname", "-or"], []),
        (["ping", "localhost"], []),
    ],
)
def test_network_tool_targets(words: list[str], unknown: list[str]) -> None:
    """Network tools may only aim at the run's own containers (by name or IP) or loopback."""
    assert unknown_targets(words, KNOWN, IPS) == unknown


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("docker run --pid container:web debian", "--pid container:web"),
        ("docker run --ipc container:db debian", "--ipc container:db"),
        ("docker run --network container:web debian", "--network container:web"),
    ],
)
def test_other_containers_namespaces_refused(line: str, fragment: str) -> None:
    """Joining another container's namespaces (which may not be the run's) is refused too."""
    assert any(fragment in refusal.what for refusal in run_refusals(run_command(line)))


def test_refusal_sentence_lists_everything() -> None:
    """The student reads one sentence naming every refused option."""
    refusals = run_refusals(run_command("docker run --privileged --cap-add ALL debian"))
    assert refused_message(refusals).startswith("não executado por segurança: ")
    assert "--privileged" in refused_message(refusals)
    assert "--cap-add" in refused_message(refusals)


def test_refusals_in_english() -> None:
    """The refusals follow --lang en."""
    messages.set_language("en")
    try:
        assert "not run, for safety" in refused_message(run_refusals(run_command("docker run --privileged debian")))
    finally:
        messages.set_language("pt")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("docker run hello-world\n" * 600, "600 linhas"),
        ("docker run hello-world\n" * 4000, "o limite da correção é 64 KiB"),
    ],
)
def test_scripts_too_big(tmp_path: Path, content: str, fragment: str) -> None:
    """A script larger than the limits is refused, by size before it is read, then by lines."""
    script = tmp_path / "run.sh"
    script.write_text(content)
    assert fragment in (script_problem(script, Limits(), tmp_path) or "")


def test_script_of_course_size_passes(tmp_path: Path) -> None:
    """A course-sized script is fine."""
    script = tmp_path / "run.sh"
    script.write_text("#!/bin/sh\ndocker run hello-world\n")
    assert script_problem(script, Limits(), tmp_path) is None


def test_script_linked_out_of_the_submission(tmp_path: Path) -> None:
    """A run.sh that is a link to a host file is never read."""
    (tmp_path / "entrega").mkdir()
    script = tmp_path / "entrega" / "run.sh"
    script.symlink_to("/etc/passwd")
    assert "aponta para fora" in (script_problem(script, Limits(), tmp_path / "entrega") or "")
