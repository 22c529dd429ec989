"""Synthetic course repositories graded through ``dockgrade batch``: every verdict as a careful instructor's.

Each case is a folder ``tests/realworld/<case>/`` with ``repo/`` (a student repository as plain files,
written for this project) and ``expected.yml``::

    assignment: curso            # optional, default curso (a built-in name, or a file relative to the case)
    exercises:                   # every exercise of the assignment, no other
      s5-e02-first-build: full   # full | zero | absent
      s5-e03-build-arg: {verdict: partial, failing: [default_bucket]}   # exactly these checks fail
      s9-e05-reverse-proxy: {verdict: full, superseded: [app_port]}     # superseded checks, exactly
      s9-e09-twelve-factors-env: {verdict: partial, failing: [db_name_honoured], not_run: [wrong_db_name_breaks]}
      s8-e03-rest-api: {verdict: full, offline: [crud]}   # these pass, or are "não executável offline"
    sections: [8, 9]             # optional: only these sections are graded (``--section 8,9``) and listed

Verdicts, from the checks' outcomes: ``absent`` every check "não entregue"; ``full`` nothing lost (passed,
superseded, or "não executável offline" only); ``zero`` nothing passed; ``partial`` some of each. ``failing``
(checked whenever given; ``partial`` needs it) is the set of checks that failed or hit a grader error, not the
ones left "não executado" behind them; ``not_run`` (when given) is exactly those. ``offline`` names checks that
need an image this machine may lack (MongoDB): each must pass or be "não executável offline". Every case
folder is picked up; the cases of one assignment (and ``sections``) are graded in ONE batch run (a roster of
local paths), as an instructor would grade a class.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docker
import pytest
import yaml

from dockgrade.course import assignments
from tests import browser
from tests.class_dom import ClassDom

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = sorted(path.parent.name for path in HERE.glob("*/expected.yml"))
VERDICTS = ("full", "partial", "zero", "absent")
GONE = "repositorio-sumiu"
LOST = ("failed", "errored", "not_run", "absent")
pytestmark = pytest.mark.xdist_group("realworld")


def expected(case: str) -> dict[str, Any]:
    """The case's expected.yml."""
    loaded: dict[str, Any] = yaml.safe_load((HERE / case / "expected.yml").read_text(encoding="utf-8"))
    return loaded


def assignment_of(case: str) -> str:
    """The case's assignment: a built-in name, or its file's absolute path."""
    spec = str(expected(case).get("assignment") or assignments.COURSE)
    return spec if spec in assignments.BUILT_IN else str(HERE / case / spec)


def sections_of(case: str) -> tuple[int, ...]:
    """The sections the case grades (``sections:``); empty: the whole assignment."""
    return tuple(sorted(int(section) for section in expected(case).get("sections") or ()))


def expected_exercises(case: str) -> list[str]:
    """The assignment's exercises within the case's sections: what expected.yml must list."""
    weights = assignments.load(assignment_of(case)).weights
    sections = sections_of(case)
    return sorted(e for e in weights if not sections or int(e.split("-")[0].removeprefix("s")) in sections)


def wanted(value: str | dict[str, Any]) -> dict[str, Any]:
    """An exercise's expectation as a mapping: verdict, failing (None: not checked), superseded."""
    fields = {"verdict": value} if isinstance(value, str) else dict(value)
    failing = fields.get("failing")
    return {
        "verdict": fields["verdict"],
        "failing": sorted(failing) if failing is not None else None,
        "superseded": sorted(fields.get("superseded") or []),
        "not_run": sorted(fields["not_run"]) if "not_run" in fields else None,
        "offline": sorted(fields.get("offline") or []),
    }


def offline(check: dict[str, Any]) -> bool:
    """A check this machine cannot run (no stand-in for its image): neither the student's gain nor loss."""
    return check["outcome"] == "errored" and check.get("cause") == "NotRunnableOffline"


def observed(checks: list[dict[str, Any]], maybe_offline: list[str]) -> dict[str, Any]:
    """The verdict, failing, not run and superseded checks of one exercise's results."""
    counted = [check for check in checks if not offline(check) and check["outcome"] != "superseded"]
    passed = any(check["outcome"] == "passed" for check in counted)
    lost = any(check["outcome"] in LOST for check in counted)
    if checks and all(check["outcome"] == "absent" for check in checks):
        verdict = "absent"
    else:
        verdict = "partial" if passed and lost else "full" if passed else "zero"
    return {
        "verdict": verdict,
        "failing": sorted(c["check"] for c in counted if c["outcome"] in ("failed", "errored")),
        "superseded": sorted(c["check"] for c in checks if c["outcome"] == "superseded"),
        "not_run": sorted(c["check"] for c in checks if c["outcome"] == "not_run"),
        "offline": sorted(c["check"] for c in checks if c["check"] in maybe_offline and (passed_or_offline(c))),
    }


def passed_or_offline(check: dict[str, Any]) -> bool:
    """The verdict an ``offline:`` check may have: passed, or not runnable on this machine."""
    return check["outcome"] == "passed" or offline(check)


