"""The run.sh parser on real student-style lines."""

from __future__ import annotations

import pytest

from dockgrade.commands import parse_script


@pytest.mark.parametrize(
    ("line", "obj", "action", "args"),
    [
        ("docker image pull redis:latest", "image", "pull", ("redis:latest",)),
        ("docker pull redis", "image", "pull", ("redis",)),
        ("sudo docker rmi redis:latest cod3r-redis", "image", "rm", ("redis:latest", "cod3r-redis")),
        ("winpty docker image tag redis:latest cod3r-redis", "image", "tag", ("redis:latest", "cod3r-redis")),
        ("docker images", "image", "ls", ()),
        ("docker image list", "image", "ls", ()),
        ("docker image inspect --format='{{.Id}}' redis", "image", "inspect", ("--format={{.Id}}", "redis")),
        ("docker container ps -a", "container", "ls", ("-a",)),
    ],
)
def test_one_command(line: str, obj: str, action: str, args: tuple[str, ...]) -> None:
    """Old and new syntax, sudo/winpty prefixes and quoting give the same structured command."""
    script = parse_script(line)
    assert [(c.object, c.action, c.args) for c in script.commands] == [(obj, action, args)]
    assert script.skipped == []


def test_comments_blank_lines_and_continuations() -> None:
    """Comments and blank lines vanish; a backslash continuation is one command on its first line number."""
    script = parse_script("#!/bin/sh\n\n# pull\ndocker image \\\n  pull redis  # inline\n")
    assert [(c.line, c.action, c.args) for c in script.commands] == [(4, "pull", ("redis",))]


def test_chains_are_split() -> None:
    """`&&` and `;` chains become separate commands of the same line."""
    script = parse_script("docker pull redis && docker tag redis r2; docker rmi r2")
    assert [c.action for c in script.commands] == ["pull", "tag", "rm"]
    assert {c.line for c in script.commands} == {1}


@pytest.mark.parametrize(
    "line",
    [
        "curl http://localhost:8080",
        "https://example.invalid/some/page",
        "docker image ls | grep redis",
        "docker login --username=someone",
        "echo 'unterminated",
    ],
)
def test_non_docker_lines_are_skipped_with_their_number(line: str) -> None:
    """Anything that is not a supported docker command is reported, never executed."""
    script = parse_script("docker pull redis\n" + line)
    assert [c.action for c in script.commands] == ["pull"]
    assert [s.line for s in script.skipped] == [2]


@pytest.mark.parametrize(
    ("line", "positional"),
    [
        ("docker image inspect -f '{{.Id}}' redis:latest coder-redis", ("redis:latest", "coder-redis")),
        ("docker image inspect --format '{{.Id}}' redis", ("redis",)),
        ("docker image inspect --format='{{.Id}}' redis", ("redis",)),
        ("docker pull --platform linux/amd64 redis", ("redis",)),
        ("docker image ls --filter reference=redis -q", ()),
        ("docker image rm -f redis cod3r-redis", ("redis", "cod3r-redis")),
    ],
)
def test_flag_values_are_not_names(line: str, positional: tuple[str, ...]) -> None:
    """The value of -f/--format/--platform/--filter is never taken for an image name; -f of rm is a bare flag."""
    assert parse_script(line).commands[0].positional == positional
