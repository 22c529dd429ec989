"""Batch grading of a class: everyone graded or reported, totals as in own runs, resumable, survives a lost engine."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from dockgrade.runtime.engines import Engine, copy_standins
from tests import browser
from tests.grading_run import ROOT, grade, mutant

SECTION5 = ROOT / "exercises" / "secao5"
ALIASES = {
    "primeiro-build": "primeiro_build",
    "build-com-arg": "build-com-args",
    "build-com-copy": "build-copy",
    "build-dev": "dockerfile-example",
}
ENGINE_SCRIPT = ROOT / "ci" / "engines" / "dockerd-netns.sh"
# One worker grades the class once for the three tests that read its outputs.
pytestmark = pytest.mark.xdist_group("batch")


def git_repo(folder: Path) -> Path:
    """Make ``folder`` a git repository with one commit."""
    run = ["git", "-c", "user.email=aluno@example.invalid", "-c", "user.name=aluno"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run([*run, "commit", "-qm", "entrega"], cwd=folder, check=True)
    return folder


def student_repos(root: Path) -> dict[str, str]:
    """Twelve-plus submissions with the layouts real students use; student → repo."""
    repos: dict[str, str] = {}

    def copy(name: str, source: Path = SECTION5) -> Path:
        shutil.copytree(source, root / name)
        return root / name

    repos["ana-git"] = "file://" + str(git_repo(copy("ana")))
    repos["bruno-pasta"] = str(copy("bruno"))  # not a git repository
    aliased = copy("carla")
    for canonical, alias in ALIASES.items():
        (aliased / canonical).rename(aliased / alias)
    repos["carla-aliases"] = str(git_repo(aliased))
    nested = copy("davi")
    (nested / "ex-volume").mkdir()
    for name in ("primeiro-build", "build-com-arg", "build-com-copy", "build-dev"):
        (nested / name).rename(nested / "ex-volume" / name)
    repos["davi-aninhado"] = str(nested)
    lower = copy("eva")
    for dockerfile in lower.rglob("Dockerfile"):
        dockerfile.rename(dockerfile.with_name("dockerfile"))
    repos["eva-minusculo"] = str(lower)
    partial = root / "fabio"
    partial.mkdir()
    shutil.copytree(SECTION5 / "build-com-arg", partial / "build-com-arg")
    repos["fabio-so-um"] = str(partial)
    for index, name in enumerate(
        ("secao5/build-com-arg/valor-padrao-file", "secao5/build-dev/sem-user-www", "secao5/primeiro-build/sem-h1")
    ):
        repos[f"mutante-{index}"] = str(copy(f"m{index}", mutant(name)))
    vendored = copy("gui")
    shutil.copytree(SECTION5, vendored / "repositorio-curso-docker" / "curso-docker-master")
    repos["gui-vendorizado"] = str(vendored)
    repos["hugo-git-plano"] = "file://" + str(git_repo(copy("hugo")))
    repos["ines-inexistente"] = str(root / "nao-existe")
    return repos


def one_exercise_class(root: Path, exercise: str, size: int) -> dict[str, str]:
    """``size`` students who each submitted only the reference ``exercise`` folder."""
    return {
        f"aluno{i}": str(shutil.copytree(SECTION5 / exercise, root / f"r{i}" / exercise).parent) for i in range(size)
    }


def write_roster(path: Path, repos: dict[str, str]) -> Path:
    lines = ["student,repo", *(f"{student},{repo}" for student, repo in repos.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def batch(*args: str, env: dict[str, str] | None = None, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dockgrade.cli", "batch", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env, check=False)


def summary(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def feedback_of(out: Path, students: set[str]) -> str:
    """The students' feedback files, for a failure message that says what went wrong for them."""
    return "\n".join((out / "feedback" / f"{student}.md").read_text(encoding="utf-8") for student in sorted(students))


