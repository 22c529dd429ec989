"""The HTML page: self-contained, autoescaped, totals, failures with hint and log tail, views, both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dockgrade.core import messages
from dockgrade.reporters import html
from dockgrade.reporters.visibility import View, for_view
from tests.report_sample import E02, E03, SECRET, sample

WHEN = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)


@pytest.fixture
def english() -> Iterator[None]:
    """Switch the catalogue to English for one test."""
    previous = messages.language()
    messages.set_language("en")
    yield
    messages.set_language(previous)


def _page(view: View = View.STUDENT) -> str:
    return html.render(for_view(sample(), view), html.Page("aluno-1", view, WHEN))


def test_page_is_self_contained() -> None:
    """No script, stylesheet link, image, font or any URL: the page opens offline."""
    page = _page()
    assert page.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "<link", "<img", "@import", "url(", "http://", "https://"):
        assert forbidden not in page
    assert "<style>" in page


def test_page_shows_total_exercises_and_failures() -> None:
    """The total, one section per exercise with its points, each failure's message, hint and log tail."""
    page = _page()
    assert '<html lang="pt-BR">' in page
    assert "<title>dockgrade: correção de aluno-1</title>" in page
    assert "gerado em 2025-03-01 12:30 UTC" in page
    assert re.search(r'id="total">\s*<span>total</span>\s*<strong>4/14</strong>', page)
    assert f'<section id="{E03}">' in page
    assert f'<section id="{E02}">' in page
    assert "4/8 pontos" in page
    assert "0/6 pontos" in page
    assert "dica: use ARG S3_BUCKET=files &amp; ENV *S3_BUCKET*" in page
    assert "<pre>Step 2/3 : RUN exit 3\n``` not a fence" in page
    assert "não executado: o build falhou" in page


def test_submission_text_is_escaped() -> None:
    """Text a submission controls is shown as text, never as markup."""
    page = _page()
    assert "&lt;h1&gt;file&lt;/h1&gt;" in page
    assert "<h1>file</h1>" not in page


def test_student_page_masks_hidden_checks() -> None:
    """The student's page counts hidden checks' points, names them "verificação oculta" and says why."""
    page = _page()
    assert SECRET not in page
    assert "verificação oculta" in page
    assert "verificações ocultas: 2 (os pontos contam; os detalhes ficam com o instrutor)" in page


def test_instructor_page_shows_hidden_checks() -> None:
    """The instructor's page says so and shows hidden checks in full, badged."""
    page = _page(View.INSTRUCTOR)
    assert SECRET in page
    assert "visão do instrutor" in page
    assert '<span class="badge">verificação oculta</span>' in page
    assert "verificações ocultas:" not in page


def test_substitutions_are_noted_once() -> None:
    """Each stand-in substitution is listed once, beside the summary line."""
    page = _page()
    assert "imagens substituídas pela versão offline equivalente: nginx:latest" in page
    assert page.count("nginx:latest foi servida pela imagem offline dockgrade/standin-nginx:1a2b") == 1


def test_dependency_swaps_are_listed_apart_from_images() -> None:
    """A pin the stand-in's Python could not install is named with the version that ran instead."""
    report = sample()
    report.substitutions.append(
        {
            "requested": "psycopg2==2.7.1",
            "standin": "psycopg2==2.9.2",
            "recipe_hash": "1a2b",
            "alias": False,
            "kind": "dependency",
        }
    )
    page = html.render(for_view(report, View.STUDENT), html.Page("aluno-1", View.STUDENT, WHEN))
    assert "dependências trocadas pela versão mais próxima que funciona na imagem offline: psycopg2==2.7.1" in page
    assert (
        "psycopg2==2.7.1 (fixada por você) não funciona no Python da imagem offline: foi instalada psycopg2==2.9.2"
        in page
    )
    assert "imagens substituídas pela versão offline equivalente: nginx:latest</p>" in page


def test_english_page(english: None) -> None:
    """With --lang en the page is English throughout."""
    page = _page()
    assert '<html lang="en">' in page
    assert "dockgrade: grading of aluno-1" in page
    assert "4/8 points" in page
    assert "hidden checks: 2" in page
    assert "images replaced by their offline stand-ins: nginx:latest" in page
    for portuguese in ("pontos", "correção", "dica:", "gerado em"):
        assert portuguese not in page


def test_empty_report(tmp_path: Path) -> None:
    """A run that graded nothing still writes a page that says so."""
    path = tmp_path / "page.html"
    html.write(for_view(sample().__class__(), View.STUDENT), path, html.Page("x"))
    assert "nenhuma verificação foi executada" in path.read_text(encoding="utf-8")
