"""Which image a reference really means here: the official one, or its offline stand-in.

Modes: ``official`` (pull or fail), ``standin`` (always the stand-in), ``auto`` (the official
image when it is present or can be pulled quickly, else the stand-in). Every use of a
stand-in under an official name is recorded, so reports can say so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import docker
from docker.errors import APIError, ImageNotFound
from requests.exceptions import RequestException

from dockgrade.core.errors import ImageUnavailable
from dockgrade.core.settings import ENV_IMAGES, Settings
from dockgrade.offline import pins
from dockgrade.offline.bases import Bases
from dockgrade.offline.recipes import LABEL_STANDIN, RECIPES, Recipe, by_name, normalise_reference, recipe_for

_PULL_TIMEOUT_S = 20


class ImageMode(StrEnum):
    """How official image names are satisfied."""

    AUTO = "auto"
    OFFICIAL = "official"
    STANDIN = "standin"


def mode_from_env(environ: Mapping[str, str] = os.environ) -> ImageMode:
    """The mode named by ``DOCKGRADE_IMAGES`` (default ``auto``); an unknown value is an error."""
    value = (Settings.from_environment(environ).images or ImageMode.AUTO.value).lower()
    try:
        return ImageMode(value)
    except ValueError:
        choices = ", ".join(mode.value for mode in ImageMode)
        raise ValueError(f"{ENV_IMAGES}={value!r} is not one of: {choices}") from None


@dataclass(frozen=True)
class Substitution:
    """An official reference satisfied by a stand-in; ``alias`` when the tag is not one the recipe names.

    ``kind`` is ``dependency`` when a stand-in's pip installed another version than the one pinned
    (``requested`` ``psycopg2==2.7.1``, ``standin`` ``psycopg2==2.9.2``): see ``pins``.
    """

    requested: str
    standin: str
    recipe_hash: str
    alias: bool
    kind: str = "image"


class ImageResolver:
    """Makes image references usable on this engine according to the mode."""

    def __init__(
        self,
        client: docker.DockerClient,
        mode: ImageMode,
        bases: Bases,
        on_ensured: Callable[[str], None] | None = None,
    ) -> None:
        self.client = client
        self.mode = mode
        self.bases = bases
        self.on_ensured = on_ensured  # told each name made usable (the egress reads what a course image needs)
        self.substitutions: dict[str, Substitution] = {}
        self._pull_failed: set[str] = set()
        self._registry_down = False

    def ensure(self, reference: str) -> str:
        """Make ``reference`` present locally and return its normalised name."""
        name = self._ensure(normalise_reference(reference))
        if self.on_ensured is not None:
            self.on_ensured(name)
        return name

    def _ensure(self, name: str) -> str:
        if self.mode is not ImageMode.STANDIN and (self._official_present(name) or self._pulled(name)):
            return name
        if self.mode is ImageMode.OFFICIAL:
            raise ImageUnavailable(name, "it is not present and cannot be pulled")
        recipe = recipe_for(name)
        if recipe is None:
            if self._present(name):
                return name
            raise ImageUnavailable(name, "no registry answers and dockgrade has no offline stand-in for it")
        self._tag_standin(recipe, name)
        return name

    def ensure_all(self, references: list[str]) -> list[str]:
        """``ensure`` each reference in order."""
        return [self.ensure(reference) for reference in references]

    def ensure_course_images(self) -> list[str]:
        """Make every official name the course uses available (stand-ins where needed)."""
        return self.ensure_all([ref for recipe in RECIPES for ref in recipe.stands_for])

    def _tag_standin(self, recipe: Recipe, name: str) -> None:
        self.bases.ensure([recipe.name])
        standin = self.client.images.get(recipe.image)
        if not self._points_to(name, str(standin.id)):
            repository, _, tag = name.rpartition(":")
            standin.tag(repository, tag)
        self.substitutions[name] = Substitution(
            requested=name,
            standin=recipe.name,
            recipe_hash=self.bases.recipe_hash(recipe),
            alias=name not in recipe.stands_for,
        )

    def record_dependencies(self, log: str) -> None:
        """Record the pins a stand-in's pip swapped for the nearest working version, as ``log`` shows them."""
        recipe = by_name("python")
        for requested, provided in pins.substituted(log):
            self.substitutions[requested] = Substitution(
                requested, provided, self.bases.recipe_hash(recipe), alias=False, kind="dependency"
            )

    def _present(self, name: str) -> bool:
        try:
            self.client.images.get(name)
        except ImageNotFound:
            return False
        return True

    def _official_present(self, name: str) -> bool:
        try:
            labels = self.client.images.get(name).labels or {}
        except ImageNotFound:
            return False
        return LABEL_STANDIN not in labels

    def _points_to(self, name: str, image_id: str) -> bool:
        try:
            return str(self.client.images.get(name).id) == image_id
        except ImageNotFound:
            return False

    def _pulled(self, name: str) -> bool:
        if self._registry_down or name in self._pull_failed:
            return False
        try:
            puller = docker.from_env(timeout=_PULL_TIMEOUT_S)
            repository, _, tag = name.rpartition(":")
            puller.images.pull(repository, tag=tag)
        except (APIError, RequestException, OSError) as error:
            self._pull_failed.add(name)
            # One unreachable registry means every later pull would wait for nothing.
            self._registry_down = registry_unreachable(error)
            return False
        return True


def registry_unreachable(error: Exception) -> bool:
    """True when a pull failed because no registry answers (DNS, connection, timeout), not a bad tag."""
    if not isinstance(error, APIError):  # docker's APIError is itself a RequestException
        return True
    explanation = str(error.explanation or error)
    return any(sign in explanation for sign in ("dial tcp", "no such host", "Timeout", "connection refused"))
