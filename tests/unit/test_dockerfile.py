"""Base images named by a Dockerfile, as students write them."""

from __future__ import annotations

import pytest

from dockgrade.runtime.dockerfile import base_images


@pytest.mark.parametrize(
    ("text", "bases"),
    [
        ("FROM nginx\nRUN echo hi", ["nginx"]),
        ("From debian\n", ["debian"]),
        ("from python:3.6 AS build\nFROM build\n", ["python:3.6"]),
        ("FROM --platform=linux/amd64 nginx:1.13\n", ["nginx:1.13"]),
        ("ARG V=3.8.1\nFROM python:${V}\n", ["python:3.8.1"]),
        ("FROM debian AS b\nRUN x\nFROM scratch\nCOPY --from=b /x /x\n", ["debian"]),
        ("# FROM commented\nFROM \\\n  redis:3.2\n", ["redis:3.2"]),
        ("\x00\xff garbage", []),
    ],
)
def test_base_images(text: str, bases: list[str]) -> None:
    """Stages, scratch, ARG defaults, continuations, comments and garbage."""
    assert base_images(text) == bases


def test_build_args_override_arg_defaults() -> None:
    """A --build-arg value wins over the ARG default when resolving FROM."""
    assert base_images("ARG V=1\nFROM nginx:$V\n", {"V": "1.16.1"}) == ["nginx:1.16.1"]
