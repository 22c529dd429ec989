"""The ``dockgrade`` command: grade, bases, clean.

Exit codes: 0 success (every check passed, or the action worked); 1 a check failed or the
action failed; 2 usage error; 3 no Docker engine answers.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from dockgrade.batch import gradebook, roster
from dockgrade.batch.progress import Progress
from dockgrade.batch.runner import Batch, Settings, sections_to_grade
from dockgrade.core import messages
from dockgrade.core.errors import AssignmentError, DockerUnavailable, GraderError
from dockgrade.core.version import __version__
from dockgrade.course import assignments, catalogue
from dockgrade.offline.bases import Bases
from dockgrade.offline.images import ImageMode, ImageResolver, mode_from_env
from dockgrade.reporters.actions_log import inert
from dockgrade.runtime import build_cache, egress_image
from dockgrade.runtime.sandbox import connect, sweep

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_ENGINE = 0, 1, 2, 3
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting, so tests can call it."""
    words = list(sys.argv[1:] if argv is None else argv)
    # Everything after `--` goes to pytest untouched (e.g. `dockgrade grade . -- --dockgrade-html nota.html`).
    extra = words[words.index("--") + 1 :] if "--" in words else []
    args = _parser().parse_args(words[: words.index("--")] if "--" in words else words)
    args.pytest_args = extra
    try:
        return int(args.action(args))
    except DockerUnavailable as error:
        print(inert(str(error)), file=sys.stderr)
        return EXIT_NO_ENGINE
    except AssignmentError as error:
        print(inert(str(error)), file=sys.stderr)
        return EXIT_USAGE
    except GraderError as error:  # may quote a log: never a workflow command on Actions
        print(inert(str(error)), file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dockgrade", description="Grades the Docker course's exercises.")
    parser.add_argument("--version", action="version", version=f"dockgrade {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    grade = commands.add_parser("grade", help="grade one submission (runs the pytest graders)")
    grade.add_argument("path", nargs="?", type=Path, help="the student's repository (default: exercises/)")
    grade.add_argument("--section", action="extend", type=_sections, help="grade only these sections (5 or 5,9)")
    grade.add_argument("--images", choices=[mode.value for mode in ImageMode], help="image mode")
    grade.add_argument("--lang", choices=["pt", "en"], help="feedback language")
    _assignment_option(grade, f"default: {assignments.COURSE} for a repository, {assignments.COMPLETE} without PATH")
    grade.set_defaults(action=_grade)

    bases = commands.add_parser("bases", help="build the offline stand-in base images that are missing")
    bases.add_argument("--images", choices=[mode.value for mode in ImageMode], help="image mode")
    bases.set_defaults(action=_bases)

    batch = commands.add_parser(
        "batch",
        help="grade a roster of student repositories (CSV or text)",
        epilog="Private repositories: an SSH key of this machine, or DOCKGRADE_GIT_TOKEN (sent only to "
        "DOCKGRADE_GIT_TOKEN_URL, default https://github.com/); see the README's 'Grading a class'.",
    )
    batch.add_argument("roster", type=Path, help="student,repo[,ref][,deadline] per line")
    batch.add_argument("--out", type=Path, default=Path("dockgrade-batch"), help="output folder (default: %(default)s)")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="parallel gradings (default: cores)")
    batch.add_argument("--engine", action="append", default=[], help="a DOCKER_HOST URL (repeatable)")
    batch.add_argument(
        "--section", action="extend", type=_sections, default=[], help="grade only these sections (5 or 5,9)"
    )
    batch.add_argument("--timeout", type=float, default=1800.0, help="seconds per submission (default: %(default)s)")
    batch.add_argument("--force", action="store_true", help="regrade even what the cache already has")
    _assignment_option(batch, f"default: {assignments.COURSE}")
    batch.add_argument(
        "--shard", type=_shard, metavar="K/N", help="grade only shard K of N (every N-th student from the K-th)"
    )
    _language_option(batch)
    batch.set_defaults(action=_batch)

    merge = commands.add_parser("merge", help="merge the outputs of batch shards into one gradebook")
    merge.add_argument("out", type=Path, help="the merged gradebook's folder")
    merge.add_argument("shards", type=Path, nargs="+", help="the shards' --out folders")
    _language_option(merge)
    merge.set_defaults(action=_merge)

    clean = commands.add_parser("clean", help="remove every resource dockgrade runs left in Docker")
    clean.set_defaults(action=_clean)
    return parser


def _language_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lang", choices=list(messages.LANGUAGES), default="pt", help="language of the pages (default: %(default)s)"
    )


