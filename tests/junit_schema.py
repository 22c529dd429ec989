"""The rules of the common ``junit-10.xsd`` (Jenkins xUnit's, read by GitLab, dorny and mikepenz), as assertions.

The schema itself is not vendored: this restates what it allows, element by element, so a test can say
which rule a file breaks. ``time`` must match the schema's SUREFIRE_TIME pattern where it is allowed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

_SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
_RESULT = frozenset({"type", "message"})


@dataclass(frozen=True)
class Rule:
    """The attributes and children one element may have."""

    attributes: frozenset[str]
    required: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    text: bool = False


RULES = {
    "testsuites": Rule(frozenset({"name", "time", "tests", "failures", "errors"}), children=frozenset({"testsuite"})),
    "testsuite": Rule(
        frozenset(
            {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id"}
            | {"package", "file", "log", "url"}
        ),
        frozenset({"name", "tests", "failures", "errors"}),
        frozenset({"testsuite", "properties", "testcase", "system-out", "system-err"}),
    ),
    "properties": Rule(frozenset(), children=frozenset({"property"})),
    "property": Rule(frozenset({"name", "value"}), frozenset({"name", "value"})),
    "testcase": Rule(
        frozenset({"name", "time", "classname", "group"}),
        frozenset({"name"}),
        frozenset({"skipped", "error", "failure", "system-out", "system-err"})
        | frozenset({"rerunFailure", "rerunError", "flakyFailure", "flakyError"}),
    ),
    "failure": Rule(_RESULT, text=True),
    "error": Rule(_RESULT, text=True),
    "skipped": Rule(_RESULT, text=True),
    "system-out": Rule(frozenset(), text=True),
    "system-err": Rule(frozenset(), text=True),
}


def violations(root: ET.Element) -> list[str]:
    """Every way the tree under ``root`` breaks junit-10.xsd (empty when valid)."""
    found = [] if root.tag in ("testsuites", "testsuite") else [f"root <{root.tag}>"]
    for element in root.iter():
        rule = RULES.get(element.tag)
        if rule is None:
            found.append(f"<{element.tag}> is not in the schema")
            continue
        found += [f"<{element.tag}> has {name}=" for name in set(element.attrib) - rule.attributes]
        found += [f"<{element.tag}> lacks {name}=" for name in rule.required - set(element.attrib)]
        found += [f"<{child.tag}> inside <{element.tag}>" for child in element if child.tag not in rule.children]
        if "time" in element.attrib and not _SUREFIRE_TIME.fullmatch(element.attrib["time"]):
            found.append(f"<{element.tag}> time={element.attrib['time']!r}")
        if not rule.text and (element.text or "").strip():
            found.append(f"<{element.tag}> holds text")
    return found
