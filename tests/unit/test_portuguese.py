"""The Portuguese detector: it flags an untranslated message and leaves its English version, names and quotes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dockgrade.core import messages, portuguese


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    """Each test may switch language; the next one finds the language it started with."""
    previous = messages.language()
    yield
    messages.set_language(previous)


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("not_run", {"reason": "builds"}),
        ("expected_got", {"expected": "'files'", "actual": "''"}),
        ("exercise.missing", {"exercise": "s5-e03-build-arg", "folders": "build-com-arg, build_com_arg"}),
        ("reason.prerequisite", {"check": "builds"}),
        ("hint", {"hint": "FROM"}),
        ("s5.e05.missing_logs", {"lines": "listening"}),
        ("outcome.superseded", {}),
    ],
)
def test_catalogue_message_detected_in_pt_not_in_en(key: str, values: dict[str, object]) -> None:
    """A real message left in Portuguese is caught; the same message in English is clean."""
    messages.set_language("pt")
    assert portuguese.words(messages.text(key, **values))
    messages.set_language("en")
    assert portuguese.words(messages.text(key, **values)) == []


def test_accented_word_outside_the_list_is_detected() -> None:
    """Any word with a Portuguese-only letter counts, listed or not."""
    assert portuguese.words("the container's configuração is invalid") == ["configuração"]


@pytest.mark.parametrize(
    "text",
    [
        "nothing found in the folders primeiro-build, build_com_arg",
        "GET /conteudo.html answers 200",
        "the bind mount ex-volume/html points outside your submission",
        "create docker-compose.override.yml with services → app → environment → DB_NAME=email_sender",
        "docker network create --driver bridge rede_nova",
    ],
)
def test_names_are_not_prose(text: str) -> None:
    """Folders, paths, files and ids with a digit or punctuation inside are names, left as they are."""
    assert portuguese.words(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'GET /conteudo.html answers 200 with "Sem conteúdo"',
        "expected 'Olá, mundo!', not ''",
        "the page shows `página do exercício`",
        "the log shows “escutando na porta”",
    ],
)
def test_quoted_text_is_verbatim(text: str) -> None:
    """What the feedback quotes (the student's page, the course's expected content) is not checked."""
    assert portuguese.words(text) == []


def test_apostrophe_opens_no_quote() -> None:
    """An English possessive does not hide the Portuguese that follows it up to a later quote."""
    assert portuguese.words("the container's log não mostra 'x'") == ["não", "mostra"]


def test_unquoted_pt_next_to_quoted_pt_is_detected() -> None:
    """Only the quoted part is skipped, not the sentence around it."""
    assert portuguese.words('esperado "Sem conteúdo", obtido ""') == ["esperado", "obtido"]


def test_ignore_leaves_named_words() -> None:
    """Words the caller knows to be verbatim are left, case-insensitively; the others still count."""
    assert portuguese.words("missing from the log: usuário: www, falhou", ignore=["Usuário"]) == ["falhou"]


@pytest.mark.parametrize("text", ["", "   ", "ok", "the check builds failed", "hint: use -v $(pwd)/html"])
def test_english_and_empty_text_is_clean(text: str) -> None:
    """Plain English (with "use", "do", "no" that Portuguese shares) and empty text have no Portuguese."""
    assert portuguese.words(text + " do no a use") == []
