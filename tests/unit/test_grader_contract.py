"""A grader's ``requires=`` names an earlier check of its exercise; anything else stops collection, said plainly."""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

import pytest

from dockgrade.grading import contract as grader_contract
from dockgrade.grading.check import check

GRADERS = sorted((Path(__file__).resolve().parents[2] / "graders").glob("secao*/*/test_*.py"))


def grader(**checks: tuple[str, ...]) -> types.ModuleType:
    """A grader module whose checks (in this order) require the given names."""
    module = types.ModuleType("test_toy_grader")
    module.EXERCISE = "s5-e99-toy"  # type: ignore[attr-defined]
    for name, requires in checks.items():

        def body() -> None:
            pass

        setattr(module, f"test_{name}", check(points=1, requires=list(requires))(body))
    return module


def test_earlier_checks_may_be_required() -> None:
    assert grader_contract.problems_of(grader(builds=(), runs=("builds",), answers=("builds", "runs"))) == []


@pytest.mark.parametrize(
    ("checks", "problem"),
    [
        ({"builds": (), "runs": ("bulids",)}, "check 'runs' requires 'bulids', which is not a check of the exercise"),
        ({"runs": ("builds",), "builds": ()}, "check 'runs' requires 'builds', which is defined after it"),
        ({"runs": ("runs",)}, "check 'runs' requires 'runs', which is defined after it"),
    ],
    ids=["typo", "forward", "itself"],
)
def test_a_broken_requirement_is_named(checks: dict[str, tuple[str, ...]], problem: str) -> None:
    assert grader_contract.problems_of(grader(**checks)) == [f"test_toy_grader: {problem}"]


@pytest.mark.parametrize("path", GRADERS, ids=[path.stem for path in GRADERS])
def test_every_grader_keeps_the_contract(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"contract_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert grader_contract.problems_of(module) == []