@pytest.fixture(scope="module")
def graded_class(
    tmp_path_factory: pytest.TempPathFactory, docker_client: docker.DockerClient
) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("turma")
    repos = student_repos(root / "repos")
    roster = write_roster(root / "roster.csv", repos)
    done = batch(str(roster), "--out", str(root / "out"), "--section", "5", "--workers", "2")
    assert done.returncode == 1, done.stdout + done.stderr  # one student's repository does not exist
    return root / "out", repos


def test_everyone_graded_or_reported(graded_class: tuple[Path, dict[str, str]]) -> None:
    """Thirteen students: twelve graded, the missing repository reported as an error for a person."""
    out, repos = graded_class
    rows = summary(out)
    assert set(rows) == set(repos)
    assert {s for s, row in rows.items() if row["status"] == "error"} == {"ines-inexistente"}
    full = {
        "ana-git",
        "bruno-pasta",
        "carla-aliases",
        "davi-aninhado",
        "eva-minusculo",
        "gui-vendorizado",
        "hugo-git-plano",
    }
    graded_full = {s for s, row in rows.items() if row["total"] == row["max"] != "0"}
    assert graded_full == full, feedback_of(out, full - graded_full)
    assert float(rows["fabio-so-um"]["s5-e03-build-arg"]) == 8
    assert float(rows["fabio-so-um"]["total"]) == 8
    assert (out / "feedback" / "mutante-0.md").read_text().count("esperado 'files', obtido 'file'") == 1


