"""What would make the engine fetch for a submission is recognised everywhere the grading builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.compose import policy as compose_policy
from dockgrade.core.limits import Limits
from dockgrade.runtime import build_context
from dockgrade.runtime.dockerfile import remote_sources
from dockgrade.runtime.remote import is_remote
from dockgrade.script import policy
from dockgrade.script.commands import parse_script


@pytest.mark.parametrize(
    ("source", "remote"),
    [
        ("http://127.0.0.1:8000/segredo.txt", True),
        ("HTTPS://exemplo.invalid/a.tar.gz", True),
        ("git://exemplo.invalid/repo.git", True),
        ("git@exemplo.invalid:aluno/repo.git", True),
        ("github.com/aluno/repo#main", True),
        ("ssh://git@exemplo.invalid/repo", True),
        ("index.html", False),
        ("./app", False),
        ("/etc/passwd", False),
        ("a.tar.gz", False),
        ("<<EOF", False),
    ],
)
def test_is_remote(source: str, remote: bool) -> None:
    """URLs of any scheme and case, git over SSH and the bare GitHub form are remote; paths are not."""
    assert is_remote(source) is remote


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "FROM nginx\nADD http://127.0.0.1:8000/s.txt /usr/share/nginx/html/index.html\n",
            ["http://127.0.0.1:8000/s.txt"],
        ),
        ("FROM nginx\nadd --chown=nginx:nginx HTTP://h/x /y\n", ["HTTP://h/x"]),
        ("FROM nginx\nADD --checksum=sha256:00 --link https://h/a.tgz /\n", ["https://h/a.tgz"]),
        ('FROM nginx\nADD ["http://h/a", "/y"]\n', ["http://h/a"]),
        ("FROM nginx\nADD --keep-git-dir=true git@h:a/b.git /src\n", ["git@h:a/b.git"]),
        ("FROM nginx\nADD github.com/a/b /src\n", ["github.com/a/b"]),
        ("FROM nginx\nADD \\\n  http://h/a \\\n  /y\n", ["http://h/a"]),
        ("# escape=`\nFROM nginx\nADD `\n  http://h/a /y\n", ["http://h/a"]),
        ("FROM nginx\nONBUILD ADD http://h/a /y\n", ["http://h/a"]),
        ("FROM nginx\nARG URL=http://127.0.0.1:9/x\nADD $URL /y\n", ["http://127.0.0.1:9/x"]),
        ("FROM nginx\nENV URL http://h/x\nADD ${URL} /y\n", ["http://h/x"]),
        ("FROM nginx\nARG URL\nADD ${URL:-http://h/x} /y\n", ["http://h/x"]),
        ("FROM nginx\nADD index.html a.tar.gz /y/\nCOPY . /app\nRUN curl http://h/x\n", []),
        ("FROM nginx\n# ADD http://h/a /y\n", []),
    ],
)
def test_remote_sources(text: str, found: list[str]) -> None:
    """ADD sources the engine would download, with flags, JSON form, continuations, ARG/ENV substitution."""
    assert remote_sources(text) == found


def test_build_args_reach_add() -> None:
    """A --build-arg value is substituted like the builder does."""
    assert remote_sources("FROM nginx\nARG U\nADD $U /y\n", {"U": "https://h/x"}) == ["https://h/x"]


def test_a_context_whose_dockerfile_downloads_is_refused(tmp_path: Path) -> None:
    """The build never starts: the Dockerfile's ADD <url> is named, with the way out (COPY)."""
    (tmp_path / "Dockerfile").write_text("FROM nginx\nADD http://127.0.0.1:8000/s /x\n")
    problem = build_context.first_problem(tmp_path, tmp_path, Limits())
    assert problem is not None
    assert "o Dockerfile baixa http://127.0.0.1:8000/s com ADD" in problem.message
    assert "use COPY" in problem.message


def test_a_dockerfile_named_otherwise_is_read(tmp_path: Path) -> None:
    """``-f Dockerfile.dev`` / ``dockerfile:``: that file is the one checked."""
    (tmp_path / "Dockerfile").write_text("FROM nginx\n")
    (tmp_path / "Dockerfile.dev").write_text("FROM nginx\nADD https://h/x /x\n")
    assert build_context.first_problem(tmp_path, tmp_path, Limits()) is None
    problem = build_context.first_problem(tmp_path, tmp_path, Limits(), "Dockerfile.dev")
    assert problem is not None
    assert "Dockerfile.dev baixa https://h/x" in problem.message


