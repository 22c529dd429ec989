"""Report scoring, its JSON view and the terminal texts built from it."""

from __future__ import annotations

import json

import pytest

from dockgrade.core import messages
from dockgrade.core.results import SCHEMA_VERSION, CheckResult, Outcome, Report
from dockgrade.reporters import summary

E03 = "s5-e03-build-arg"
E04 = "s5-e04-build-copy"


def result(
    check: str,
    outcome: Outcome,
    points: float = 1,
    exercise: str = E03,
    message: str = "",
    hint: str | None = None,
    details: str = "",
) -> CheckResult:
    """A CheckResult with a title derived from its name."""
    return CheckResult(exercise, check, f"título de {check}", points, outcome, message, hint, details)


def student_run() -> Report:
    """A realistic run: e03 half right, e04 blocked by a failed build."""
    report = Report()
    for item in [
        result("builds", Outcome.PASSED, 2),
        result("default_bucket", Outcome.PASSED, 2),
        result("env_in_config", Outcome.FAILED, 1, message="ENV da imagem: esperado ['S3_BUCKET=files'], obtido []"),
        result("build_arg_overrides", Outcome.ERRORED, 2, message="erro do corretor (...): RuntimeError: x"),
        result("maintainer_label", Outcome.PASSED, 1),
        result("builds", Outcome.FAILED, 2, E04, "o build da imagem falhou: COPY failed", "confira o nome", "l1\nl2"),
        result("serves_page", Outcome.NOT_RUN, 3, E04, "não executado: o build falhou"),
    ]:
        report.add(item)
    return report


@pytest.mark.parametrize(
    ("outcome", "earned"),
    [(Outcome.PASSED, 2.5), (Outcome.FAILED, 0.0), (Outcome.NOT_RUN, 0.0), (Outcome.ERRORED, 0.0)],
)
def test_only_passed_checks_earn(outcome: Outcome, earned: float) -> None:
    """A check earns all its points when passed and none when failed, not run or errored."""
    assert result("c", outcome, 2.5).earned == earned


def test_scores_per_exercise_and_total() -> None:
    """Earned/possible add up per exercise, in grading order, and over the run."""
    report = student_run()
    assert [(s.exercise, s.earned, s.possible) for s in report.exercises()] == [(E03, 5.0, 8.0), (E04, 0.0, 5.0)]
    assert report.total() == (5.0, 13.0)
    assert [r.check for r in report.exercises()[1].results] == ["builds", "serves_page"]


def test_counts_by_outcome() -> None:
    """``count`` tallies each outcome."""
    report = student_run()
    assert {o: report.count(o) for o in Outcome} == {
        Outcome.PASSED: 3,
        Outcome.FAILED: 2,
        Outcome.NOT_RUN: 1,
        Outcome.ERRORED: 1,
        Outcome.ABSENT: 0,
        Outcome.SUPERSEDED: 0,
    }


def test_superseded_leaves_the_maximum() -> None:
    """A superseded check is neither earned nor possible; an absent one is possible and unearned."""
    report = Report()
    report.add(CheckResult("s9-e05", "app_port", "t", 2, Outcome.SUPERSEDED))
    report.add(CheckResult("s9-e05", "proxy", "t", 3, Outcome.PASSED))
    report.add(CheckResult("s4-e07", "serves", "t", 4, Outcome.ABSENT))
    assert report.total() == (3.0, 7.0)


def test_empty_report() -> None:
    """A run that graded nothing scores 0/0."""
    report = Report()
    assert report.exercises() == []
    assert report.total() == (0.0, 0.0)
    assert report.to_dict()["checks"] == []


def test_a_check_added_twice_keeps_the_first() -> None:
    """A second result for the same ``exercise::check`` (setup then call) is ignored."""
    report = Report()
    report.add(result("builds", Outcome.FAILED, 2, message="primeiro"))
    report.add(result("builds", Outcome.PASSED, 2))
    report.add(result("builds", Outcome.PASSED, 2, exercise=E04))
    assert [(r.exercise, r.outcome) for r in report.results] == [(E03, Outcome.FAILED), (E04, Outcome.PASSED)]
    assert report.total() == (2.0, 4.0)
    first = report.get(f"{E03}::builds")
    assert first is not None
    assert first.message == "primeiro"
    assert report.get(f"{E03}::nao_existe") is None


