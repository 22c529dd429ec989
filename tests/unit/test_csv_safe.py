"""Every CSV the batch writes opens in a spreadsheet without evaluating a cell, and reads back with ``csv``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dockgrade.batch import gradebook
from dockgrade.batch.runner import StudentResult
from dockgrade.core import csv_safe

SRC = Path(__file__).resolve().parents[2] / "src" / "dockgrade"
FORMULAS = [
    '=HYPERLINK("http://127.0.0.1/?"&A1,"nota")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "-",
    "=",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_shaped_text_is_neutralised(value: str) -> None:
    """A text cell starting (after blanks) with = + - @ tab or CR gets a leading quote, the OWASP way."""
    assert csv_safe.cell(value) == "'" + value


@pytest.mark.parametrize("value", ["ana", "s5-e03-build-arg::builds", "graded", "", "a=b", "nota -1", "joão@x"])
def test_plain_text_is_unchanged(value: str) -> None:
    assert csv_safe.cell(value) == value


@pytest.mark.parametrize("value", [7, -2, 0.5, -0.25, "7", "-2", "0.5", "-1e+06", "12.5"])
def test_numbers_stay_numbers(value: object) -> None:
    """Scores, negative ones too, are written as they are: a spreadsheet reads them as numbers, not formulas."""
    assert csv_safe.cell(value) == str(value)


def test_rows_read_back_with_csv(tmp_path: Path) -> None:
    """Quotes, commas, semicolons and line breaks inside cells survive; every cell is quoted."""
    rows = [["student", "total"], ['=A1,"x";=B2\n+C3', "-2"], ["ana", "7"]]
    path = tmp_path / "t.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        for row in rows:
            writer.writerow(row)
    with path.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [rows[0], ["'" + rows[1][0], "-2"], rows[2]]
    assert path.read_text(encoding="utf-8").splitlines()[-1] == '"ana","7"'


def test_summary_and_checks_neutralise_names_and_keep_scores(tmp_path: Path) -> None:
    """summary.csv and checks.csv: a formula-shaped name is text, the numbers are numbers."""
    report = {
        "score": 7,
        "max_score": 9,
        "exercises": [{"id": "s5-e02-first-build", "score": 7, "max_score": 9}],
        "checks": [{"id": "=1+1::x", "outcome": "passed", "points": 7}],
    }
    results = [StudentResult('=HYPERLINK("http://x"&A1)', "graded", report), StudentResult("@ana", "error", error="-x")]
    gradebook.write_summary(results, tmp_path / "summary.csv")
    gradebook.write_checks(results, tmp_path / "checks.csv")
    with (tmp_path / "summary.csv").open(encoding="utf-8", newline="") as handle:
        summary = list(csv.DictReader(handle))
    assert [row["student"] for row in summary] == ['\'=HYPERLINK("http://x"&A1)', "'@ana"]
    assert (summary[0]["s5-e02-first-build"], summary[0]["total"], summary[0]["max"]) == ("7", "7", "9")
    assert summary[1]["error"] == "'-x"
    with (tmp_path / "checks.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle))["check"] == "'=1+1::x"


def test_no_csv_is_written_around_csv_safe() -> None:
    """Every CSV writer of the project goes through csv_safe (a new table cannot forget the neutralising)."""
    direct = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [p.name for p in SRC.rglob("*.py") if p.name != "csv_safe.py" and direct.search(p.read_text())]
    assert offenders == []
