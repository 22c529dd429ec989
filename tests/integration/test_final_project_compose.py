"""A course repository that keeps only the final projects of sections 8 and 9 is graded step by step on them."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.grading_run import GRADERS, ROOT, grade, left_behind

# The checks a later lecture deliberately changes, and nothing else, are superseded on the final projects.
SUPERSEDED = {"s9-e04-app-enqueue::app_echo", "s8-e02-backend-test::backend_answers"}


def test_final_projects_graded_on_every_step(tmp_path: Path) -> None:
    """The reference's last steps, kept under the course's project folders, earn every step's full marks: each
    step's checks pass on the final project except the superseded ones (out of the maximum) and, without a
    MongoDB image here, section 8's database checks ("não executável offline", never charged)."""
    submission = tmp_path / "repo"
    shutil.copytree(ROOT / "exercises" / "secao9" / "e10-override", submission / "email-worker-compose")
    shutil.copytree(ROOT / "exercises" / "secao8" / "e03-rest-api", submission / "node-mongo-compose")
    run = grade([GRADERS / "secao8", GRADERS / "secao9"], submission, tmp_path / "work")
    checks = {check["id"]: check for check in run.report["checks"]}
    graded = {check["exercise"] for check in checks.values()}
    assert len(graded) == 13, run.output
    superseded = {check_id for check_id, check in checks.items() if check["outcome"] == "superseded"}
    assert superseded == SUPERSEDED, run.output
    assert all("superado pelo passo s" in checks[check_id]["message"] for check_id in SUPERSEDED)
    offline = {check_id for check_id, check in checks.items() if check["cause"] == "NotRunnableOffline"}
    assert all(check_id.startswith("s8-e03-rest-api::") for check_id in offline), run.output
    others = {check_id: check["outcome"] for check_id, check in checks.items() if check_id not in superseded | offline}
    assert set(others.values()) == {"passed"}, {key: value for key, value in others.items() if value != "passed"}
    unearned = sum(checks[check_id]["points"] for check_id in offline)
    assert run.report["score"] == run.report["max_score"] - unearned, run.output
    assert left_behind(run) == []
