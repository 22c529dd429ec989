"""The run.sh interpreter speaks the student's language: every reason a line is not run comes from the
catalogue, Portuguese by default and English under ``--lang en``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dockgrade.core import messages
from dockgrade.script.commands import parse_script

LINES = {
    "ls -la": ("não é um comando docker", "not a docker command"),
    "docker system prune": ("comando docker não suportado", "unsupported docker command"),
    "docker run $(whoami)": ("substituição de comando", "command substitution"),
    "docker run $HOME": ("variável de shell", "shell variables"),
    "docker ps | grep web": ("operador de shell", "unsupported shell operator"),
    "docker run --nao-existe nginx": ("opção não suportada", "unsupported option"),
    "docker run -e": ("precisa de um valor", "needs a value"),
    "cd ../..": ("sai da sua entrega", "leaves your submission"),
    "docker run 'sem fim": ("linha inválida", "invalid line"),
}


@pytest.fixture
def english() -> Iterator[None]:
    messages.set_language("en")
    yield
    messages.set_language("pt")


def reasons(tmp_path: Path) -> dict[str, str]:
    script = parse_script("\n".join(LINES) + "\n", tmp_path, tmp_path)
    return {skipped.text: skipped.reason for skipped in script.skipped}


def test_reasons_in_portuguese_by_default(tmp_path: Path) -> None:
    found = reasons(tmp_path)
    assert {line: pt in found.get(line, "") for line, (pt, _en) in LINES.items()} == dict.fromkeys(LINES, True)


@pytest.mark.usefixtures("english")
def test_reasons_in_english_with_lang_en(tmp_path: Path) -> None:
    found = reasons(tmp_path)
    assert {line: en in found.get(line, "") for line, (_pt, en) in LINES.items()} == dict.fromkeys(LINES, True)
    for reason in found.values():
        assert not any(word in reason for word in ("não", "sua", "opção", "comando")), reason
