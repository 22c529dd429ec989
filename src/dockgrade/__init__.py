"""dockgrade: an automated grader for the Docker course "Docker: Ferramenta essencial para Desenvolvedores".

Graders need one import line, ``from dockgrade import check, expect, say, Container, …``: the names below are
re-exported from the modules that define them, each loaded on first use (PEP 562), so ``import dockgrade`` stays
light for the command line and no library module depends on this one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dockgrade.core.version import __version__ as __version__

_EXPORTS = {
    "check": "dockgrade.grading.check",
    "expect": "dockgrade.grading.check",
    "expect_equal": "dockgrade.grading.check",
    "expect_in": "dockgrade.grading.check",
    "require": "dockgrade.grading.check",
    "builds_gate": "dockgrade.grading.gates",
    "compose_up_gate": "dockgrade.grading.gates",
    "Container": "dockgrade.handles",
    "ScriptContainer": "dockgrade.handles",
    "Service": "dockgrade.handles",
    "body": "dockgrade.core.bounded_http",
    "links_to": "dockgrade.core.page_links",
    "wait_for": "dockgrade.core.waiting",
    "runs_of": "dockgrade.script.checks",
    "require_steps": "dockgrade.script.checks",
    "require_showing": "dockgrade.script.checks",
    "require_success": "dockgrade.script.checks",
    "shown_source": "dockgrade.script.checks",
    "CheckFailed": "dockgrade.core.errors",
    "BuildImage": "dockgrade.grading.fixtures",
    "Interpret": "dockgrade.grading.fixtures",
    "StartCompose": "dockgrade.grading.fixtures",
    "BuiltImage": "dockgrade.runtime.sandbox",
    "Sandbox": "dockgrade.runtime.sandbox",
    "dockerfile_name": "dockgrade.runtime.sandbox",
    "ComposeCommand": "dockgrade.compose.command",
    "ComposeProject": "dockgrade.compose.project",
    "ImageResolver": "dockgrade.offline.images",
    "Interpreter": "dockgrade.script.interpreter",
    "ContainerState": "dockgrade.script.transcript",
    "Step": "dockgrade.script.transcript",
    "Transcript": "dockgrade.script.transcript",
    "Submission": "dockgrade.course.submission",
    "near_miss": "dockgrade.course.labels",
    "normalise_reference": "dockgrade.offline.recipes",
    "split_reference": "dockgrade.offline.recipes",
    "base_images_of": "dockgrade.runtime.dockerfile",
}
_RENAMED = {"say": ("dockgrade.core.messages", "text")}

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
    "links_to",
    "near_miss",
    "normalise_reference",
    "require",
    "require_showing",
    "require_steps",
    "require_success",
    "runs_of",
    "say",
    "shown_source",
    "split_reference",
    "wait_for",
]

if TYPE_CHECKING:
    from dockgrade.compose.command import ComposeCommand
    from dockgrade.compose.project import ComposeProject
    from dockgrade.core.bounded_http import body
    from dockgrade.core.errors import CheckFailed
    from dockgrade.core.messages import text as say
    from dockgrade.core.page_links import links_to
    from dockgrade.core.waiting import wait_for
    from dockgrade.course.labels import near_miss
    from dockgrade.course.submission import Submission
    from dockgrade.grading.check import check, expect, expect_equal, expect_in, require
    from dockgrade.grading.fixtures import BuildImage, Interpret, StartCompose
    from dockgrade.grading.gates import builds_gate, compose_up_gate
    from dockgrade.handles import Container, ScriptContainer, Service
    from dockgrade.offline.images import ImageResolver
    from dockgrade.offline.recipes import normalise_reference, split_reference
    from dockgrade.runtime.dockerfile import base_images_of
    from dockgrade.runtime.sandbox import BuiltImage, Sandbox, dockerfile_name
    from dockgrade.script.checks import require_showing, require_steps, require_success, runs_of, shown_source
    from dockgrade.script.interpreter import Interpreter
    from dockgrade.script.transcript import ContainerState, Step, Transcript


def __getattr__(name: str) -> Any:
    """Load an exported name's module on first use; any other name is a submodule or missing."""
    module, attribute = _RENAMED.get(name) or (_EXPORTS.get(name), name)
    if module is None:
        raise AttributeError(f"module 'dockgrade' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
