"""dockgrade's own JSON report: valid against its published schema, complete, hidden checks flagged."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from dockgrade.core.results import SCHEMA_VERSION
from dockgrade.reporters import json as json_report
from tests.report_sample import EARNED, POSSIBLE, SECRET, sample, schema


def test_report_matches_its_schema(tmp_path: Path) -> None:
    """The file written validates against tests/schemas/dockgrade-report.schema.json (version 1)."""
    path = tmp_path / "report.json"
    json_report.write(sample(), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("dockgrade-report"))
    assert document["schema"] == SCHEMA_VERSION == 1


def test_report_is_complete_and_flags_hidden_checks() -> None:
    """The JSON is the instructor's record: totals, every check in full, hidden ones marked hidden."""
    document = json_report.document(sample())
    assert (document["score"], document["max_score"]) == (EARNED, POSSIBLE)
    hidden = [check for check in document["checks"] if check["hidden"]]
    assert [check["check"] for check in hidden] == ["secret_pass", "secret_fail"]
    assert hidden[1]["message"] == SECRET
    assert sum(check["points"] for check in document["checks"] if check["outcome"] == "passed") == EARNED
    assert sum(exercise["max_score"] for exercise in document["exercises"]) == POSSIBLE


def test_report_keeps_non_ascii_text(tmp_path: Path) -> None:
    """Portuguese text is written as UTF-8, not as \\u escapes."""
    path = tmp_path / "report.json"
    json_report.write(sample(), path)
    assert "não executado" in path.read_text(encoding="utf-8")
