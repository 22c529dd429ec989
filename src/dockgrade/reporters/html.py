"""One self-contained HTML page per graded submission (``--dockgrade-html PATH``).

The page needs no network: the CSS is inline, there are no scripts, fonts or images. It shows the
total, one section per exercise with its points and every check, and for each check that did not
pass its message, hint and log tail, then a note of the stand-in images that replaced official ones.
An exercise not handed in is one line ("não entregue", the folders looked for); a superseded check is
greyed, 0/0 points, with the later step that superseded it.
Rendered by Jinja2 from ``dockgrade/templates/report.html.j2`` with autoescaping on: everything a
submission controls (messages quote its output) reaches the page as text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from dockgrade.core import messages
from dockgrade.core.results import Report
from dockgrade.reporters.summary import MARKS, outcome_label
from dockgrade.reporters.visibility import View

TEMPLATE = "report.html.j2"
HTML_LANG = {"pt": "pt-BR", "en": "en"}
# Every page dockgrade writes (this report, the batch's class page) renders from here: autoescaped, strict.
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("dockgrade", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters["points"] = lambda value: f"{value:g}"


@dataclass(frozen=True)
class Page:
    """What the page says besides the report: whose submission, which view, when."""

    submission: str
    view: View = View.STUDENT
    generated: datetime | None = None


def render(report: Report, page: Page) -> str:
    """The HTML page for ``report`` (already filtered for ``page.view``)."""
    earned, possible = report.total()
    when = (page.generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return TEMPLATES.get_template(TEMPLATE).render(
        lang=HTML_LANG[messages.language()],
        text=messages.text,
        title=messages.text("reports.html.title", submission=page.submission),
        generated=messages.text("reports.html.generated", when=when),
        instructor=page.view is View.INSTRUCTOR,
        earned=earned,
        possible=possible,
        percent=_percent(earned, possible),
        exercises=[(score, _percent(score.earned, score.possible)) for score in report.exercises()],
        hidden=sum(1 for result in report.results if result.hidden),
        substitutions=report.substituted("image"),
        dependencies=report.substituted("dependency"),
        advice=report.advice_for,
        marks=MARKS,
        label=outcome_label,
    )


def write(report: Report, path: Path, page: Page) -> None:
    """Write the page for ``report`` to ``path``."""
    path.write_text(render(report, page), encoding="utf-8")


def _percent(earned: float, possible: float) -> int:
    return round(100 * earned / possible) if possible else 0