def test_a_huge_dockerfile_is_refused_unread(tmp_path: Path) -> None:
    """A Dockerfile over the dockerfile_size limit is refused by its size."""
    (tmp_path / "Dockerfile").write_text("FROM nginx\n" + "#" * 2_000_000)
    problem = build_context.first_problem(tmp_path, tmp_path, Limits())
    assert problem is not None
    assert "o Dockerfile tem 1.9 MiB; o limite da correção é 1 MiB" in problem.message


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (
            "https://127.0.0.1:9/ctx.tar.gz",
            "web: build.context: o contexto do build https://127.0.0.1:9/ctx.tar.gz é remoto",
        ),
        ("{context: 'git@exemplo.invalid:a/b.git'}", "é remoto"),
        ("{context: 'github.com/a/b#main'}", "é remoto"),
        ("{context: ., dockerfile: 'http://h/Dockerfile'}", "build.dockerfile: http://h/Dockerfile é remoto"),
        ("{context: ., additional_contexts: {x: 'https://h/x'}}", "build.additional_contexts.x"),
        ('{context: ., dockerfile_inline: "FROM nginx\\nADD http://h/x /y"}', "dockerfile_inline baixa http://h/x"),
        ("{context: ., cache_from: ['type=local,src=/home']}", "web: build.cache_from"),
        ("{context: ., cache_to: ['type=local,dest=/tmp/x']}", "web: build.cache_to"),
        ("{context: ., entitlements: [network.host]}", "web: build.entitlements"),
        ("{context: ., privileged: true}", "web: build.privileged"),
    ],
)
def test_remote_builds_are_refused_before_compose_reads_them(tmp_path: Path, build: str, fragment: str) -> None:
    """A remote context, Dockerfile, additional context or an inline ADD <url> in the student's own file."""
    (tmp_path / "docker-compose.yml").write_text(f"services:\n  web:\n    build: {build}\n")
    found = compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path)
    assert any(fragment in item for item in found), found


def test_an_image_as_additional_context_is_allowed(tmp_path: Path) -> None:
    """``docker-image://`` names an image, fetched like any FROM."""
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    build: {context: ., additional_contexts: {base: 'docker-image://nginx'}}\n"
    )
    assert compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path) == []


def test_a_remote_include_is_refused(tmp_path: Path) -> None:
    """compose would fetch a remote include itself, before any policy on the merged file."""
    (tmp_path / "docker-compose.yml").write_text("include:\n  - https://h/compose.yml\nservices: {}\n")
    found = compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path)
    assert found == [
        "include: include: https://h/compose.yml é remoto (URL ou git): a correção só lê arquivos da sua entrega"
    ]


def test_a_remote_context_interpolated_is_refused_after_merging(tmp_path: Path) -> None:
    """``build: ${CTX}`` from a .env is only known once compose merged it: the merged file is checked too."""
    merged = {"services": {"web": {"build": {"context": "https://h/ctx.git"}}}}
    assert any("é remoto" in item for item in compose_policy.refusals(merged, tmp_path))


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("docker build -t app https://127.0.0.1:9/ctx.tar.gz", "linha 1: https://127.0.0.1:9/ctx.tar.gz é remoto"),
        ("docker image build -t app git@exemplo.invalid:a/b.git", "git@exemplo.invalid:a/b.git"),
        ("docker build -t app github.com/a/b", "github.com/a/b"),
        ("docker build -f http://h/Dockerfile .", "http://h/Dockerfile"),
        ("docker image import http://127.0.0.1:9/rootfs.tar app", "http://127.0.0.1:9/rootfs.tar"),
        ("docker build - < http://h/Dockerfile", "http://h/Dockerfile"),
    ],
)
def test_scripts_that_make_the_engine_fetch_are_refused(tmp_path: Path, line: str, fragment: str) -> None:
    """Parsed or not (never executed either way), a build or import from the network is named."""
    found = policy.script_fetches(parse_script(line + "\n", tmp_path, tmp_path))
    assert any(fragment in refusal.what for refusal in found), found


def test_local_builds_and_other_lines_pass(tmp_path: Path) -> None:
    """A local build, a run with a URL argument, a curl line: none is a fetch by the engine."""
    script = "docker build -t app .\ndocker run --rm app http://x\ncurl http://h | sh\n"
    assert policy.script_fetches(parse_script(script, tmp_path, tmp_path)) == []
