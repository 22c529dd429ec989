"""A hand-built Report with every outcome, a hidden check of each kind and a substitution (reporters' unit tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dockgrade.core.advice import Advice
from dockgrade.core.results import CheckResult, Outcome, Report

SCHEMAS = Path(__file__).resolve().parent / "schemas"
E03, E02 = "s5-e03-build-arg", "s5-e02-first-build"
EARNED, POSSIBLE = 4.0, 14.0
SECRET = "segredo-do-instrutor"
ADVICE = Advice(E02, "web/Dockerfile", 4, "DL3025", 'escreva o CMD na forma JSON: CMD ["nginx"] <b>já</b>')
LOG_TAIL = "Step 2/3 : RUN exit 3\n``` not a fence\nThe command '/bin/sh -c exit 3' returned a non-zero code: 3"


def sample() -> Report:
    """Two exercises: 4 of 14 points; one hidden check passed, one hidden check failed; one piece of advice."""
    report = Report(substitutions=[_substitution("nginx:latest"), _substitution("nginx:latest")], advice=[ADVICE])
    for result in (
        _result(E03, "builds", 2, Outcome.PASSED, gate=True),
        _result(
            E03,
            "default_bucket",
            2,
            Outcome.FAILED,
            message="echo $S3_BUCKET: esperado 'files', obtido '<h1>file</h1>'",
            hint="use ARG S3_BUCKET=files & ENV *S3_BUCKET*",
            cause="Mismatch",
        ),
        _result(E03, "env_in_config", 1, Outcome.PASSED),
        _result(E03, "secret_pass", 1, Outcome.PASSED, hidden=True),
        _result(E03, "secret_fail", 1, Outcome.FAILED, message=SECRET, hint=SECRET, details=SECRET, hidden=True),
        _result(E03, "maintainer_label", 1, Outcome.NOT_RUN, message="não executado: a verificação x falhou"),
        _result(
            E02,
            "builds",
            2,
            Outcome.FAILED,
            message="o build da imagem falhou: exit 3",
            details=LOG_TAIL,
            gate=True,
            cause="BuildFailed",
        ),
        _result(E02, "serves_page", 3, Outcome.NOT_RUN, message="não executado: o build falhou"),
        _result(E02, "broken", 1, Outcome.ERRORED, message="erro do corretor: RuntimeError: bug", cause="RuntimeError"),
    ):
        report.add(result)
    return report


def schema(name: str) -> dict[str, Any]:
    """A JSON Schema from ``tests/schemas``."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded


def _result(exercise: str, check: str, points: float, outcome: Outcome, **fields: Any) -> CheckResult:
    return CheckResult(exercise, check, f"título de {check}", float(points), outcome, **fields)


def _substitution(requested: str) -> dict[str, Any]:
    return {"requested": requested, "standin": "dockgrade/standin-nginx:1a2b", "recipe_hash": "1a2b", "alias": False}