def test_totals_equal_own_runs(graded_class: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The summary's totals are what each student gets grading alone."""
    out, repos = graded_class
    rows = summary(out)
    for student in ("carla-aliases", "mutante-1"):
        own = grade([ROOT / "graders" / "secao5"], Path(repos[student]), tmp_path / student, "--assignment", "curso")
        assert float(rows[student]["total"]) == own.report["score"], student


def test_checks_csv_and_index(graded_class: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """checks.csv has one row per student and check; the HTML index renders with every student."""
    out, repos = graded_class
    with (out / "checks.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["student"] for row in rows} == set(repos) - {"ines-inexistente"}
    dom = browser.run(browser.chromium(), tmp_path, "--dump-dom", (out / "index.html").as_uri())
    assert all(student in dom for student in repos)


def test_shards_merge_into_the_class_gradebook(graded_class: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The class graded as three shards (as on a runner matrix) and merged: the same totals and checks."""
    out, repos = graded_class
    roster = write_roster(tmp_path / "roster.csv", repos)
    shards = []
    for index in (1, 2, 3):
        shard = tmp_path / f"shard-{index}"
        # Each shard starts from the class's cache, so the shards regrade nothing: this tests the split and merge.
        shutil.copytree(out / "cache", shard / "cache")
        done = batch(str(roster), "--out", str(shard), "--section", "5", "--shard", f"{index}/3")
        assert done.returncode in (0, 1), done.stdout + done.stderr
        shards.append(shard)
    assert sorted(student for shard in shards for student in summary(shard)) == sorted(repos)
    merge = [sys.executable, "-m", "dockgrade.cli", "merge", str(tmp_path / "merged"), *map(str, shards)]
    subprocess.run(merge, cwd=ROOT, check=True, capture_output=True, text=True)
    merged, whole = summary(tmp_path / "merged"), summary(out)
    unchanged = [column for column in next(iter(whole.values())) if column != "status"]
    assert {s: [row[c] for c in unchanged] for s, row in merged.items()} == {
        s: [row[c] for c in unchanged] for s, row in whole.items()
    }


def test_resume_regrades_only_what_is_missing(tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """An interrupted batch, run again, reuses the finished students and grades the rest."""
    repos = one_exercise_class(tmp_path, "build-com-arg", 4)
    roster = write_roster(tmp_path / "roster.csv", repos)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "dockgrade.cli",
        "batch",
        str(roster),
        "--out",
        str(out),
        "--section",
        "5",
        "--workers",
        "1",
    ]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list((out / "cache").glob("*.json"))) < 2:
        time.sleep(0.5)
    first.send_signal(signal.SIGTERM)
    first.communicate(timeout=120)
    finished = {path.stem for path in (out / "cache").glob("*.json")}
    assert 2 <= len(finished) < 4
    again = batch(str(roster), "--out", str(out), "--section", "5", "--workers", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    cached = {line.split(":")[0].split("] ")[1] for line in again.stdout.splitlines() if ": cached" in line}
    assert cached == finished, again.stdout
    assert all(row["status"] in ("graded", "cached") for row in summary(out).values())


@pytest.fixture
def second_engine() -> Iterator[str]:
    """A second dockerd in its own network namespace, with the stand-ins, started and stopped by the test."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("the multi-engine test needs root (CI runs as root)")
        pytest.skip("starting a second engine needs root")
    started = subprocess.run([str(ENGINE_SCRIPT), "start", "7"], capture_output=True, text=True, check=True)
    host, probe = (field.split("=", 1)[1] for field in started.stdout.split())
    spec = f"{host},probe={probe}"
    copy_standins(Engine(), Engine.parse(spec))  # so the batch starts grading on it at once
    yield spec
    subprocess.run([str(ENGINE_SCRIPT), "stop", "7"], capture_output=True, check=False)


def test_engine_lost_mid_batch(tmp_path: Path, second_engine: str, docker_client: docker.DockerClient) -> None:
    """Killing one engine mid-batch: its students are regraded on the other, nothing lost or counted twice."""
    repos = one_exercise_class(tmp_path, "primeiro-build", 6)
    roster = write_roster(tmp_path / "roster.csv", repos)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "dockgrade.cli", "batch", str(roster), "--out", str(out), "--section", "5"]
    command += ["--engine", "", "--engine", second_engine, "--workers", "2"]
    running = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    engine_url = second_engine.split(",")[0]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not any(
        path.read_text() == engine_url for path in (out / "students").glob("*/engine.txt")
    ):
        time.sleep(0.2)
    subprocess.run([str(ENGINE_SCRIPT), "stop", "7"], capture_output=True, check=False)
    output, _ = running.communicate(timeout=1200)
    rows = summary(out)
    assert set(rows) == set(repos), output
    assert [row["status"] for row in rows.values()].count("graded") == len(repos), output
    assert {row["total"] for row in rows.values()} == {"7"}, output  # primeiro-build alone: 7 of section 5
    assert "stopped answering" in output


def test_regrading_after_a_push_reports_what_changed(tmp_path: Path, docker_client: docker.DockerClient) -> None:
    """Two students graded, one pushes a commit that breaks the ARG's default, the class is graded again into
    the same folder: only the pusher is regraded, and summary.csv and the class page say new commit, total
    before → after and the checks that no longer pass."""
    repos = {
        student: "file://" + str(git_repo(Path(repo)))
        for student, repo in one_exercise_class(tmp_path, "build-com-arg", 2).items()
    }
    roster = write_roster(tmp_path / "roster.csv", repos)
    out = tmp_path / "out"
    first = batch(str(roster), "--out", str(out), "--section", "5", "--workers", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    pusher = Path(repos["aluno0"].removeprefix("file://"))
    dockerfile = pusher / "build-com-arg" / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("S3_BUCKET=files", "S3_BUCKET=file"))
    run = ["git", "-c", "user.email=aluno@example.invalid", "-c", "user.name=aluno"]
    subprocess.run([*run, "commit", "-qam", "muda o bucket"], cwd=pusher, check=True)
    again = batch(str(roster), "--out", str(out), "--section", "5", "--workers", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 changed since the last grading" in again.stdout
    rows = summary(out)
    pushed, quiet = rows["aluno0"], rows["aluno1"]
    assert pushed["version"] != pushed["previous_version"]
    assert (pushed["previous_total"], pushed["total"]) == ("8", "5")
    assert pushed["newly_failed"].split() == ["s5-e03-build-arg::default_bucket", "s5-e03-build-arg::env_in_config"]
    assert (quiet["status"], quiet["version"], quiet["newly_failed"]) == ("cached", quiet["previous_version"], "")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "deixou de passar: s5-e03-build-arg::default_bucket, s5-e03-build-arg::env_in_config" in page