def test_to_dict_schema() -> None:
    """The JSON view carries schema, score, max_score, per-exercise scores and checks with ``exercise::check`` ids."""
    report = student_run()
    report.substitutions.append({"requested": "nginx:latest", "standin": "dockgrade/nginx"})
    data = report.to_dict()
    assert data["schema"] == SCHEMA_VERSION
    assert (data["score"], data["max_score"]) == (5.0, 13.0)
    assert data["exercises"] == [
        {"id": E03, "score": 5.0, "max_score": 8.0, "absent": False},
        {"id": E04, "score": 0.0, "max_score": 5.0, "absent": False},
    ]
    assert [c["id"] for c in data["checks"]][:2] == [f"{E03}::builds", f"{E03}::default_bucket"]
    failed = data["checks"][5]
    assert failed["id"] == f"{E04}::builds"
    assert (failed["outcome"], failed["hint"], failed["details"]) == ("failed", "confira o nome", "l1\nl2")
    assert {c["outcome"] for c in data["checks"]} == {"passed", "failed", "not_run", "errored"}
    assert data["substitutions"] == [{"requested": "nginx:latest", "standin": "dockgrade/nginx"}]
    assert json.loads(json.dumps(data)) == data


def test_to_dict_with_a_subset_of_checks_keeps_the_full_score() -> None:
    """Passing ``results`` filters the checks listed, not the score."""
    report = student_run()
    data = report.to_dict([r for r in report.results if r.outcome is not Outcome.PASSED])
    assert len(data["checks"]) == 4
    assert (data["score"], data["max_score"]) == (5.0, 13.0)


def test_table_lists_non_passed_checks_and_total() -> None:
    """The table shows each exercise's earned/possible, each non-passed check with message and hint, the total."""
    report = student_run()
    report.add(result("hinted", Outcome.FAILED, 0.5, message="o label maintainer está vazio", hint="LABEL maintainer"))
    lines = summary.table(report).splitlines()
    assert lines[0] == "=== dockgrade: pontuação ==="
    assert lines[1].split() == [E03, "5/8.5"]
    text = "\n".join(lines)
    assert "✘ env_in_config: título de env_in_config" in text
    assert "ENV da imagem: esperado ['S3_BUCKET=files'], obtido []" in text
    assert "! build_arg_overrides" in text
    assert "– serves_page" in text
    assert "dica: LABEL maintainer" in text
    assert "dica: confira o nome" in text
    assert "default_bucket" not in text
    assert "maintainer_label" not in text
    assert lines[-1].split() == ["total", "5/13.5"]


def test_table_mentions_substitutions_once_each() -> None:
    """Stand-in substitutions are listed after the total, deduplicated and sorted."""
    report = student_run()
    report.substitutions += [{"requested": "nginx"}, {"requested": "debian"}, {"requested": "nginx"}]
    last = summary.table(report).splitlines()[-1]
    assert last == "imagens substituídas pela versão offline equivalente: debian, nginx"


def test_table_says_which_pins_a_standin_swapped() -> None:
    """Dependency swaps get their own line after the images: what was pinned, what ran instead."""
    report = student_run()
    report.substitutions += [
        {"requested": "python:3.6", "kind": "image"},
        {"requested": "psycopg2==2.7.1", "standin": "psycopg2==2.9.2", "kind": "dependency"},
        {"requested": "bottle==0.12.13", "standin": "bottle==0.12.22", "kind": "dependency"},
    ]
    lines = summary.table(report).splitlines()
    assert lines[-2] == "imagens substituídas pela versão offline equivalente: python:3.6"
    assert lines[-1] == (
        "dependências trocadas pela versão mais próxima que funciona na imagem offline: "
        "bottle==0.12.13 → bottle==0.12.22, psycopg2==2.7.1 → psycopg2==2.9.2"
    )


def test_table_in_english() -> None:
    """The table's fixed words follow the language."""
    messages.set_language("en")
    text = summary.table(student_run())
    assert text.startswith("=== dockgrade: score ===")
    assert "hint: confira o nome" in text


def test_failure_text_has_message_hint_and_log_tail() -> None:
    """A failed check's text gives its title, message, hint and the build log's last lines, indented."""
    failed = result("builds", Outcome.FAILED, 2, E04, "o build da imagem falhou: COPY failed", "confira", "s1\ns2")
    assert summary.failure_text(failed).splitlines() == [
        "título de builds",
        "  o build da imagem falhou: COPY failed",
        "  dica: confira",
        "  últimas linhas do build:",
        "    s1",
        "    s2",
    ]


def test_failure_text_without_hint_or_log() -> None:
    """Without hint or details only the title and message are shown."""
    failed = result("env", Outcome.FAILED, message="ENV da imagem: esperado 'a', obtido 'b'")
    assert summary.failure_text(failed) == "título de env\n  ENV da imagem: esperado 'a', obtido 'b'"
