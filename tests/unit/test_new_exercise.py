"""Adding an exercise is adding its folder: a toy section 10 exercise, written in a temporary graders tree, is
catalogued, graded with its own messages and English titles, and needs no edit anywhere else (CONTRIBUTING.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dockgrade.course import catalogue, exercise_files

pytest_plugins = ["pytester"]

EXERCISE_YML = """\
id: s10-e01-greeting
delivers: [saudacao.txt]
aliases: [greeting, saudacao_]
fingerprint:
  all_of: [olá]
titles:
  greets: saudacao.txt says hello
messages:
  s10.e01.no_hello:
    pt: o saudacao.txt não diz olá
    en: saudacao.txt does not say hello
"""

GRADER = '''
from pathlib import Path

from dockgrade.grading.check import check, expect
from dockgrade.core.messages import text as say

EXERCISE = "s10-e01-greeting"


@check(points=2)
def test_greets(exercise_dir: Path) -> None:
    """o saudacao.txt diz olá"""
    expect("olá" in (exercise_dir / "saudacao.txt").read_text(encoding="utf-8"), say("s10.e01.no_hello"))
'''


def toy_graders(root: Path) -> Path:
    """``root/graders/secao10/saudacao/`` with the toy's exercise.yml and grader; returns the graders folder."""
    folder = root / "graders" / "secao10" / "saudacao"
    folder.mkdir(parents=True)
    (folder / "exercise.yml").write_text(EXERCISE_YML, encoding="utf-8")
    (folder / "test_s10_e01_greeting.py").write_text(GRADER, encoding="utf-8")
    return root / "graders"


def test_the_catalogue_is_read_from_the_graders_folders(tmp_path: Path) -> None:
    """The new folder is the new exercise: its section, folder, aliases and fingerprint come from exercise.yml."""
    found = catalogue.load(toy_graders(tmp_path))
    assert found.sections() == [10]
    (toy,) = found.exercises
    assert (toy.id, toy.folder, toy.aliases, toy.marker_files) == (
        "s10-e01-greeting",
        "saudacao",
        ("greeting", "saudacao_"),
        ("saudacao.txt",),
    )
    assert toy.fingerprint is not None
    assert toy.fingerprint.matches("Olá, mundo")


def test_the_course_catalogue_is_its_graders_folders() -> None:
    """Every course exercise is one grader folder whose name is the exercise's course folder."""
    folders = {path.parent.name for path in exercise_files.exercise_paths()}
    assert folders == {item.folder for item in catalogue.EXERCISES}
    assert catalogue.sections() == catalogue.load().sections()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: s9-e01-x\ndelivers: script\n", "must start with s<section>-"),
        ("id: s10-e01-x\ndelivers: spreadsheet\n", "delivers is one of"),
        ("id: s10-e01-x\ndelivers: script\nalias: [x]\n", "unknown keys ['alias']"),
        ("id: s10-e01-x\ndelivers: script\nfingerprint: {none_of: [x]}\n", "a fingerprint has all_of"),
        ("id: s10-e01-x\ndelivers: script\ntitles: {greets: ''}\n", "every title is one English sentence"),
    ],
)
def test_a_mistaken_exercise_file_names_its_problem(tmp_path: Path, text: str, problem: str) -> None:
    folder = tmp_path / "secao10" / "x"
    folder.mkdir(parents=True)
    (folder / "exercise.yml").write_text(text, encoding="utf-8")
    with pytest.raises(exercise_files.ExerciseFileError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        exercise_files.read_exercise(folder / "exercise.yml")


def grade(pytester: pytest.Pytester, content: str, *options: str) -> tuple[Any, dict[str, Any]]:
    """Grade a submission whose ``greeting/saudacao.txt`` holds ``content`` with the toy grader (in a subprocess:
    the plugin learns the toy exercise, which must not leak into this process's catalogue)."""
    graders = toy_graders(pytester.path)
    folder = pytester.path / "sub" / "greeting"
    folder.mkdir(parents=True)
    (folder / "saudacao.txt").write_text(content, encoding="utf-8")
    run = pytester.runpytest_subprocess(
        "-p", "dockgrade.plugin", "-p", "no:cacheprovider", "--submission", "sub", "--dockgrade-json", "out.json",
        str(graders / "secao10"), *options,
    )  # fmt: skip
    return run, json.loads((pytester.path / "out.json").read_text(encoding="utf-8"))


def test_the_new_exercise_is_graded_with_no_other_edit(pytester: pytest.Pytester) -> None:
    """Full marks for a correct submission found under an alias of the exercise.yml."""
    run, report = grade(pytester, "olá, turma")
    assert (report["score"], report["max_score"]) == (2.0, 2.0), run.outlines
    assert [item["exercise"] for item in report["checks"]] == ["s10-e01-greeting"]


def test_the_new_exercise_speaks_english_from_its_file(pytester: pytest.Pytester) -> None:
    """``--lang en`` takes the check's title and message from the exercise.yml."""
    run, report = grade(pytester, "bom dia", "--lang", "en")
    (result,) = report["checks"]
    assert (report["score"], result["title"]) == (0.0, "saudacao.txt says hello"), run.outlines
    assert "saudacao.txt does not say hello" in json.dumps(result)
