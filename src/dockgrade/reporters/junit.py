"""JUnit XML (``--dockgrade-junit PATH``): one ``<testsuite>`` per exercise, one ``<testcase>`` per check.

Points travel as properties: each suite has ``dockgrade.score`` and ``dockgrade.max_score``; each
case has ``dockgrade.title``, ``dockgrade.points``, ``dockgrade.earned``, ``dockgrade.outcome`` and
``dockgrade.hidden``. A failed check is a ``<failure>`` (its message, hint and log tail), a check
not run is ``<skipped>``, a grader fault an ``<error>``; a check of an exercise not handed in is a
``<failure type="NotHandedIn">`` ("não entregue"), a superseded one ``<skipped>`` whose message starts with
"superado" and names the later step (``dockgrade.outcome`` says ``absent`` / ``superseded``).

Why our own file instead of pytest's ``--junitxml``: that one describes pytest items, not checks — a
missing exercise is a setup *error* there, a blocked check a bare skip, and its classnames are module
paths — and it cannot hold per-exercise totals or mask hidden checks. This file is written from the
run's ``Report``, so its totals are the terminal's, the JSON's and Gradescope's. ``--junitxml`` still
works beside it: each graded test carries the raw result as its ``dockgrade.result`` property
(``report.user_properties``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from dockgrade import summary
from dockgrade.results import CheckResult, ExerciseScore, Outcome, Report


def document(report: Report) -> ET.Element:
    """The ``<testsuites>`` element for ``report`` (already filtered for its audience)."""
    root = ET.Element("testsuites", name="dockgrade")
    for score in report.exercises():
        root.append(_suite(score))
    _count(root, report.results)
    return root


def write(report: Report, path: Path) -> None:
    """Write the JUnit XML for ``report`` to ``path``."""
    tree = ET.ElementTree(document(report))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _suite(score: ExerciseScore) -> ET.Element:
    suite = ET.Element("testsuite", name=score.exercise)
    _count(suite, score.results)
    _properties(suite, {"dockgrade.score": _number(score.earned), "dockgrade.max_score": _number(score.possible)})
    for result in score.results:
        suite.append(_case(result))
    return suite


def _case(result: CheckResult) -> ET.Element:
    case = ET.Element("testcase", classname=result.exercise, name=result.check)
    _properties(
        case,
        {
            "dockgrade.title": result.title,
            "dockgrade.points": _number(result.points),
            "dockgrade.earned": _number(result.earned),
            "dockgrade.outcome": result.outcome.value,
            "dockgrade.hidden": str(result.hidden).lower(),
        },
    )
    if result.outcome is Outcome.FAILED:
        failure = ET.SubElement(case, "failure", message=result.message, type=result.cause or "CheckFailed")
        failure.text = summary.failure_text(result)
    elif result.outcome is Outcome.ERRORED:
        ET.SubElement(case, "error", message=result.message, type=result.cause).text = result.message
    elif result.outcome is Outcome.NOT_RUN:
        ET.SubElement(case, "skipped", message=result.message)
    elif result.outcome is Outcome.ABSENT:
        ET.SubElement(case, "failure", message=result.message, type=result.cause or "NotHandedIn").text = result.message
    elif result.outcome is Outcome.SUPERSEDED:
        ET.SubElement(case, "skipped", message=f"{summary.outcome_label(result)}: {result.message}")
    return case


def _properties(element: ET.Element, values: dict[str, str]) -> None:
    properties = ET.SubElement(element, "properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=value)


def _count(element: ET.Element, results: list[CheckResult]) -> None:
    element.set("tests", str(len(results)))
    for attribute, outcomes in _COUNTED.items():
        element.set(attribute, str(sum(1 for result in results if result.outcome in outcomes)))


# A check of an exercise not handed in is a failure (its points are lost); a superseded one is skipped.
_COUNTED = {
    "failures": (Outcome.FAILED, Outcome.ABSENT),
    "errors": (Outcome.ERRORED,),
    "skipped": (Outcome.NOT_RUN, Outcome.SUPERSEDED),
}


def _number(value: float) -> str:
    return f"{value:g}"
