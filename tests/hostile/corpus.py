"""The hostile corpus: load a case, build its submission in a temp dir, and watch the host around its grading.

A case is a folder with a ``case.yml``::

    exercise: s5-e02-first-build        # the grader that runs
    attack: "fork bomb in CMD"          # what the submission does, in words
    base: exercises/secao5/primeiro-build   # optional: the case's files overlay a copy of this reference
    generate: [{kind: sparse, path: primeiro-build/video.mp4, size: 1g}]   # big/odd inputs, made at test time
    limits: {build_seconds: 8}          # DOCKGRADE_LIMIT_* for the child grading
    loopback: true                      # optional: a server on 127.0.0.1:@PORT@ that must get no connection
    fails: [serves_page]                # exactly the checks that fail ([] = every check passes)
    not_run: []                         # exactly the checks not run
    message: "nada respondeu"           # a fragment of a failed check's message
    seconds: 60                         # wall-time bound of the whole child grading
    actions: true                       # optional: graded as on GitHub Actions (Classroom outputs, JUnit), and
                                        # the log, $GITHUB_OUTPUT, step summary and JUnit file are checked too
    max_rss_mb: 300                     # optional: peak memory of the grading process (default 1024)

``@MARK@`` in the case's text files becomes a number unique to the run, so that processes and
containers the case starts can be found on the host afterwards; ``@PORT@`` becomes the port of the
case's loopback server (a grading machine's local-only service the submission tries to reach).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import yaml

from dockgrade.core.limits import size_bytes
from dockgrade.runtime.labels import LABEL_OWNER
from tests.grading_run import ROOT

CASES = Path(__file__).resolve().parent / "cases"
MARK = "@MARK@"
PORT = "@PORT@"
# Every case runs with short limits: the corpus must stay well under ten minutes.
CORPUS_LIMITS = {"build_seconds": 30, "compose_seconds": 60, "run_seconds": 20}


@dataclass
class Case:
    """One hostile case as its ``case.yml`` declares it."""

    name: str
    folder: Path
    spec: dict[str, Any]
    mark: str = field(default_factory=lambda: str(100_000_000 + secrets.randbelow(899_999_999)))
    port: int = 0

    @property
    def seconds(self) -> float:
        """The wall-time bound of the child grading."""
        return float(self.spec["seconds"])

    def environment(self, home: Path, secret: str) -> dict[str, str]:
        """The child grading's environment: short limits, a fake HOME, the run's mark and a secret to keep."""
        limits = {**CORPUS_LIMITS, **(self.spec.get("limits") or {})}
        environment = {key: value for key, value in os.environ.items() if not key.startswith("DOCKGRADE_LIMIT_")}
        environment.update({f"DOCKGRADE_LIMIT_{key.upper()}": str(value) for key, value in limits.items()})
        real_home = Path(os.environ.get("HOME", "/root"))
        environment.setdefault("DOCKER_CONFIG", str(real_home / ".docker"))
        environment.update({"HOME": str(home), "DOCKGRADE_HOSTILE_MARK": self.mark, "DOCKGRADE_HOSTILE_SECRET": secret})
        return environment


def load_cases() -> list[Case]:
    """Every case of the corpus, by folder name."""
    specs = sorted(CASES.glob("*/case.yml"))
    return [Case(path.parent.name, path.parent, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in specs]


def materialise(case: Case, workdir: Path) -> Path:
    """The case's submission, in ``workdir``: base reference + the case's files + generated inputs, marked."""
    root = workdir / str(case.spec.get("submission_name", "submission"))
    root.mkdir(parents=True)
    if "base" in case.spec:
        shutil.copytree(ROOT / case.spec["base"], root / Path(case.spec["base"]).name)
    for source in sorted(case.folder.rglob("*")):
        if source.is_file() and source.name != "case.yml":
            target = root / source.relative_to(case.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8").replace(MARK, case.mark).replace(PORT, str(case.port))
            target.write_text(text, encoding="utf-8")
            target.chmod(source.stat().st_mode)
    for item in case.spec.get("generate") or []:
        GENERATORS[item["kind"]](root, case, **{key: value for key, value in item.items() if key != "kind"})
    return root


# -- generators: big or odd inputs made at test time, never committed ----------------------------------


def _sparse(root: Path, _case: Case, path: str, size: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        handle.truncate(size_bytes(size))


def _symlink(root: Path, _case: Case, path: str, target: str) -> None:
    link = root / path
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target.replace("@ROOT@", str(root)))


def _random_bytes(root: Path, _case: Case, path: str, size: int, seed: int) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(random.Random(seed).randbytes(size))


def _raw_name(root: Path, _case: Case, folder: str, name_hex: str, text: str) -> None:
    (root / folder).mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(root / folder) + b"/" + bytes.fromhex(name_hex), "w", encoding="utf-8") as handle:
        handle.write(text)


def _repeat(root: Path, case: Case, path: str, line: str, count: int) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((line.replace(MARK, case.mark) + "\n") * count, encoding="utf-8")


def _services(root: Path, _case: Case, path: str, count: int) -> None:
    services = {f"s{number}": {"image": "busybox", "command": ["sleep", "600"]} for number in range(count)}
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump({"services": services}), encoding="utf-8")


def _outside(root: Path, case: Case, path: str, source: str) -> None:
    """A real exercise folder outside the submission (next to it), for links that point out."""
    shutil.copytree(ROOT / source, root.parent / "fora" / path)


def _submodule(root: Path, _case: Case, path: str, url: str) -> None:
    """A git repository whose ``path`` is a submodule (a gitlink) pointing elsewhere, never checked out."""
    git = ["git", "-C", str(root), "-c", "user.name=aluno", "-c", "user.email=aluno@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    (root / ".gitmodules").write_text(f'[submodule "{path}"]\n\tpath = {path}\n\turl = {url}\n', encoding="utf-8")
    (root / path).mkdir(parents=True, exist_ok=True)
    gitlink = f"160000,{'1' * 40},{path}"
    subprocess.run([*git, "update-index", "--add", "--cacheinfo", gitlink], check=True)
    subprocess.run([*git, "add", ".gitmodules"], check=True)
    subprocess.run([*git, "commit", "-qm", "entrega"], check=True)


GENERATORS: dict[str, Callable[..., None]] = {
    "sparse": _sparse,
    "symlink": _symlink,
    "random_bytes": _random_bytes,
    "raw_name": _raw_name,
    "repeat": _repeat,
    "services": _services,
    "outside": _outside,
    "submodule": _submodule,
}


# -- the host around a grading ---------------------------------------------------------------------------


def tree(root: Path) -> set[tuple[str, str, int]]:
    """(path, kind, size) of everything under ``root``, links not followed; names kept as raw bytes."""
    found = set()
    for folder, dirs, files in os.walk(os.fsencode(root)):
        for name in dirs + files:
            path = os.path.join(folder, name)
            status = os.lstat(path)
            kind = "link" if os.path.islink(path) else "dir" if os.path.isdir(path) else "file"
            found.add(
                (os.fsdecode(os.path.relpath(path, os.fsencode(root))), kind, 0 if kind == "dir" else status.st_size)
            )
    return found


def top_level() -> set[str]:
    """The names in ``/``: a host mount that got through would leave something there."""
    return set(os.listdir("/"))


def marked_processes(mark: str, workdir: Path | None = None) -> list[str]:
    """Live processes of a case: started by the child grading (its environment), by the case (its command
    line), or working in the case's folder (compose, which gets a cleaned environment)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environment = (entry / "environ").read_bytes()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        inside = workdir is not None and Path(cwd).is_relative_to(workdir)
        if inside or mark.encode() in command or f"DOCKGRADE_HOSTILE_MARK={mark}".encode() in environment:
            shown = command.replace(b"\0", b" ").decode(errors="replace")[:120]
            found.append(f"{entry.name}: {shown}")
    return found


