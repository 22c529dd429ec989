"""Stand-in recipes: references, catalogue lookups and the rebuild hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.offline import recipes


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("nginx", "nginx:latest"),
        ("nginx:1.13", "nginx:1.13"),
        ("library/redis:3.2", "redis:3.2"),
        ("docker.io/library/python:3.6", "python:3.6"),
        ("localhost:5000/simple-build", "localhost:5000/simple-build:latest"),
        ("localhost:5000/simple-build:1.0", "localhost:5000/simple-build:1.0"),
        ("nginx@sha256:abc", "nginx@sha256:abc"),
    ],
)
def test_normalise_reference(reference: str, expected: str) -> None:
    """Implicit tags, library/ and docker.io/ prefixes and registry ports are handled."""
    assert recipes.normalise_reference(reference) == expected


@pytest.mark.parametrize(
    ("reference", "standin"),
    [
        ("nginx:1.16.1", "nginx"),
        ("python:3.8.1", "python"),
        ("alpine", "busybox"),
        ("postgres:9.6.16", "postgres"),
        ("hello-world", "hello-world"),
        ("mongo:3.4", "mongo"),
        ("mongo:4.0.10", "mongo"),
        ("mysql:5.7", None),
        ("someone/nginx", None),
    ],
)
def test_recipe_for_any_tag_of_known_repository(reference: str, standin: str | None) -> None:
    """Any tag of a known official repository maps to its stand-in; other repositories do not."""
    recipe = recipes.recipe_for(reference)
    assert (recipe.name if recipe else None) == standin


def test_every_recipe_has_a_dockerfile() -> None:
    """Each catalogued stand-in ships its build folder with a Dockerfile."""
    for recipe in recipes.RECIPES:
        assert (recipe.folder() / "Dockerfile").is_file(), recipe.name


def test_bytecode_is_no_part_of_a_recipe(tmp_path: Path) -> None:
    """Python caches a host-side test run leaves in a stand-in's folder neither change its hash nor ship."""
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "wire.py").write_text("X = 1\n", encoding="utf-8")
    before = recipes.folder_files(tmp_path)
    (tmp_path / "server" / "__pycache__").mkdir()
    (tmp_path / "server" / "__pycache__" / "wire.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "server" / "old.pyc").write_bytes(b"\0")
    assert recipes.folder_files(tmp_path) == before == [("server/wire.py", b"X = 1\n")]


def test_hash_changes_with_content_and_extra() -> None:
    """A changed file, a changed parent hash or a changed CA bundle gives a new hash."""
    base = recipes.content_hash([("Dockerfile", b"FROM x")], ["parent1"])
    assert recipes.content_hash([("Dockerfile", b"FROM y")], ["parent1"]) != base
    assert recipes.content_hash([("Dockerfile", b"FROM x")], ["parent2"]) != base
    assert recipes.content_hash([("Dockerfile", b"FROM x"), ("certs/a.crt", b"C")], ["parent1"]) != base


def test_hash_ignores_file_order() -> None:
    """The same files listed in another order hash the same."""
    files = [("a", b"1"), ("b", b"2")]
    assert recipes.content_hash(files) == recipes.content_hash(list(reversed(files)))


def test_ca_certificates_only_crt(tmp_path: Path) -> None:
    """Only .crt files of the CA folder are trusted, and a missing folder means none."""
    (tmp_path / "one.crt").write_bytes(b"A")
    (tmp_path / "notes.txt").write_bytes(b"B")
    assert recipes.ca_certificates(tmp_path) == [("one.crt", b"A")]
    assert recipes.ca_certificates(tmp_path / "absent") == []


def test_bytecode_caches_are_not_part_of_a_recipe(tmp_path: Path) -> None:
    """Importing a recipe's Python file (a unit test does) must not change its hash, so nothing is rebuilt."""
    (tmp_path / "Dockerfile").write_text("FROM debian\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "hook.cpython-311.pyc").write_bytes(b"\0")
    assert recipes.folder_files(tmp_path) == [("Dockerfile", b"FROM debian\n")]


@pytest.mark.parametrize(
    ("reference", "meant"),
    [
        ("ngnix", "nginx"),
        ("nginix:1.13", "nginx"),
        ("pyhton:3.6", "python"),
        ("postgress:9.6", "postgres"),
        ("nginx:1.13", None),  # a course image: nothing to suggest
        ("httpd", None),  # may well exist: only a registry can tell
        ("library/ngnix", "nginx"),
    ],
)
def test_course_image_like_names_the_image_a_typo_meant(reference: str, meant: str | None) -> None:
    assert recipes.course_image_like(reference) == meant
