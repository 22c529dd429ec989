"""A batch's outputs: summary.csv, checks.csv, gradebook.csv, per-student feedback in Markdown, and the class page.

Written again by a batch run into the same folder, they say what changed for each student since the last
grading there (``regrade``): the previous ``results.json`` is read before it is replaced.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dockgrade.batch import class_view
from dockgrade.batch.regrade import Change, changes
from dockgrade.batch.roster import Entry
from dockgrade.batch.runner import StudentResult
from dockgrade.core import csv_safe, messages
from dockgrade.core.advice import Advice
from dockgrade.reporters.html import HTML_LANG, TEMPLATES
from dockgrade.reporters.summary import advice_line

RESULTS = "results.json"
exercise_ids = class_view.exercise_ids


def absent_ids(report: dict[str, Any]) -> list[str]:
    """The exercises the assignment expected and the student did not hand in ("não entregue")."""
    return [exercise["id"] for exercise in report.get("exercises", []) if exercise.get("absent")]


def write_summary(results: list[StudentResult], path: Path, news: dict[str, Change] | None = None) -> None:
    """One row per student: points per exercise, total, maximum, status, the exercises not handed in, the
    repository version graded, and what changed since the previous grading in the same folder (if any)."""
    columns = exercise_ids(results)
    news = news or {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(["student", *columns, "total", "max", "status", "error", "absent", "version", *_CHANGE])
        for result in results:
            points = {e["id"]: e["score"] for e in result.report.get("exercises", [])}
            row = [_number(points.get(column, 0)) for column in columns]
            total, maximum = result.report.get("score", 0), result.report.get("max_score", 0)
            absent = " ".join(absent_ids(result.report))
            status = [result.status, result.error, absent, result.version]
            writer.writerow(
                [
                    result.student,
                    *row,
                    _number(total),
                    _number(maximum),
                    *status,
                    *_change_cells(news.get(result.student)),
                ]
            )


_CHANGE = ["previous_version", "previous_total", "newly_passed", "newly_failed"]


def _change_cells(change: Change | None) -> list[str]:
    if change is None:
        return ["", "", "", ""]
    passed, failed = " ".join(change.newly_passed), " ".join(change.newly_failed)
    return [change.before_version, _number(change.before_total), passed, failed]


def write_gradebook(results: list[StudentResult], path: Path) -> None:
    """The shape an LMS imports: one row per student, one column of points per exercise, the total; a student
    whose grading failed has empty cells (no grade yet), never a zero."""
    columns = exercise_ids(results)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(["student", *columns, "total"])
        for result in results:
            if result.status == "error":
                writer.writerow([result.student, *[""] * len(columns), ""])
                continue
            points = {e["id"]: e["score"] for e in result.report.get("exercises", [])}
            cells = [_number(points[column]) if column in points else "" for column in columns]
            writer.writerow([result.student, *cells, _number(result.report.get("score", 0))])


def write_checks(results: list[StudentResult], path: Path) -> None:
    """One row per student and check: outcome and points earned (a superseded check's max is 0)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(["student", "check", "outcome", "points", "max"])
        for result in results:
            for check in result.report.get("checks", []):
                earned = check["points"] if check["outcome"] == "passed" else 0
                possible = 0 if check["outcome"] == "superseded" else check["points"]
                writer.writerow([result.student, check["id"], check["outcome"], _number(earned), _number(possible)])


def feedback(result: StudentResult) -> str:
    """The Markdown a student reads (pt-BR by default): total, per exercise, what to fix."""
    lines = [f"# {messages.text('summary.title')} — {result.student}", ""]
    if result.status == "error":
        return "\n".join([*lines, messages.text("batch.error", error=result.error), ""])
    report = result.report
    lines.append(f"**{messages.text('summary.total')}: {_number(report['score'])}/{_number(report['max_score'])}**")
    lines += ["", f"| {messages.text('summary.exercise')} | {messages.text('summary.points')} |", "| --- | ---: |"]
    lines += [
        f"| {e['id']} | {_number(e['score'])}/{_number(e['max_score'])}{_absent(e)} |" for e in report["exercises"]
    ]
    lines += _not_passed(report)
    for exercise in report["exercises"]:
        advice = [item for item in report.get("advice", []) if item["exercise"] == exercise["id"]]
        if advice:
            lines += ["", f"**{exercise['id']}** — {messages.text('advice.title')}", ""]
            lines += [f"- {advice_line(Advice(**item))}" for item in advice]
    return "\n".join([*lines, ""])


def _not_passed(report: dict[str, Any]) -> list[str]:
    """What did not pass: each exercise not handed in once, then every other check that did not pass."""
    lines: list[str] = []
    absent = absent_ids(report)
    for exercise in absent:
        message = next(c["message"] for c in report["checks"] if c["exercise"] == exercise)
        lines += ["", f"- **{exercise}** — {message}"]
    for check in report["checks"]:
        if check["outcome"] != "passed" and check["exercise"] not in absent:
            lines += ["", _failed_check(check)]
            if check.get("hint") and not check.get("hidden"):
                lines.append(f"  - {messages.text('hint', hint=check['hint'])}")
    return lines


def _absent(exercise: dict[str, Any]) -> str:
    return f" ({messages.text('outcome.absent')})" if exercise.get("absent") else ""


def _failed_check(check: dict[str, Any]) -> str:
    """A check that did not pass as the student may read it: a hidden one says only that it failed; a superseded
    one says so before its message (which names the later step)."""
    superseded = check["outcome"] == "superseded"
    if check.get("hidden") and not superseded:
        title, message = messages.text("reports.hidden.title"), messages.text("reports.hidden.failed")
        return f"- **{check['exercise']} › {title}**: {message}"
    title = messages.text("reports.hidden.title") if check.get("hidden") else check["title"]
    label = f"({messages.text('outcome.superseded')}) " if superseded else ""
    return f"- **{check['exercise']} › {title}**: {label}{check['message']}"


def write_all(results: list[StudentResult], out: Path) -> dict[str, Change]:
    """Every output of a batch under ``out``, and ``results.json`` (what ``merge`` and the next batch read back).

    Returns what changed per student since the results previously in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    news = changes(load_results(out), results) if (out / RESULTS).is_file() else {}
    records = [asdict(result) for result in results]
    (out / RESULTS).write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_summary(results, out / "summary.csv", news)
    write_checks(results, out / "checks.csv")
    write_gradebook(results, out / "gradebook.csv")
    for result in results:
        folder = out / "feedback"
        folder.mkdir(exist_ok=True)
        (folder / f"{_slug(result)}.md").write_text(feedback(result), encoding="utf-8")
    (out / "index.html").write_text(class_page(results, out, news), encoding="utf-8")
    return news


def load_results(folder: Path) -> list[StudentResult]:
    """The results a batch (or a shard of one) wrote to ``folder``."""
    records = json.loads((folder / RESULTS).read_text(encoding="utf-8"))
    return [StudentResult(**record) for record in records]


def merge(shards: list[Path], out: Path) -> list[StudentResult]:
    """One gradebook from the shards' outputs: their students' pages copied, every table written anew.

    A student found in two shards (a roster sharded twice) keeps the later shard's result.
    """
    merged: dict[str, StudentResult] = {}
    for shard in shards:
        for result in load_results(shard):
            merged[result.student] = result
            pages = shard / "students" / _slug(result)
            if pages.is_dir() and pages.resolve() != (out / "students" / _slug(result)).resolve():
                shutil.copytree(pages, out / "students" / _slug(result), dirs_exist_ok=True)
    results = sorted(merged.values(), key=lambda result: result.student)
    write_all(results, out)
    return results


def class_page(results: list[StudentResult], out: Path, news: dict[str, Change] | None = None) -> str:
    """The self-contained class page (matrix, totals' spread, what the class fails), in the current language."""
    slugs = {result.student: _slug(result) for result in results}
    view = class_view.build(results, slugs, news or {})
    pages = {}
    for result in results:
        page = out / "students" / slugs[result.student] / "report.html"
        pages[result.student] = page.relative_to(out).as_posix() if page.is_file() else ""
    return TEMPLATES.get_template("class_page.html.j2").render(
        lang=HTML_LANG[messages.language()],
        t=messages.text,
        view=view,
        graded=sum(1 for result in results if result.status != "error"),
        pages=pages,
    )


def _slug(result: StudentResult) -> str:
    return Entry(result.student, "").slug


def _number(value: Any) -> str:
    return f"{float(value or 0):g}"