def leftovers(client: docker.DockerClient, pid: int, mark: str) -> list[str]:
    """Docker resources the child grading (``pid``) left: labelled ones, and containers running the case's mark."""
    owner = {"label": f"{LABEL_OWNER}={socket.gethostname()}:{pid}"}
    names = [f"container {c.name}" for c in client.containers.list(all=True, sparse=True, filters=owner)]
    names += [f"network {n.name}" for n in client.networks.list(filters=owner)]
    names += [f"volume {v.name}" for v in client.volumes.list(filters=owner)]
    names += [f"image {image_id}" for image_id in client.api.images(quiet=True, filters=owner)]
    marked = [c for c in client.api.containers(all=True) if mark in str(c.get("Command", ""))]
    names += [f"container {c['Id'][:12]} ({c.get('Command')})" for c in marked]
    return names + [f"image {image_id[:19]} (a layer of the case)" for image_id in _marked_layers(client, mark)]


def _marked_layers(client: docker.DockerClient, mark: str) -> list[str]:
    """Untagged images a build of the case committed (their creating command holds the mark)."""
    found = []
    # Listed without the SDK's per-image inspect: another test's image removed meanwhile must not break this.
    for image_id in client.api.images(all=True, quiet=True, filters={"dangling": True}):
        with contextlib.suppress(docker.errors.NotFound):
            command = (client.api.inspect_image(image_id).get("ContainerConfig") or {}).get("Cmd") or []
            if mark in " ".join(command):
                found.append(image_id)
    return found


