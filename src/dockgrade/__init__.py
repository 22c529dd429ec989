"""dockgrade: an automated grader for the Docker course "Docker: Ferramenta essencial para Desenvolvedores".

Graders need one import line, ``from dockgrade import check, expect, say, Container, …``: the names below are
re-exported from the modules that define them, each loaded on first use (PEP 562), so ``import dockgrade`` stays
light for the command line and no library module depends on this one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "check": "dockgrade.grading",
    "expect": "dockgrade.grading",
    "expect_equal": "dockgrade.grading",
    "expect_in": "dockgrade.grading",
    "require": "dockgrade.grading",
    "builds_gate": "dockgrade.gates",
    "compose_up_gate": "dockgrade.gates",
    "Container": "dockgrade.handles",
    "ScriptContainer": "dockgrade.handles",
    "Service": "dockgrade.handles",
    "body": "dockgrade.bounded_http",
    "wait_for": "dockgrade.waiting",
    "runs_of": "dockgrade.script_checks",
    "require_steps": "dockgrade.script_checks",
    "require_success": "dockgrade.script_checks",
    "shown_source": "dockgrade.script_checks",
    "CheckFailed": "dockgrade.errors",
    "BuildImage": "dockgrade.fixtures",
    "Interpret": "dockgrade.fixtures",
    "StartCompose": "dockgrade.fixtures",
    "BuiltImage": "dockgrade.sandbox",
    "Sandbox": "dockgrade.sandbox",
    "dockerfile_name": "dockgrade.sandbox",
    "ComposeCommand": "dockgrade.compose",
    "ComposeProject": "dockgrade.compose_project",
    "ImageResolver": "dockgrade.images",
    "Interpreter": "dockgrade.interpreter",
    "ContainerState": "dockgrade.transcript",
    "Step": "dockgrade.transcript",
    "Transcript": "dockgrade.transcript",
    "Submission": "dockgrade.submission",
    "near_miss": "dockgrade.labels",
    "normalise_reference": "dockgrade.recipes",
    "split_reference": "dockgrade.recipes",
    "base_images_of": "dockgrade.dockerfile",
}
_RENAMED = {"say": ("dockgrade.messages", "text")}

__all__ = [
    "BuildImage",
    "BuiltImage",
    "CheckFailed",
    "ComposeCommand",
    "ComposeProject",
    "Container",
    "ContainerState",
    "ImageResolver",
    "Interpret",
    "Interpreter",
    "Sandbox",
    "ScriptContainer",
    "Service",
    "StartCompose",
    "Step",
    "Submission",
    "Transcript",
    "base_images_of",
    "body",
    "builds_gate",
    "check",
    "compose_up_gate",
    "dockerfile_name",
    "expect",
    "expect_equal",
    "expect_in",
    "near_miss",
    "normalise_reference",
    "require",
    "require_steps",
    "require_success",
    "runs_of",
    "say",
    "shown_source",
    "split_reference",
    "wait_for",
]

if TYPE_CHECKING:
    from dockgrade.bounded_http import body
    from dockgrade.compose import ComposeCommand
    from dockgrade.compose_project import ComposeProject
    from dockgrade.dockerfile import base_images_of
    from dockgrade.errors import CheckFailed
    from dockgrade.fixtures import BuildImage, Interpret, StartCompose
    from dockgrade.gates import builds_gate, compose_up_gate
    from dockgrade.grading import check, expect, expect_equal, expect_in, require
    from dockgrade.handles import Container, ScriptContainer, Service
    from dockgrade.images import ImageResolver
    from dockgrade.interpreter import Interpreter
    from dockgrade.labels import near_miss
    from dockgrade.messages import text as say
    from dockgrade.recipes import normalise_reference, split_reference
    from dockgrade.sandbox import BuiltImage, Sandbox, dockerfile_name
    from dockgrade.script_checks import require_steps, require_success, runs_of, shown_source
    from dockgrade.submission import Submission
    from dockgrade.transcript import ContainerState, Step, Transcript
    from dockgrade.waiting import wait_for


def __getattr__(name: str) -> Any:
    """Load an exported name's module on first use; any other name is a submodule or missing."""
    module, attribute = _RENAMED.get(name) or (_EXPORTS.get(name), name)
    if module is None:
        raise AttributeError(f"module 'dockgrade' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
