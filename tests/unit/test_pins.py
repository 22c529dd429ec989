"""The python stand-in's pin swaps: the hook inside the image (run here against pip's own parser) and the
grader reading its lines back; pip's words for a dependency that cannot be built."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType, SimpleNamespace

import pytest
from pip._vendor.packaging.requirements import Requirement

from dockgrade.offline import pins
from dockgrade.offline.recipes import by_name

SWAP = "dockgrade-standin: psycopg2==2.7.1 -> psycopg2==2.9.2 (psycopg2 < 2.9.2 não funciona no Python 3.11)"


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    """``dockgrade_pins.py`` as the stand-in's interpreter loads it (from the recipe's folder)."""
    spec = importlib.util.spec_from_file_location("dockgrade_pins", by_name("python").folder() / "dockgrade_pins.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ inside the recipe's folder
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("psycopg2==2.7.1", "2.9.2"),
        ("psycopg2==2.8.6", "2.9.2"),
        ("psycopg2>=2.7,<2.8", "2.9.2"),
        ("Psycopg2-Binary==2.7.4", "2.9.5"),
        ("bottle==0.12.13", "0.12.22"),
        ("bottle<0.12.20", "0.12.22"),
        ("psycopg2", None),
        ("psycopg2>=2.7", None),
        ("psycopg2==2.9.5", None),
        ("psycopg2==2.9.*", None),
        ("bottle~=0.12.0", None),
        ("redis==2.10.5", None),
        ("psycopg2 @ https://example.invalid/psycopg2-2.7.1.tar.gz", None),
    ],
)
def test_only_pins_that_admit_no_working_version_are_swapped(hook: ModuleType, line: str, expected: str | None) -> None:
    """A range that still admits a version working on Python 3.11 is pip's to resolve, as written."""
    assert hook.nearest(Requirement(line)) == expected


def test_the_swap_rewrites_the_requirement_and_says_so_once(
    hook: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line pip then installs keeps the name, extras and markers; the stderr line is what graders parse."""
    parts = SimpleNamespace(requirement=Requirement("psycopg2[x]==2.7.1; python_version >= '3'"))
    again = SimpleNamespace(requirement=Requirement("psycopg2[x]==2.7.1; python_version >= '3'"))
    hook.rewrite(parts)
    hook.rewrite(again)
    assert str(parts.requirement) == 'psycopg2[x]==2.9.2; python_version >= "3"'
    said = capsys.readouterr().err
    assert said.count("dockgrade-standin:") == 1
    assert pins.substituted(said) == [("psycopg2[x]==2.7.1", "psycopg2[x]==2.9.2")]


def test_pip_is_patched_only_when_it_loads_its_parser(hook: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The .pth hook installs one finder; pip's requirement parser, imported afterwards, swaps pins."""
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    for name in [name for name in sys.modules if name.startswith("pip._internal.req")]:
        monkeypatch.delitem(sys.modules, name)
    hook.install()
    hook.install()
    assert sum(isinstance(finder, hook._Finder) for finder in sys.meta_path) == 1
    from pip._internal.req import constructors

    assert constructors.parse_req_from_line("bottle==0.12.13", None).requirement.specifier == "==0.12.22"
    assert str(constructors.parse_req_from_line("bottle==0.12.25", None).requirement) == "bottle==0.12.25"


def test_swaps_are_read_back_once_each_in_order() -> None:
    """From container logs or BuildKit's numbered build output; repeats (one per pip run) collapse."""
    log = f"Collecting redis\n#7 3.21 {SWAP}\n{SWAP}\ndockgrade-standin: bottle==0.12.13 -> bottle==0.12.22 (x)\n"
    assert pins.substituted(log) == [("psycopg2==2.7.1", "psycopg2==2.9.2"), ("bottle==0.12.13", "bottle==0.12.22")]
    assert pins.substituted("psycopg2==2.7.1 -> psycopg2==2.9.2 (sem o prefixo)") == []


def test_a_program_imitating_the_line_cannot_flood_the_report() -> None:
    """At most 20 swaps are read, however many look-alike lines a log holds."""
    log = "\n".join(f"dockgrade-standin: p{n}==1 -> p{n}==2 (x)" for n in range(1000))
    assert len(pins.substituted(log)) == 20


@pytest.mark.parametrize(
    "words",
    [
        "ERROR: Failed building wheel for gevent",
        "error: subprocess-exited-with-error",
        "error: metadata-generation-failed",
        "ERROR: Ignored the following versions that require a different python version: 1.0 Requires-Python <3.8",
    ],
)
def test_build_failures_are_the_environments_words(words: str) -> None:
    """pip failing to build a dependency (or finding none for this Python)."""
    assert pins.failed_offline(f"Collecting x\n{words}\n")


def test_a_missing_package_is_not() -> None:
    """A typo in a package name fails with the official image too: the student's."""
    assert not pins.failed_offline("ERROR: No matching distribution found for pyscopg2==2.7.1")
    assert not pins.failed_offline("")
