"""The class page as an instructor's browser shows it (headless Chromium): matrix, sorting, shares, erred flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.batch import gradebook
from dockgrade.core import messages
from tests import browser
from tests.class_dom import ClassDom
from tests.class_sample import ARG, ARG_MESSAGE, DEV, sample_class

CELLS = (("bruno", ARG), ("carla", DEV), ("davi", DEV))


@pytest.fixture
def page(tmp_path: Path) -> Path:
    gradebook.write_all(sample_class(), tmp_path / "out")
    return tmp_path / "out" / "index.html"


def rendered(page: Path, profile: Path, fragment: str = "") -> ClassDom:
    return ClassDom(browser.run(browser.chromium(), profile, "--dump-dom", page.as_uri() + fragment))


def test_matrix_cells_by_outcome(page: Path, tmp_path: Path) -> None:
    """Each cell is coloured by its outcome; "não entregue", "erro do corretor" and "superado" read apart."""
    dom = rendered(page, tmp_path / "profile")
    assert dom.students == ["ana", "bruno", "carla", "davi", "eva", "fabio"]
    shown = {(student, exercise): dom.cell(student, exercise) for student, exercise in CELLS}
    assert {key: (cell["class"].split()[1], cell["text"].strip()) for key, cell in shown.items()} == {
        ("bruno", ARG): ("partial", "2/8"),
        ("carla", DEV): ("absent", "não entregue"),
        ("davi", DEV): ("erred", "erro do corretor"),
    }
    assert "zero" in dom.cell("fabio", ARG)["class"]
    assert "↷" in dom.cell("ana", DEV)["text"]


def test_sorting_by_total_and_by_an_exercise(page: Path, tmp_path: Path) -> None:
    """The page sorts itself (the order a header click puts in the address): totals descending, an exercise
    ascending (ties by name), error rows last when descending."""
    by_total = rendered(page, tmp_path / "p1", "#sort=total-desc")
    assert by_total.students == ["ana", "bruno", "fabio", "davi", "carla", "eva"]
    assert by_total.sorted_by == {"total": "descending"}
    by_arg = rendered(page, tmp_path / "p2", f"#sort={ARG}-asc")
    assert by_arg.students[:4] == ["eva", "fabio", "bruno", "carla"]


def test_failing_shares_and_erred_flag(page: Path, tmp_path: Path) -> None:
    """The exercise the class fails most comes first with its most common message; the erred students are listed
    apart and flagged in the matrix."""
    dom = rendered(page, tmp_path / "profile")
    first = dom.shares["exercise-shares"][0]
    assert first["key"] == ARG
    assert "3/5 (60%)" in first["text"]
    assert ARG_MESSAGE in first["text"]
    assert dom.shares["check-shares"][0]["key"] == f"{ARG}::default_bucket"
    assert dom.erred == ["davi", "eva"]
    assert {str(row["student"]) for row in dom.rows if "erred" in row["class"]} == {"davi", "eva"}  # type: ignore[operator]


def test_english_page_has_no_portuguese_chrome(tmp_path: Path) -> None:
    """``--lang en``: the page's own words are English (students' messages stay as their checks wrote them)."""
    messages.set_language("en")
    try:
        gradebook.write_all(sample_class(), tmp_path / "out")
    finally:
        messages.set_language("pt")
    dom = browser.run(
        browser.chromium(), tmp_path / "profile", "--dump-dom", (tmp_path / "out" / "index.html").as_uri()
    )
    for english in ('lang="en"', "not handed in", "What the class fails most"):
        assert english in dom, english
    for portuguese in ("não entregue", "aluno", "perderam", "erro do corretor", "Distribuição"):
        assert portuguese not in dom, portuguese
