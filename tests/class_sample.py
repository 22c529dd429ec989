"""A hand-made class for the class page's tests: every kind of cell and row one batch can produce."""

from __future__ import annotations

from typing import Any

from dockgrade.batch.runner import StudentResult

ARG, DEV = "s5-e03-build-arg", "s5-e05-build-dev"
ARG_MESSAGE = "ENV BUCKET: esperado 'files', obtido 'file'"


def check(exercise: str, name: str, outcome: str, points: float, message: str = "", cause: str = "") -> dict[str, Any]:
    return {
        "id": f"{exercise}::{name}",
        "exercise": exercise,
        "check": name,
        "title": f"título de {name}",
        "points": points,
        "outcome": outcome,
        "message": message,
        "hint": None,
        "hidden": False,
        "cause": cause,
    }


def report(checks: list[dict[str, Any]], absent: tuple[str, ...] = ()) -> dict[str, Any]:
    """A report whose exercise scores and totals follow from ``checks``."""
    exercises = []
    for exercise in dict.fromkeys(c["exercise"] for c in checks):
        mine = [c for c in checks if c["exercise"] == exercise]
        counted = [c for c in mine if c["outcome"] != "superseded"]
        earned = sum(c["points"] for c in counted if c["outcome"] == "passed")
        exercises.append(
            {
                "id": exercise,
                "score": earned,
                "max_score": sum(c["points"] for c in counted),
                "absent": exercise in absent,
            }
        )
    return {
        "score": sum(e["score"] for e in exercises),
        "max_score": sum(e["max_score"] for e in exercises),
        "exercises": exercises,
        "checks": checks,
        "advice": [],
    }


def arg(default: str = "passed", message: str = "") -> list[dict[str, Any]]:
    return [check(ARG, "builds", "passed", 2), check(ARG, "default_bucket", default, 6, message)]


def dev(user: str = "passed", cause: str = "", superseded: bool = False) -> list[dict[str, Any]]:
    checks = [check(DEV, "builds", "passed", 4), check(DEV, "runs_as_www", user, 10, "USER: esperado 'www'", cause)]
    if superseded:
        checks.append(check(DEV, "old_step", "superseded", 0))
    return checks


def absent_dev() -> list[dict[str, Any]]:
    return [check(DEV, "builds", "absent", 4, "não entregue"), check(DEV, "runs_as_www", "absent", 10)]


def sample_class() -> list[StudentResult]:
    """ana full (with a superseded check), bruno partial on ARG, carla absent on DEV, davi's grading erred on DEV,
    eva's repository could not be fetched, fabio zero on ARG with another message."""
    return [
        StudentResult("ana", "graded", report(arg() + dev(superseded=True)), version="v1"),
        StudentResult("bruno", "graded", report(arg("failed", ARG_MESSAGE) + dev()), version="v1"),
        StudentResult("carla", "cached", report(arg("failed", ARG_MESSAGE) + absent_dev(), absent=(DEV,))),
        StudentResult("davi", "graded", report(arg() + dev("errored", "GraderTimeout"))),
        StudentResult("eva", "error", error="o repositório não existe"),
        StudentResult(
            "fabio",
            "graded",
            report(
                [
                    check(ARG, "builds", "failed", 2, "o build falhou"),
                    check(ARG, "default_bucket", "not_run", 6),
                    *dev(),
                ]
            ),
        ),
    ]
