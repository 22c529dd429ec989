"""A roster split over GitHub Actions runners: shards partition it, ``merge`` makes one gradebook of them."""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

import pytest
import yaml

from dockgrade import cli
from dockgrade.batch import gradebook, roster
from dockgrade.batch.roster import Entry
from dockgrade.batch.runner import StudentResult

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "ci" / "github" / "batch.yml"


def report(score: float, possible: float = 10) -> dict[str, object]:
    exercises = [{"id": "s5-e03-build-arg", "score": score, "max_score": possible}]
    check = {"id": "s5-e03-build-arg::builds", "exercise": "s5-e03-build-arg", "check": "builds", "title": "builda"}
    outcome = "passed" if score == possible else "failed"
    checks = [{**check, "points": possible, "outcome": outcome, "message": "", "hint": None, "hidden": False}]
    return {"score": score, "max_score": possible, "exercises": exercises, "checks": checks, "advice": []}


CLASS = [
    StudentResult("ana", "graded", report(10)),
    StudentResult("bruno", "graded", report(0)),
    StudentResult("carla", "cached", report(10)),
    StudentResult("davi", "error", error="a correção falhou"),
    StudentResult("eva", "graded", report(0)),
]


@pytest.mark.parametrize("size", range(14))
@pytest.mark.parametrize("count", range(1, 6))
def test_shards_partition_the_roster(size: int, count: int) -> None:
    """Every student is in exactly one shard, and shard sizes differ by at most one."""
    entries = [Entry(f"aluno{i}", f"/repos/{i}") for i in range(size)]
    shards = [roster.shard(entries, index, count) for index in range(1, count + 1)]
    assert sorted((e for shard in shards for e in shard), key=entries.index) == entries
    assert max(map(len, shards)) - min(map(len, shards)) <= 1


@pytest.mark.parametrize("spec", ["0/3", "4/3", "x", "2", "1/0", "-1/2"])
def test_bad_shard_is_refused_by_the_cli(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A shard outside 1..N is an argument error, before anything is fetched."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["batch", "roster.csv", "--shard", spec])
    assert exit_info.value.code == 2
    assert "K/N" in capsys.readouterr().err


def test_sections_as_a_list_or_repeated() -> None:
    """--section 5,9 and --section 5 --section 9 mean the same; out-of-course numbers are refused."""
    parse = cli._parser().parse_args
    assert parse(["batch", "r.csv", "--section", "5,9"]).section == [5, 9]
    assert parse(["batch", "r.csv", "--section", "5", "--section", "9"]).section == [5, 9]
    assert parse(["grade", "--section", "4,5,6,7,8,9"]).section == [4, 5, 6, 7, 8, 9]
    assert parse(["grade"]).section is None
    with pytest.raises(SystemExit):
        parse(["grade", "--section", "3"])


def write_shard(folder: Path, results: list[StudentResult]) -> Path:
    """A shard's output as ``dockgrade batch`` leaves it: its tables and each graded student's page."""
    for result in results:
        if result.status != "error":
            page = folder / "students" / result.student / "report.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<p>{result.student}</p>", encoding="utf-8")
    gradebook.write_all(results, folder)
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_merge_makes_the_gradebook_of_the_whole_class(tmp_path: Path) -> None:
    """Merged tables equal those of one batch of everyone; pages and feedback of every shard are there."""
    first = write_shard(tmp_path / "shard-1", [CLASS[0], CLASS[2], CLASS[4]])
    second = write_shard(tmp_path / "shard-2", [CLASS[1], CLASS[3]])
    whole = tmp_path / "whole"
    gradebook.write_all(CLASS, whole)
    assert cli.main(["merge", str(tmp_path / "merged"), str(first), str(second)]) == 0
    merged = tmp_path / "merged"
    for table in ("summary.csv", "checks.csv"):
        assert rows(merged / table) == rows(whole / table), table
    assert gradebook.load_results(merged) == CLASS
    index = (merged / "index.html").read_text(encoding="utf-8")
    for result in CLASS:
        assert (merged / "feedback" / f"{result.student}.md").is_file()
        if result.status != "error":
            assert (merged / "students" / result.student / "report.html").read_text() == f"<p>{result.student}</p>"
            assert f"students/{result.student}/report.html" in index


def test_a_student_in_two_shards_is_counted_once(tmp_path: Path) -> None:
    """Sharding the same roster twice by mistake never double-counts: the later shard's result wins."""
    first = write_shard(tmp_path / "a", [CLASS[0], CLASS[1]])
    regraded = StudentResult("bruno", "graded", report(7))
    second = write_shard(tmp_path / "b", [regraded])
    results = gradebook.merge([first, second], tmp_path / "merged")
    assert [(result.student, result.report["score"]) for result in results] == [("ana", 10), ("bruno", 7)]
    assert [row["student"] for row in rows(tmp_path / "merged" / "summary.csv")] == ["ana", "bruno"]


def test_workflow_template_shards_and_merges() -> None:
    """The instructors' template: a matrix of shards running `dockgrade batch --shard`, then one `dockgrade merge`."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    shards = jobs["grade"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1))
    assert jobs["grade"]["strategy"]["fail-fast"] is False
    assert jobs["merge"]["needs"] == "grade"
    assert jobs["merge"]["if"] == "${{ !cancelled() }}"
    grade = "\n".join(step.get("run", "") for step in jobs["grade"]["steps"])
    merge = "\n".join(step.get("run", "") for step in jobs["merge"]["steps"])
    assert "--shard ${{ matrix.shard }}/${{ strategy.job-total }}" in grade
    assert "dockgrade merge" in merge
    # YAML 1.1 reads the key "on" as True.
    inputs = {name: str(spec["default"]) for name, spec in workflow[True]["workflow_dispatch"]["inputs"].items()}
    for command in _dockgrade_commands(grade + "\n" + merge, inputs):
        arguments = cli._parser().parse_args(command)
        assert arguments.action in (cli._batch, cli._merge, cli._bases)


def _dockgrade_commands(script: str, inputs: dict[str, str]) -> list[list[str]]:
    """The ``dockgrade …`` lines of a step's script, with the workflow's expressions filled in."""
    filled = script.replace("${{ matrix.shard }}", "2").replace("${{ strategy.job-total }}", "4")
    for name, value in inputs.items():
        filled = filled.replace(f"${{{{ inputs.{name} }}}}", value)
    lines = filled.replace("\\\n", " ").splitlines()
    return [shlex.split(line)[1:] for line in lines if line.strip().startswith("dockgrade ")]
