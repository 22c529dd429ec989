"""Every setting dockgrade takes from the environment, in one place: its variable, default and meaning.

Modules ask ``Settings.from_environment(environ)`` instead of reading variables themselves, so the list below is
the whole list (the README's tables quote it). Left out on purpose: the git token (``DOCKGRADE_GIT_TOKEN*``,
read only by ``git_command`` so no settings object, log or report ever holds a secret) and the environments
handed to subprocesses whole (engines, compose).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

ENV_LANG = "DOCKGRADE_LANG"
ENV_ASSIGNMENT = "DOCKGRADE_ASSIGNMENT"
ENV_IMAGES = "DOCKGRADE_IMAGES"
ENV_EGRESS = "DOCKGRADE_EGRESS"
ENV_EGRESS_ALLOW = "DOCKGRADE_EGRESS_ALLOW"
ENV_PUBLISH_IP = "DOCKGRADE_PUBLISH_IP"
ENV_PROBE_HOST = "DOCKGRADE_PROBE_HOST"
ENV_VIEW = "DOCKGRADE_VIEW"
ENV_CLASSROOM = "DOCKGRADE_CLASSROOM"
ENV_CLASSROOM_NOTICES = "DOCKGRADE_CLASSROOM_NOTICES"
LIMIT_PREFIX = "DOCKGRADE_LIMIT_"
LOOPBACK = "127.0.0.1"
YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """What the environment says; ``None`` (or empty) where it says nothing and the caller's default applies."""

    language: str | None = None  # DOCKGRADE_LANG: pt | en
    assignment: str | None = None  # DOCKGRADE_ASSIGNMENT: a built-in assignment or a YAML file
    images: str | None = None  # DOCKGRADE_IMAGES: auto | official | standin
    egress: bool = True  # DOCKGRADE_EGRESS=off: student containers reach what the engine's networks reach
    egress_allow: str = ""  # DOCKGRADE_EGRESS_ALLOW: more hosts the egress lets through
    publish_ip: str = LOOPBACK  # DOCKGRADE_PUBLISH_IP: where the engine publishes ports
    probe_host: str = LOOPBACK  # DOCKGRADE_PROBE_HOST: where the grader reaches them
    view: str | None = None  # DOCKGRADE_VIEW: student | instructor
    classroom: bool | None = None  # DOCKGRADE_CLASSROOM=1/0: GitHub Classroom outputs
    classroom_notices: bool = True  # DOCKGRADE_CLASSROOM_NOTICES=0: leave the points notices to Classroom
    limits: Mapping[str, str] = field(default_factory=dict)  # DOCKGRADE_LIMIT_<FIELD>: limits.Limits' fields
    ci: bool = False  # CI: a missing engine fails instead of skipping
    github_actions: bool = False  # GITHUB_ACTIONS=true: inside a GitHub Actions job
    github_output: str | None = None  # GITHUB_OUTPUT: the step's outputs file
    github_step_summary: str | None = None  # GITHUB_STEP_SUMMARY: the job summary file

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings ``environ`` (the process's environment by default) gives."""
        env = os.environ if environ is None else environ
        return cls(
            language=_text(env, ENV_LANG),
            assignment=_text(env, ENV_ASSIGNMENT),
            images=_text(env, ENV_IMAGES),
            egress=not _no(env, ENV_EGRESS),  # a word it does not know keeps the safe default
            egress_allow=env.get(ENV_EGRESS_ALLOW, "").strip(),
            publish_ip=_text(env, ENV_PUBLISH_IP) or LOOPBACK,
            probe_host=_text(env, ENV_PROBE_HOST) or LOOPBACK,
            view=_text(env, ENV_VIEW),
            classroom={"1": True, "0": False}.get(env.get(ENV_CLASSROOM, "")),
            classroom_notices=env.get(ENV_CLASSROOM_NOTICES, "1") != "0",
            limits={key.removeprefix(LIMIT_PREFIX).lower(): value for key, value in env.items() if _limit(key)},
            ci=_yes(env, "CI"),
            github_actions=env.get("GITHUB_ACTIONS") == "true",
            github_output=_text(env, "GITHUB_OUTPUT"),
            github_step_summary=_text(env, "GITHUB_STEP_SUMMARY"),
        )


def _text(environ: Mapping[str, str], name: str) -> str | None:
    return environ.get(name, "").strip() or None


def _yes(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in YES


def _no(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in NO


def _limit(name: str) -> bool:
    return name.startswith(LIMIT_PREFIX) and len(name) > len(LIMIT_PREFIX)
