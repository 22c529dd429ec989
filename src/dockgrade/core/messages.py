"""Every sentence a student or instructor reads, in Brazilian Portuguese (default) and English.

Keeping them in one catalogue keeps the tone consistent and makes a translation a one-file job.
Select the language with ``set_language`` (the pytest option ``--lang``) or ``DOCKGRADE_LANG``.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

import yaml

from dockgrade.core.settings import Settings

LANGUAGES = ("pt", "en")
_language = _given if (_given := Settings.from_environment().language) in LANGUAGES else "pt"

# (exercise id, check name) → English title; the Portuguese title is the check's docstring.
_ENGLISH_TITLES: dict[tuple[str, str], str] = {}

CATALOGUE: dict[str, dict[str, str]] = {
    "expected_got": {"pt": "esperado {expected}, obtido {actual}", "en": "expected {expected}, not {actual}"},
    "hint": {"pt": "dica: {hint}", "en": "hint: {hint}"},
    "not_run": {"pt": "não executado: {reason}", "en": "not run: {reason}"},
    "reason.build": {"pt": "o build falhou", "en": "the build failed"},
    "reason.prerequisite": {"pt": "a verificação {check} falhou", "en": "the check {check} failed"},
    "build.failed": {"pt": "o build da imagem falhou: {error}", "en": "the image build failed: {error}"},
    "build.mistyped_base": {
        "pt": "o build falhou: a imagem base {image} do FROM não existe",
        "en": "the build failed: the base image {image} in FROM does not exist",
    },
    "build.mistyped_base_hint": {
        "pt": "confira o nome no FROM: você quis dizer {image}?",
        "en": "check the name in FROM: did you mean {image}?",
    },
    "build.log_tail": {"pt": "últimas linhas do build:", "en": "last lines of the build:"},
    "timeout.build": {
        "pt": "o build passou do limite de {seconds:g}s",
        "en": "the build ran past its {seconds:g}s limit",
    },
    "timeout.run": {
        "pt": "o container não terminou em {seconds:g}s",
        "en": "the container did not finish within {seconds:g}s",
    },
    "timeout.script": {
        "pt": "não executado: o run.sh passou do limite de {seconds:g}s da correção antes desta linha",
        "en": "not run: run.sh went past the grading's {seconds:g}s limit before this line",
    },
    "timeout.http": {
        "pt": "nada respondeu em {url} depois de {seconds:g}s",
        "en": "nothing answered at {url} after {seconds:g}s",
    },
    "container.exited": {
        "pt": "o container terminou antes de responder; últimas linhas do log: {tail}",
        "en": "the container exited before answering; last log lines: {tail}",
    },
    "policy.bind_outside": {
        "pt": "o bind mount {path} aponta para fora da sua entrega",
        "en": "the bind mount {path} points outside your submission",
    },
    "engine.unavailable": {
        "pt": "nenhum Docker engine respondeu ({error}); rode ci/engine.sh ou inicie o Docker",
        "en": "no Docker engine answered ({error}); run ci/engine.sh or start Docker",
    },
    "exercise.missing": {
        "pt": "não entregue: nada encontrado nas pastas {folders} (ou indique a pasta de {exercise} no dockgrade.yml)",
        "en": "not handed in: nothing found in the folders {folders} (or name the folder of {exercise} in "
        "dockgrade.yml)",
    },
    "summary.title": {"pt": "dockgrade: pontuação", "en": "dockgrade: score"},
    "summary.total": {"pt": "total", "en": "total"},
    "summary.exercise": {"pt": "exercício", "en": "exercise"},
    "summary.points": {"pt": "pontos", "en": "points"},
    "outcome.passed": {"pt": "ok", "en": "passed"},
    "outcome.failed": {"pt": "falhou", "en": "failed"},
    "outcome.not_run": {"pt": "não executado", "en": "not run"},
    "outcome.errored": {"pt": "erro do corretor", "en": "grader error"},
    "outcome.offline": {"pt": "não executável offline", "en": "not runnable offline"},
    "outcome.absent": {"pt": "não entregue", "en": "not handed in"},
    "outcome.superseded": {"pt": "superado", "en": "superseded"},
    "grader_error": {
        "pt": "erro do corretor (não é culpa sua; avise o instrutor): {error}",
        "en": "grader error (not your fault; tell the instructor): {error}",
    },
    "standin.substituted": {
        "pt": "imagens substituídas pela versão offline equivalente: {requested}",
        "en": "images replaced by their offline stand-ins: {requested}",
    },
    "standin.dependencies": {
        "pt": "dependências trocadas pela versão mais próxima que funciona na imagem offline: {swaps}",
        "en": "dependencies swapped for the nearest version that works on the offline stand-in: {swaps}",
    },
}


def load_texts() -> None:
    """Add the library's texts (``dockgrade/texts/*.yml``); the graders' come with the catalogue."""
    folder = resources.files("dockgrade") / "texts"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yml"):
            register(yaml.safe_load(entry.read_text(encoding="utf-8")) or {})


def add_titles(exercise: str, english: Mapping[str, str]) -> None:
    """The English titles of an exercise's checks (check name → title)."""
    for check, title in english.items():
        _ENGLISH_TITLES[(exercise, check)] = title


def title(exercise: str, check: str, docstring: str) -> str:
    """A check's description in the current language: its docstring in pt, its ``exercise.yml`` title in en (a
    gate's from ``texts/gates.yml``)."""
    english = english_title(exercise, check)
    return english if _language == "en" and english else docstring


def english_title(exercise: str, check: str) -> str | None:
    """The English title of a check, or ``None`` when the graders give none."""
    gate = CATALOGUE.get(f"title.gate.{check}")
    return _ENGLISH_TITLES.get((exercise, check)) or (gate["en"] if gate else None)


def set_language(language: str) -> None:
    """Choose the language of every later message (``pt`` or ``en``)."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {LANGUAGES}")
    _language = language


def language() -> str:
    """The language in use."""
    return _language


def text(key: str, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    return CATALOGUE[key][_language].format(**values)


def register(entries: dict[str, dict[str, str]]) -> None:
    """Add grader-specific messages; a key must not be defined twice with different texts."""
    for key, translations in entries.items():
        if set(translations) != set(LANGUAGES):
            raise ValueError(f"message {key!r} needs exactly the languages {LANGUAGES}")
        if CATALOGUE.get(key, translations) != translations:
            raise ValueError(f"message {key!r} is already defined differently")
        CATALOGUE[key] = translations


load_texts()
