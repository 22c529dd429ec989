"""The message catalogue: complete, consistent translations and language switching."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockgrade.core import messages
from dockgrade.core.portuguese import words as portuguese_words
from dockgrade.course import exercise_files
from dockgrade.grading import gates


@pytest.fixture(autouse=True)
def portuguese() -> Iterator[None]:
    """Each test starts in Portuguese and leaves the language and catalogue as it found them."""
    previous = messages.language()
    catalogue = dict(messages.CATALOGUE)
    messages.set_language("pt")
    yield
    messages.set_language(previous)
    messages.CATALOGUE.clear()
    messages.CATALOGUE.update(catalogue)


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_every_key_has_every_language(key: str) -> None:
    """Each message exists, non-empty, in Portuguese and English, and in no other language."""
    translations = messages.CATALOGUE[key]
    assert set(translations) == set(messages.LANGUAGES)
    assert all(text.strip() for text in translations.values())


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_placeholders_match_across_languages(key: str) -> None:
    """Both languages fill in the same ``{placeholders}``, so a translation never raises KeyError."""
    translations = messages.CATALOGUE[key]
    assert placeholders(translations["pt"]) == placeholders(translations["en"])


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_english_has_no_portuguese(key: str) -> None:
    """The English of every message is English: no pt word outside names and quotes (titles: below)."""
    assert portuguese_words(messages.CATALOGUE[key]["en"]) == []


@pytest.mark.parametrize(
    ("key", "values", "pt", "en"),
    [
        (
            "expected_got",
            {"expected": "'files'", "actual": "''"},
            "esperado 'files', obtido ''",
            "expected 'files', not ''",
        ),
        ("timeout.build", {"seconds": 120.0}, "o build passou do limite de 120s", "the build ran past its 120s limit"),
        ("outcome.not_run", {}, "não executado", "not run"),
        (
            "exercise.missing",
            {"exercise": "s5-e03-build-arg", "folders": "build-com-arg, build_com_arg"},
            "não entregue: nada encontrado nas pastas build-com-arg, build_com_arg "
            "(ou indique a pasta de s5-e03-build-arg no dockgrade.yml)",
            "not handed in: nothing found in the folders build-com-arg, build_com_arg "
            "(or name the folder of s5-e03-build-arg in dockgrade.yml)",
        ),
    ],
)
def test_set_language_switches_text(key: str, values: dict[str, object], pt: str, en: str) -> None:
    """``text`` fills the template of the language chosen with ``set_language``."""
    assert messages.language() == "pt"
    assert messages.text(key, **values) == pt
    messages.set_language("en")
    assert messages.language() == "en"
    assert messages.text(key, **values) == en


@pytest.mark.parametrize("language", ["es", "PT", "pt-BR", "", "english"])
def test_unknown_language_is_refused(language: str) -> None:
    """An unsupported language raises ValueError and leaves the current one in place."""
    with pytest.raises(ValueError, match="unknown language"):
        messages.set_language(language)
    assert messages.language() == "pt"


def test_register_adds_grader_messages() -> None:
    """A grader can add its own bilingual messages, and registering the same text again is harmless."""
    entry = {"s5.custom": {"pt": "faltou {coisa}", "en": "missing {coisa}"}}
    messages.register(entry)
    messages.register(entry)
    assert messages.text("s5.custom", coisa="ENV") == "faltou ENV"


@pytest.mark.parametrize(
    "translations",
    [
        {"pt": "dica {hint}", "en": "hint: {hint}"},
        {"pt": "dica: {hint}"},
        {"pt": "dica: {hint}", "en": "hint: {hint}", "es": "pista: {hint}"},
    ],
)
def test_register_refuses_to_redefine_a_key(translations: dict[str, str]) -> None:
    """Redefining an existing key with different text raises ValueError and keeps the original."""
    with pytest.raises(ValueError, match=r"already defined differently|needs exactly the languages"):
        messages.register({"hint": translations})
    assert messages.text("hint", hint="x") == "dica: x"


def test_register_needs_every_language() -> None:
    """A grader message with only one language is refused, so --lang en never hits a KeyError."""
    with pytest.raises(ValueError, match="needs exactly the languages"):
        messages.register({"s5.only_pt": {"pt": "só português"}})


def _graded_checks() -> list[tuple[str, str, str]]:
    """(exercise, check, docstring first line) of every check in graders/ (read, not imported)."""
    found = []
    for path in sorted((Path(__file__).resolve().parents[2] / "graders").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exercise = next(
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXERCISE"
        )
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                doc = (ast.get_docstring(node) or "").strip().splitlines()[0]
                found.append((exercise, node.name.removeprefix("test_"), doc))
            elif gate := _gate_check(node):  # test_up = compose_up_gate(): check and docstring from gates.py
                name, doc = gate
                found.append((exercise, name.removeprefix("test_"), doc))
    return found


def _gate_check(node: ast.stmt) -> tuple[str, str] | None:
    """(name, docstring first line) of a ``test_x = <gate>()`` line, which must name the check it makes."""
    if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
        return None
    name, factory = getattr(node.targets[0], "id", ""), getattr(node.value.func, "id", "")
    if not (name.startswith("test_") and hasattr(gates, factory)):
        return None
    check = getattr(gates, factory)()
    assert check.__name__ == name, f"{name} = {factory}(), whose check is {check.__name__}"
    return name, check.__doc__.strip().splitlines()[0]


@pytest.mark.parametrize(("exercise", "check", "doc"), _graded_checks())
def test_every_check_has_an_english_title(exercise: str, check: str, doc: str) -> None:
    """Each grader check's docstring is its pt title and its exercise.yml (a gate's: texts/gates.yml) gives the
    English one."""
    assert messages.title(exercise, check, doc) == doc
    english = messages.english_title(exercise, check)
    assert english
    assert english.strip() == english
    assert portuguese_words(english) == []
    messages.set_language("en")
    assert messages.title(exercise, check, doc) == english
    gate = messages.CATALOGUE.get(f"title.gate.{check}")
    if gate and messages.english_title(exercise, check) == gate["en"]:
        assert gate["pt"] == doc, "a gate's pt title in texts/gates.yml is its docstring"


def test_every_english_title_names_a_check() -> None:
    """No exercise.yml keeps the title of a check its grader no longer has (renamed or removed)."""
    checks = {(exercise, check) for exercise, check, _ in _graded_checks()}
    described = {
        (item.exercise.id, check)
        for path in exercise_files.exercise_paths()
        for item in [exercise_files.read_exercise(path)]
        for check in item.english_titles
    }
    assert sorted(described - checks) == []
