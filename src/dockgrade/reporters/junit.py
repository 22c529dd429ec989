"""JUnit XML (``--dockgrade-junit PATH``): one ``<testsuite>`` per exercise, one ``<testcase>`` per check.

Points travel as the suite's properties: ``dockgrade.score`` and ``dockgrade.max_score``, then for
each check ``dockgrade.check.<check>.title``, ``.points``, ``.earned``, ``.outcome`` and ``.hidden``.
A failed check is a ``<failure>`` (its message, hint and log tail), a check not run is
``<skipped>``, a grader fault an ``<error>``; a check of an exercise not handed in is a
``<failure type="NotHandedIn">`` ("não entregue"), a superseded one ``<skipped>`` whose message starts with
"superado" and names the later step (its ``.outcome`` says ``absent`` / ``superseded``).

The file is valid against the common ``junit-10.xsd`` (Jenkins xUnit's, which GitLab, dorny and
mikepenz read): that schema allows ``<properties>`` in a ``<testsuite>`` only, and no ``skipped`` on
``<testsuites>``. ``time`` is on every element; dockgrade does not time its checks, so it is 0
(a reader that needs it no longer shows "NaN"). Everything a submission printed is made valid XML
1.0 text (``xml_text``): colour sequences are dropped and other control characters written as ``\\xNN``.

Why our own file instead of pytest's ``--junitxml``: that one describes pytest items, not checks — a
missing exercise is a setup *error* there, a blocked check a bare skip, and its classnames are module
paths — and it cannot hold per-exercise totals or mask hidden checks. This file is written from the
run's ``Report``, so its totals are the terminal's, the JSON's and Gradescope's. ``--junitxml`` still
works beside it: each graded test carries the raw (instructor's, unmasked) result, as JSON, in its
``dockgrade.result`` property (the plugin puts it on the item, so the teardown report pytest reads has it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from dockgrade.core.results import CheckResult, ExerciseScore, Outcome, Report
from dockgrade.reporters import summary

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNTIMED = "0"


def document(report: Report) -> ET.Element:
    """The ``<testsuites>`` element for ``report`` (already filtered for its audience)."""
    root = ET.Element("testsuites", name="dockgrade", time=_UNTIMED)
    for score in report.exercises():
        root.append(_suite(score))
    _count(root, report.results)
    del root.attrib["skipped"]  # not an attribute of <testsuites> in junit-10.xsd
    return root


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 may hold it: colour and cursor sequences dropped, other forbidden characters as ``\\xNN``."""
    return _NOT_XML.sub(_escaped, _ANSI.sub("", text))


def write(report: Report, path: Path) -> None:
    """Write the JUnit XML for ``report`` to ``path``."""
    tree = ET.ElementTree(document(report))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _suite(score: ExerciseScore) -> ET.Element:
    suite = ET.Element("testsuite", name=score.exercise, time=_UNTIMED)
    _count(suite, score.results)
    values = {"dockgrade.score": _number(score.earned), "dockgrade.max_score": _number(score.possible)}
    for result in score.results:
        values.update(_check_properties(result))
    _properties(suite, values)
    for result in score.results:
        suite.append(_case(result))
    return suite


def _check_properties(result: CheckResult) -> dict[str, str]:
    prefix = f"dockgrade.check.{result.check}"
    return {
        f"{prefix}.title": result.title,
        f"{prefix}.points": _number(result.points),
        f"{prefix}.earned": _number(result.earned),
        f"{prefix}.outcome": result.outcome.value,
        f"{prefix}.hidden": str(result.hidden).lower(),
    }


def _case(result: CheckResult) -> ET.Element:
    case = ET.Element("testcase", classname=result.exercise, name=xml_text(result.check), time=_UNTIMED)
    message = xml_text(result.message)
    if result.outcome is Outcome.FAILED:
        failure = ET.SubElement(case, "failure", message=message, type=result.cause or "CheckFailed")
        failure.text = xml_text(summary.failure_text(result))
    elif result.outcome is Outcome.ERRORED:
        ET.SubElement(case, "error", message=message, type=result.cause).text = message
    elif result.outcome is Outcome.NOT_RUN:
        ET.SubElement(case, "skipped", message=message)
    elif result.outcome is Outcome.ABSENT:
        ET.SubElement(case, "failure", message=message, type=result.cause or "NotHandedIn").text = message
    elif result.outcome is Outcome.SUPERSEDED:
        ET.SubElement(case, "skipped", message=xml_text(f"{summary.outcome_label(result)}: {result.message}"))
    return case


def _properties(element: ET.Element, values: dict[str, str]) -> None:
    properties = ET.SubElement(element, "properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", name=xml_text(name), value=xml_text(value))


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
    return summary.points(value)


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")
