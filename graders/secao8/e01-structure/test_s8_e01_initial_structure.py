"""s8-e01 estrutura inicial do Cadastro Simples: backend/package.json com as dependências."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dockgrade import CheckFailed, check, expect, say

EXERCISE = "s8-e01-initial-structure"
DEPENDENCIES = ("express", "mongoose", "node-restful", "body-parser", "cors")


@pytest.fixture(scope="module")
def package(exercise_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((exercise_dir / "backend" / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CheckFailed(say("s8.invalid_json", error=error)) from None
    return data if isinstance(data, dict) else {}


@check(points=1, gate=True)
def test_package_json_valid(package: dict[str, Any]) -> None:
    """backend/package.json é um JSON válido"""
    expect(isinstance(package, dict), say("s8.invalid_json", error="-"))


@check(points=2)
def test_dependencies(package: dict[str, Any]) -> None:
    """as dependências incluem express, mongoose, node-restful, body-parser e cors"""
    declared = package.get("dependencies") or {}
    missing = [name for name in DEPENDENCIES if name not in declared]
    expect(not missing, say("s8.missing_dependencies", names=", ".join(missing)), hint=say("s8.npm_hint"))
