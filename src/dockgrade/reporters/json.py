"""dockgrade's own JSON report (``--dockgrade-json PATH``): the complete record of one grading run.

This module is the only writer of the format. It is versioned by ``schema``
(``results.SCHEMA_VERSION``): a field is only ever added within a version; renaming or removing one
bumps it. The JSON Schema is ``tests/schemas/dockgrade-report.schema.json``. Version 1::

    {
      "schema": 1,
      "score": 7.0,                 # points earned over the whole run
      "max_score": 8.0,             # points possible
      "exercises": [{"id": "s5-e03-build-arg", "score": 6.0, "max_score": 8.0,   # in grading order
                     "absent": false}],  # true: expected by the assignment, not handed in (every check "absent")
      "checks": [{
        "id": "s5-e03-build-arg::default_bucket",   # <exercise>::<check>, stable across runs
        "exercise": "s5-e03-build-arg", "check": "default_bucket",
        "title": "...",             # the check's description, in the run's language
        "points": 2.0,              # earned in full when outcome is "passed", else 0 (the assignment's weight applied)
        "outcome": "passed" | "failed" | "not_run" | "errored"
                 | "absent"         # "não entregue": the exercise is nowhere in the submission; in max_score, unearned
                 | "superseded",    # "superado": a later step changed what it saw; out of max_score, the message
                                    # names that step
        "message": "...", "hint": "..." | null,   # what the student reads ("" / null when passed)
        "details": "...",           # a log tail (failed builds), else ""
        "hidden": false,            # masked in the student-facing outputs
        "gate": false,              # its failure left the exercise's later checks not run
        "cause": "Mismatch"         # the exception class behind the outcome ("" when none)
      }],
      "substitutions": [{           # what the offline stand-ins replaced; "kind": "image" or "dependency"
        "requested": "nginx:latest", "standin": "...", "recipe_hash": "...", "alias": false, "kind": "image"
      }],                           # a dependency: requested "psycopg2==2.7.1", standin "psycopg2==2.9.2"
      "advice": [{                  # hadolint on the exercise's Dockerfiles: unscored, never in a total
        "exercise": "s5-e04-build-copy", "file": "Dockerfile", "line": 3, "rule": "DL3025",
        "text": "..."               # in the run's language
      }]
    }

The report is the instructor's view: hidden checks appear in full, with ``"hidden": true``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dockgrade.core.results import Report


def document(report: Report) -> dict[str, Any]:
    """The JSON-ready report (schema ``results.SCHEMA_VERSION``)."""
    return report.to_dict()


def write(report: Report, path: Path) -> None:
    """Write the report to ``path`` as UTF-8 JSON."""
    text = json.dumps(document(report), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