def batch_of(cases: list[str], assignment: str, sections: tuple[int, ...], out: Path) -> dict[str, dict[str, Any]]:
    """Grade ``cases`` in one ``dockgrade batch`` run, with a student whose repository is gone (as a class has);
    their JSON reports by case."""
    roster = out.parent / f"{out.name}.csv"
    lines = [f"{case},{HERE / case / 'repo'}" for case in cases] + [f"{GONE},{out.parent / 'nao-existe'}"]
    roster.write_text("student,repo\n" + "\n".join(lines) + "\n")
    command = [sys.executable, "-m", "dockgrade.cli", "batch", str(roster), "--out", str(out), "--workers", "2"]
    if sections:
        command += ["--section", ",".join(map(str, sections))]
    done = subprocess.run(
        [*command, "--assignment", assignment], cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    records = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {record["student"]: record for record in records}


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory, docker_client: docker.DockerClient) -> dict[Path, Any]:
    """Every case graded: one batch per assignment and sections (today: two batches), with its wall time; each
    batch's output folder and its records by student."""
    groups: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for case in CASES:
        groups.setdefault((assignment_of(case), sections_of(case)), []).append(case)
    root = tmp_path_factory.mktemp("realworld")
    outputs: dict[Path, Any] = {}
    started = time.monotonic()
    for number, ((assignment, sections), cases) in enumerate(groups.items()):
        outputs[root / f"turma-{number}"] = batch_of(cases, assignment, sections, root / f"turma-{number}")
    seconds = time.monotonic() - started
    print(f"\nrealworld: {len(CASES)} repositories in {len(groups)} batch run(s), {seconds:.0f} s wall time")
    return outputs


@pytest.fixture(scope="module")
def graded(classes: dict[Path, Any]) -> dict[str, Any]:
    """Every case's record, by case."""
    return {student: record for records in classes.values() for student, record in records.items()}


@pytest.mark.docker
@pytest.mark.parametrize("case", CASES)
def test_verdicts(case: str, graded: dict[str, Any]) -> None:
    """Every exercise of the case's assignment gets the verdict its expected.yml gives, nothing else is graded."""
    record = graded[case]
    assert record["status"] in ("graded", "cached"), record["error"]
    checks: dict[str, list[dict[str, Any]]] = {}
    for check in record["report"]["checks"]:
        checks.setdefault(check["exercise"], []).append(check)
    expectations = {exercise: wanted(value) for exercise, value in expected(case)["exercises"].items()}
    assert sorted(checks) == sorted(expectations)
    mismatches = {}
    for exercise, expectation in expectations.items():
        seen = observed(checks[exercise], expectation["offline"])
        compared = {key: value for key, value in expectation.items() if value is not None}
        if {key: seen[key] for key in compared} != compared:
            mismatches[exercise] = {"expected": compared, "observed": seen, "messages": _messages(checks[exercise])}
    assert not mismatches, json.dumps(mismatches, indent=1, ensure_ascii=False)


def _messages(checks: list[dict[str, Any]]) -> list[str]:
    return [f"{c['check']}: {c['outcome']} {c['message']}"[:300] for c in checks if c["outcome"] != "passed"]


@pytest.mark.parametrize("case", CASES)
def test_expected_lists_the_whole_assignment(case: str) -> None:
    """expected.yml lists every exercise of its assignment, no other, each with a known verdict."""
    entries = expected(case)["exercises"]
    assert sorted(entries) == expected_exercises(case)
    for exercise, value in entries.items():
        expectation = wanted(value)
        assert expectation["verdict"] in VERDICTS, exercise
        assert expectation["verdict"] != "partial" or expectation["failing"], f"{exercise}: partial needs failing"
    assert (HERE / case / "repo").is_dir()


@pytest.mark.docker
def test_class_page_in_a_browser(classes: dict[Path, Any], tmp_path: Path) -> None:
    """Each batch's class page as Chromium renders it: one row per student, the cells as the reports say (a "não
    entregue" cell among them), sorted by total on request, the failing-check shares led by the most failed, the
    student whose repository is gone flagged as erred, and each student's own page linked."""
    for number, (out, records) in enumerate(classes.items()):
        dom = ClassDom(browser.run(browser.chromium(), tmp_path / str(number), "--dump-dom", _sorted(out)))
        assert sorted(dom.students) == sorted(records)
        totals = [_percent(records[student]) for student in dom.students]
        assert totals == sorted(totals, reverse=True)
        assert dom.erred == [GONE]
        assert "erred" in next(row for row in dom.rows if row["student"] == GONE)["class"]  # type: ignore[operator]
        for student, record in records.items():
            for exercise in record["report"].get("exercises", []):
                cell = dom.cell(student, exercise["id"])
                if exercise["absent"]:
                    assert "absent" in cell["class"], (student, exercise)
                elif "erred" not in cell["class"]:  # a grader error reads "erro do corretor", not points
                    assert cell["text"].split()[0] == f"{exercise['score']:g}/{exercise['max_score']:g}", cell
        shares = dom.shares.get("check-shares", [])
        percents = [int(share["percent"]) for share in shares]
        assert percents == sorted(percents, reverse=True)
        page = out / "students" / next(iter(records)) / "report.html"
        assert page.is_file(), page


def _sorted(out: Path) -> str:
    return (out / "index.html").as_uri() + "#sort=total-desc"


def _percent(record: dict[str, Any]) -> float:
    """The total as the matrix sorts it: a share of the maximum, an error row last."""
    report = record["report"]
    return round(100 * report["score"] / report["max_score"]) if record["status"] != "error" else -1