def _assignment_option(command: argparse.ArgumentParser, default: str) -> None:
    command.add_argument(
        "--assignment",
        metavar="NAME|FILE",
        help=f"the exercises expected and their weights: {', '.join(assignments.BUILT_IN)} or a YAML file ({default})",
    )


def _assignment_spec(value: str | None, default: str) -> str:
    """A built-in name as is, a file as its absolute path (child pytest runs elsewhere); checked before grading."""
    spec = value or default
    assignments.load(spec)
    return spec if spec in assignments.BUILT_IN else str(Path(spec).expanduser().resolve())


def _nothing_to_grade(assignment: str, sections: list[int]) -> str:
    wanted = ",".join(map(str, sections))
    return (
        f"the assignment {assignment} has no exercise in section(s) {wanted}; "
        f"to grade every exercise of them: --assignment {assignments.COMPLETE} (or secaoN)"
    )


def _grade(args: argparse.Namespace) -> int:
    graders = PROJECT_ROOT / "graders"
    assignment = _assignment_spec(args.assignment, assignments.COURSE if args.path else assignments.COMPLETE)
    sections = [n for n in assignments.load(assignment).sections if not args.section or n in args.section]
    if not sections:
        raise AssignmentError(_nothing_to_grade(assignment, args.section))
    targets = [str(graders / f"secao{n}") for n in sections]
    options = ["-p", "no:cacheprovider", "--rootdir", str(PROJECT_ROOT), "-q", "--assignment", assignment]
    if args.path:
        options += ["--submission", str(args.path.resolve())]
    if args.images:
        options += ["--images", args.images]
    if args.lang:
        options += ["--lang", args.lang]
    code = pytest.main([*options, *args.pytest_args, *targets])
    return EXIT_OK if code == 0 else EXIT_FAILED


def _bases(args: argparse.Namespace) -> int:
    client = connect()
    mode = ImageMode(args.images) if args.images else mode_from_env()
    started = time.monotonic()
    resolver = ImageResolver(client, mode, Bases(client, progress=lambda line: print(line, flush=True)))
    names = resolver.ensure_course_images()
    for name in names:
        origin = "stand-in" if name in resolver.substitutions else "official"
        print(f"{name:24} {origin}")
    print(f"{len(names)} images ready in {time.monotonic() - started:.1f}s ({mode.value} mode)")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    checked = roster.read(args.roster)
    for note in checked.notes:  # before anything runs: repeated lines, clashing names
        print(f"roster: {note}", flush=True)
    entries = roster.shard(checked.entries, *args.shard) if args.shard else checked.entries
    settings = Settings(args.out.resolve(), args.engine, max(1, args.workers), args.section, args.timeout, args.force)
    settings.assignment = _assignment_spec(args.assignment, assignments.COURSE)
    settings.language = args.lang
    if not sections_to_grade(settings):
        raise AssignmentError(_nothing_to_grade(settings.assignment, args.section))
    progress = Progress(len(entries))
    try:
        results = Batch(entries, settings, progress=progress.line, finished=progress.advance).run()
    finally:
        progress.close()
    messages.set_language(args.lang)
    news = gradebook.write_all(results, settings.out)
    errors = sum(1 for result in results if result.status == "error")
    changed = sum(1 for change in news.values() if change.anything)
    regraded = f", {changed} changed since the last grading" if news else ""
    outputs = f"{settings.out / 'summary.csv'}, {settings.out / 'index.html'}"
    print(f"{len(results)} students, {errors} errors{regraded}: {outputs}")
    return EXIT_OK if errors == 0 else EXIT_FAILED


def _merge(args: argparse.Namespace) -> int:
    messages.set_language(args.lang)
    results = gradebook.merge(args.shards, args.out)
    errors = sum(1 for result in results if result.status == "error")
    print(f"{len(results)} students from {len(args.shards)} shard(s), {errors} errors: {args.out / 'index.html'}")
    return EXIT_OK


def _sections(value: str) -> list[int]:
    """``5`` or ``4,5,9``: sections of the course (the catalogue's; repeating the option adds more)."""
    known = catalogue.sections()
    try:
        sections = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        sections = []
    if not sections or any(section not in known for section in sections):
        listed = ", ".join(map(str, known))
        raise argparse.ArgumentTypeError(f"section {value!r}: expected some of {listed}, e.g. 5 or 5,9")
    return sections


def _shard(value: str) -> tuple[int, int]:
    try:
        return roster.parse_shard(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _clean(_args: argparse.Namespace) -> int:
    client = connect()
    runs = sweep(client, everything=True)
    entries = build_cache.clear(client)
    proxies = egress_image.remove_superseded(client)
    print(
        f"removed the resources of {len(runs)} run(s), {entries} build cache entr{'y' if entries == 1 else 'ies'}"
        f" and {proxies} superseded egress image(s)"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
