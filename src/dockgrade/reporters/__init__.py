"""Every output of a grading run, written from its ``Report`` (never from the terminal's text).

One run, all channels, the same totals::

    channel      pytest option                               what it writes                     audience
    terminal     always (the score table)                    the table of summary.py            the view
    JSON         --dockgrade-json PATH                       dockgrade's versioned schema       instructor
    JUnit XML    --dockgrade-junit PATH                      suites per exercise, points props  the view
    Classroom    --dockgrade-classroom, --no-dockgrade-      notices, $GITHUB_OUTPUT result,    the view
                 classroom (default: $DOCKGRADE_CLASSROOM    $GITHUB_STEP_SUMMARY,
                 1/0, else on when GITHUB_ACTIONS=true),     runner-result JSON
                 --dockgrade-classroom-json PATH,
                 --no-dockgrade-classroom-notices (or
                 $DOCKGRADE_CLASSROOM_NOTICES=0: the
                 grading reporter prints them)
    Gradescope   --dockgrade-gradescope PATH                 results.json                       Gradescope's visibility
    HTML         --dockgrade-html PATH                       one self-contained page            the view

The view is ``--dockgrade-view student|instructor`` (or ``$DOCKGRADE_VIEW``; default ``student``):
the student view masks hidden checks (``visibility``). The terminal, JUnit, Gradescope and Classroom
carry bounded texts (``brief``); the HTML page and the JSON report carry them whole.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockgrade.core.results import Report
from dockgrade.core.settings import ENV_CLASSROOM, ENV_CLASSROOM_NOTICES, ENV_VIEW, Settings
from dockgrade.reporters import classroom, gradescope, html, json, junit
from dockgrade.reporters.brief import brief_report
from dockgrade.reporters.visibility import View, for_view

__all__ = ["Outputs", "View", "add_options", "console", "outputs", "publish", "view_from"]


@dataclass(frozen=True)
class Outputs:
    """Which reports one run writes, and for whom."""

    json: Path | None = None
    junit: Path | None = None
    gradescope: Path | None = None
    html: Path | None = None
    classroom: bool = False
    classroom_notices: bool = True
    classroom_json: Path | None = None
    view: View = View.STUDENT
    submission: str = ""


def add_options(group: pytest.OptionGroup) -> None:
    """The reporters' pytest options (``--dockgrade-json`` included)."""
    for name, what in (
        ("json", "dockgrade's JSON report (complete: hidden checks flagged)"),
        ("junit", "JUnit XML with points and outcome as properties"),
        ("gradescope", "Gradescope's results.json"),
        ("html", "a self-contained HTML page"),
        ("classroom-json", "GitHub Classroom's runner-result JSON (implies --dockgrade-classroom)"),
    ):
        group.addoption(f"--dockgrade-{name}", default=None, metavar="PATH", help=f"write {what} to PATH")
    classroom_help = f"print GitHub Classroom's points notices (default: ${ENV_CLASSROOM}=1/0, else on GitHub Actions)"
    group.addoption("--dockgrade-classroom", action="store_const", const=True, default=None, help=classroom_help)
    group.addoption("--no-dockgrade-classroom", action="store_const", const=False, dest="dockgrade_classroom")
    group.addoption(
        "--no-dockgrade-classroom-notices",
        action="store_const",
        const=False,
        default=None,
        dest="dockgrade_classroom_notices",
        help=f"leave Classroom's notices to its grading reporter step (default: ${ENV_CLASSROOM_NOTICES}=0/1, else on)",
    )
    group.addoption(
        "--dockgrade-view",
        default=None,
        choices=[view.value for view in View],
        help=f"student (hidden checks masked) or instructor (default: ${ENV_VIEW} or student)",
    )


def outputs(config: pytest.Config, submission: str, environ: Mapping[str, str] = os.environ) -> Outputs:
    """The ``Outputs`` a pytest run asked for."""

    def path(name: str) -> Path | None:
        value = config.getoption(f"--dockgrade-{name}")
        return Path(value) if value else None

    classroom_json = path("classroom-json")
    return Outputs(
        json=path("json"),
        junit=path("junit"),
        gradescope=path("gradescope"),
        html=path("html"),
        classroom=_classroom(config.getoption("dockgrade_classroom"), classroom_json, environ),
        classroom_notices=_notices(config.getoption("dockgrade_classroom_notices"), environ),
        classroom_json=classroom_json,
        view=view_from(config.getoption("--dockgrade-view"), environ),
        submission=submission,
    )


def _classroom(option: bool | None, path: Path | None, environ: Mapping[str, str]) -> bool:
    """The option wins, then ``$DOCKGRADE_CLASSROOM`` (1/0), then: on when asked for its JSON or on GitHub Actions."""
    if option is not None:
        return option
    if (setting := Settings.from_environment(environ).classroom) is not None:
        return setting
    return path is not None or Settings.from_environment(environ).github_actions


def _notices(option: bool | None, environ: Mapping[str, str]) -> bool:
    """The option wins, then ``$DOCKGRADE_CLASSROOM_NOTICES`` (0 when the grading reporter prints them); else on."""
    if option is not None:
        return option
    return Settings.from_environment(environ).classroom_notices


def view_from(option: str | None, environ: Mapping[str, str] = os.environ) -> View:
    """The view chosen by the option, else ``$DOCKGRADE_VIEW``, else the student's."""
    value = option or Settings.from_environment(environ).view or View.STUDENT.value
    return View(value) if value in set(View) else View.STUDENT


def publish(report: Report, wanted: Outputs, environ: Mapping[str, str] = os.environ) -> None:
    """Write every report file ``wanted`` asks for, each from ``report``."""
    shown = for_view(report, wanted.view)
    for target in (wanted.json, wanted.junit, wanted.gradescope, wanted.html, wanted.classroom_json):
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
    if wanted.json:
        json.write(report, wanted.json)
    if wanted.junit:
        junit.write(brief_report(shown), wanted.junit)
    if wanted.gradescope:
        gradescope.write(brief_report(report), wanted.gradescope)
    if wanted.html:
        html.write(shown, wanted.html, html.Page(wanted.submission, wanted.view))
    if wanted.classroom:
        classroom.publish(shown, environ, wanted.classroom_json)


def console(report: Report, wanted: Outputs) -> list[str]:
    """The lines printed after the score table: GitHub Classroom's notices when it is on and prints them."""
    return classroom.notices(report) if wanted.classroom and wanted.classroom_notices and report.results else []
