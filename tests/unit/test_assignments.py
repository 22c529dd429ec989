"""Assignments: the built-in ones, instructors' YAML files and the batch options they drive."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade import cli
from dockgrade.batch.runner import Settings, cache_key, child_command, sections_to_grade
from dockgrade.core.errors import AssignmentError
from dockgrade.course import assignments
from dockgrade.course.catalogue import EXERCISES


def test_course_assignment_is_what_a_course_repository_holds() -> None:
    """``curso`` expects ex-volume's two exercises, the four builds of section 5 and sections 8 and 9, nothing else."""
    course = assignments.load("curso")
    assert course.expects("s4-e07-volume-mapping")
    assert course.expects("s5-e05-build-dev")
    assert not course.expects("s4-e01-hello-world")
    assert not course.expects("s5-e01-image-tags")
    assert not course.expects("s5-e06-push")
    assert not any(course.expects(e.id) for e in EXERCISES if e.id.startswith(("s6-", "s7-")))
    assert all(course.expects(e.id) for e in EXERCISES if e.id.startswith(("s8-", "s9-")))
    assert course.sections == [4, 5, 8, 9]


def test_complete_and_section_assignments() -> None:
    """``completo`` expects every exercise at weight 1; ``secaoN`` only that section's."""
    complete = assignments.load("completo")
    assert all(complete.expects(e.id) and complete.weight(e.id) == 1 for e in EXERCISES)
    assert assignments.load("secao6").sections == [6]


@pytest.mark.parametrize(
    ("text", "weights", "title"),
    [
        (
            "exercises:\n  s5-e03-build-arg: 2\n  s5-e02-first-build: 1\n",
            {"s5-e03-build-arg": 2.0, "s5-e02-first-build": 1.0},
            "",
        ),
        ("title: Entrega 1\nexercises: [s5-e04-build-copy]\n", {"s5-e04-build-copy": 1.0}, "Entrega 1"),
        (
            "exercises:\n  s4-e07-volume-mapping: {weight: 0.5}\n  s4-e08-daemon-web-server:\n",
            {"s4-e07-volume-mapping": 0.5, "s4-e08-daemon-web-server": 1.0},
            "",
        ),
    ],
)
def test_assignment_file(tmp_path: Path, text: str, weights: dict[str, float], title: str) -> None:
    """A YAML file lists exercise ids with weights (a mapping, a list, or ``{weight: …}``) and an optional title."""
    path = tmp_path / "entrega.yml"
    path.write_text(text, encoding="utf-8")
    assignment = assignments.load(str(path))
    assert (assignment.name, dict(assignment.weights), assignment.title) == ("entrega", weights, title)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("exercises:\n  s5-e99-nope: 1\n", "unknown exercise ids s5-e99-nope"),
        ("exercises:\n  s5-e03-build-arg: -1\n", "positive number"),
        ("exercises:\n  s5-e03-build-arg: muito\n", "positive number"),
        ("exercises: []\n", "at least one"),
        ("- s5-e03-build-arg\n", "'exercises' key"),
        ("exercises: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_assignment_file(tmp_path: Path, text: str, fragment: str) -> None:
    """A file naming an unknown exercise, a non-positive weight, nothing, or broken YAML is refused with the reason."""
    path = tmp_path / "ruim.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssignmentError, match=fragment):
        assignments.load(str(path))


def test_unknown_name_is_refused() -> None:
    """A name that is neither built in nor a file says which built-in names exist."""
    with pytest.raises(AssignmentError, match="curso, completo"):
        assignments.load("cursos")


def test_batch_grades_the_assignment_sections_and_caches_by_its_definition(tmp_path: Path) -> None:
    """A batch collects only the assignment's sections (narrowed by --section) and its cache key follows the file."""
    settings = Settings(tmp_path, [], 1, [])
    assert sections_to_grade(settings) == [4, 5, 8, 9]
    settings.sections = [5, 6]
    assert sections_to_grade(settings) == [5]
    command = child_command(tmp_path / "aluno", tmp_path / "r.json", settings)
    assert next(word for word in command if "graders" in word).endswith("graders/secao5")
    assert command[command.index("--assignment") + 1] == "curso"
    path = tmp_path / "a.yml"
    path.write_text("exercises: [s5-e02-first-build]\n", encoding="utf-8")
    first = cache_key("v1", [], str(path))
    path.write_text("exercises: {s5-e02-first-build: 3}\n", encoding="utf-8")
    assert cache_key("v1", [], str(path)) != first


def test_cli_refuses_an_assignment_with_nothing_in_the_sections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dockgrade grade PATH --section 6` under curso (no section 6) is a usage error that names the way out."""
    assert cli.main(["grade", ".", "--section", "6"]) == cli.EXIT_USAGE
    assert "--assignment completo" in capsys.readouterr().err
    roster = tmp_path / "turma.csv"
    roster.write_text("student,repo\nana,/nao/existe\n", encoding="utf-8")
    assert cli.main(["batch", str(roster), "--assignment", "nao-existe"]) == cli.EXIT_USAGE
    assert cli.main(["batch", str(roster), "--section", "7"]) == cli.EXIT_USAGE