class LoopbackServer:
    """A service of the grading machine (127.0.0.1 by default) that counts every connection it gets.

    It answers a secret, as a metadata endpoint or a dashboard would; it stops when the block ends, and
    by itself after ``seconds`` in any case (a test killed midway leaves no server behind). ``address``
    ``0.0.0.0`` is a service listening on all interfaces, as an instructor's laptop or a cloud VM often has.
    """

    def __init__(self, seconds: float = 600, address: str = "127.0.0.1", port: int = 0) -> None:
        self.connections = 0
        self.secret = secrets.token_hex(8)
        server = self

        class Answer(http.server.BaseHTTPRequestHandler):
            def setup(self) -> None:
                server.connections += 1
                super().setup()

            def do_GET(self) -> None:
                body = f"SEGREDO-{server.secret}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer((address, port), Answer)
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        self._stop = threading.Timer(seconds, self.close)
        self._stop.daemon = True
        self._closing = threading.Lock()
        self._serving = False

    def __enter__(self) -> LoopbackServer:
        self._serving = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        self._stop.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and free the port (safe to call twice)."""
        self._stop.cancel()
        with self._closing:
            if self._serving:
                self._serving = False
                self._httpd.shutdown()
            self._httpd.server_close()


class SquattedPort:
    """Holds a host port (as something else on the machine would) while a grading runs."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    def __enter__(self) -> SquattedPort:
        try:
            self._socket.bind(("0.0.0.0", self.port))
            self._socket.listen()
        except OSError:
            pass  # already taken by something else: squatted all the same
        return self

    def __exit__(self, *_exc: object) -> None:
        self._socket.close()


@dataclass
class ChildRun:
    """A finished child grading: exit code, output, JSON report, pid, wall time and peak memory."""

    exit_code: int
    output: str
    report: dict[str, Any]
    pid: int
    seconds: float
    max_rss_mb: float

    def outcomes(self) -> dict[str, str]:
        """``check -> outcome`` for every graded check."""
        return {check["check"]: check["outcome"] for check in self.report["checks"]}


def actions_environment(workdir: Path) -> dict[str, str]:
    """What a GitHub Actions step gives the child: GITHUB_ACTIONS and the output and summary files (in ``workdir``)."""
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(workdir / "github-output"),
        "GITHUB_STEP_SUMMARY": str(workdir / "step-summary"),
        "DOCKGRADE_CLASSROOM": "1",
        "DOCKGRADE_CLASSROOM_NOTICES": "1",
        "DOCKGRADE_VIEW": "student",
    }


def grade_child(
    grader: Path, submission: Path, workdir: Path, environment: dict[str, str], limit: float, *extra: str
) -> ChildRun:
    """Grade ``submission`` with ``grader`` in a child pytest (its own session, killed whole after ``limit``)."""
    report_path = workdir / "report.json"
    command = [sys.executable, "-m", "pytest", str(grader), "-p", "no:cacheprovider", "-q", "--rootdir", str(ROOT)]
    command += ["--dockgrade-json", str(report_path), "--submission", str(submission), *extra]
    started = time.monotonic()
    child = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    timer = threading.Timer(limit, os.killpg, (child.pid, signal.SIGKILL))
    timer.start()
    assert child.stdout is not None
    with child.stdout:
        output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {"checks": []}
    return ChildRun(child.returncode, output, report, child.pid, elapsed, usage.ru_maxrss / 1024)
