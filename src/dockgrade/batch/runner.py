"""Grade a roster of student repositories in parallel, over one or more Docker engines.

Each submission is graded in its own child pytest process (own run id, names, networks) with a
time limit; a crash or timeout is recorded for a person and the batch goes on; a grading where the
grader erred is done once more. Work is spread over the engines; an engine that stops answering is
dropped and its students go to the others.
Results are cached by repository version + grader version, so an interrupted batch resumes.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dockgrade.batch.fetch import FetchFailed, fetch
from dockgrade.batch.git_command import without_secrets
from dockgrade.batch.roster import Entry
from dockgrade.core import messages
from dockgrade.core.version import __version__
from dockgrade.course import assignments
from dockgrade.runtime.engines import Engine, copy_standins

PROJECT_ROOT = Path(__file__).resolve().parents[3]
STUDENT_PAGE = "report.html"


@dataclass
class StudentResult:
    """What the batch knows about one student: graded (with the report), cached, or an error for a person."""

    student: str
    status: str
    report: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    engine: str = ""
    seconds: float = 0.0
    version: str = ""
    attempts: int = 0


@dataclass
class Settings:
    """How a batch runs."""

    out: Path
    engines: list[str]
    workers: int
    sections: list[int]
    timeout: float = 1800.0
    force: bool = False
    extra_args: list[str] = field(default_factory=list)
    # A built-in assignment's name or an assignment file (absolute): what every student is expected to hand in.
    assignment: str = assignments.COURSE
    language: str = "pt"  # of the students' reports and feedback


class EngineLost(Exception):
    """The engine a submission was graded on stopped answering."""


class Batch:
    """Schedules students over engines and workers; ``run`` returns one result per student."""

    def __init__(
        self,
        entries: list[Entry],
        settings: Settings,
        progress: Callable[[str], None] | None = None,
        finished: Callable[[str], None] | None = None,
    ) -> None:
        self.entries = entries
        self.settings = settings
        self._progress = progress or (lambda _line: None)
        self._finished = finished or (lambda _student: None)
        self._output = threading.Lock()
        self.alive = {Engine.parse(spec): True for spec in settings.engines or [""]}
        self._prepared: dict[Engine, threading.Lock] = {engine: threading.Lock() for engine in self.alive}
        self._ready: set[Engine] = set()
        self.results: dict[str, StudentResult] = {}
        self._todo: queue.Queue[tuple[Entry, int]] = queue.Queue()
        self._lock = threading.Lock()
        self._started = time.monotonic()

    def run(self) -> list[StudentResult]:
        """Grade everyone (cached results reused unless ``force``)."""
        for entry in self.entries:
            self._todo.put((entry, 0))
        threads = [
            threading.Thread(target=self._work, args=(engine,), daemon=True) for engine in self._worker_engines()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self._fail_leftovers()
        return [self.results[entry.student] for entry in self.entries]

    def _worker_engines(self) -> list[Engine]:
        engines = list(self.alive)
        per_engine = max(1, self.settings.workers // len(engines))
        return [engine for engine in engines for _ in range(per_engine)]

    def _work(self, engine: Engine) -> None:
        if not self._prepare(engine):
            return
        while self.alive[engine]:
            try:
                entry, attempts = self._todo.get_nowait()
            except queue.Empty:
                return
            try:
                result = self._grade(entry, engine, attempts + 1)
            except EngineLost:
                with self._lock:
                    self.alive[engine] = False
                self.progress(f"engine {engine.name} stopped answering; its students go to the others")
                self._todo.put((entry, attempts + 1))
                return
            self._record(result)

    def _prepare(self, engine: Engine) -> bool:
        """Give the engine the stand-in images once (other engines than the default one only)."""
        with self._prepared[engine]:
            if engine in self._ready or not self.alive[engine]:
                return self.alive[engine]
            try:
                if engine.url:
                    copy_standins(Engine(), engine)
            except Exception as error:
                self.progress(f"engine {engine.name} left out: {error}")
                self.alive[engine] = False
                return False
            self._ready.add(engine)
            return True

    def _grade(self, entry: Entry, engine: Engine, attempts: int) -> StudentResult:
        started = time.monotonic()
        try:
            fetched = fetch(entry, self.settings.out / "repos")
        except FetchFailed as error:
            return StudentResult(entry.student, "error", error=str(error), engine=engine.name, attempts=attempts)
        key = cache_key(fetched.version, self.settings.sections, self.settings.assignment, self.settings.language)
        cached = self._cached(entry, key)
        if cached is not None:
            return cached
        result, gradings = self._graded(entry, fetched.path, engine)
        result.version, result.seconds = fetched.version, time.monotonic() - started
        result.attempts = attempts + gradings - 1
        if result.status == "graded":
            self._store(entry, key, result)
        return result

    def _graded(self, entry: Entry, submission: Path, engine: Engine) -> tuple[StudentResult, int]:
        """The child grading's result and how many gradings it took: an engine hiccup is never charged to a
        student, so a grading where the grader erred is done once more."""
        result = self._child(entry, submission, engine)
        errors = grader_errors(result.report) if result.status == "graded" else []
        if not errors:
            return result, 1
        self.progress(f"{entry.student}: erro do corretor em {', '.join(errors)}; corrigindo de novo")
        return self._child(entry, submission, engine), 2

    def _child(self, entry: Entry, submission: Path, engine: Engine) -> StudentResult:
        folder = self.settings.out / "students" / entry.slug
        folder.mkdir(parents=True, exist_ok=True)
        report_path = folder / "report.json"
        report_path.unlink(missing_ok=True)
        (folder / STUDENT_PAGE).unlink(missing_ok=True)
        (folder / "engine.txt").write_text(engine.name, encoding="utf-8")
        command = child_command(submission, report_path, self.settings, entry.student)
        environment = {**without_secrets(os.environ), **engine.environment()}  # the git token stays with git
        try:
            done = subprocess.run(
                command,
                cwd=PROJECT_ROOT,
                env=environment,
                capture_output=True,
                text=True,
                timeout=self.settings.timeout,
            )
        except subprocess.TimeoutExpired:
            return StudentResult(
                entry.student,
                "error",
                error=messages.text("batch.timed_out", seconds=self.settings.timeout),
                engine=engine.name,
            )
        (folder / "grading.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        if not engine.answers():
            raise EngineLost(engine.name)
        if done.returncode in (0, 1) and report_path.is_file():
            report = json.loads(report_path.read_text(encoding="utf-8"))
            return StudentResult(entry.student, "graded", report=report, engine=engine.name)
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-10:])
        return StudentResult(
            entry.student,
            "error",
            error=messages.text("batch.grading_failed", code=done.returncode, tail=tail),
            engine=engine.name,
        )

    def _cached(self, entry: Entry, key: str) -> StudentResult | None:
        path = self._cache_path(entry)
        if self.settings.force or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return StudentResult(**{**data["result"], "status": "cached"})

    def _store(self, entry: Entry, key: str, result: StudentResult) -> None:
        path = self._cache_path(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"key": key, "result": asdict(result)}, ensure_ascii=False), encoding="utf-8")

    def _cache_path(self, entry: Entry) -> Path:
        return self.settings.out / "cache" / f"{entry.slug}.json"

    def progress(self, line: str) -> None:
        """Report one line; workers report from their own threads, and ``print`` may interleave two lines' ends."""
        with self._output:
            self._progress(line)

    def _record(self, result: StudentResult) -> None:
        with self._lock:
            self.results[result.student] = result
            done = len(self.results)
        failed = sum(1 for r in self.results.values() if r.status == "error")
        elapsed = time.monotonic() - self._started
        eta = elapsed / done * (len(self.entries) - done)
        score = f"{result.report.get('score', 0):g}/{result.report.get('max_score', 0):g}" if result.report else "-"
        self.progress(
            f"[{done}/{len(self.entries)}] {result.student}: {result.status} {score} (falhas {failed}, ETA {eta:.0f}s)"
        )
        with self._output:
            self._finished(result.student)

    def _fail_leftovers(self) -> None:
        """Students still queued when every engine is gone are errors for a person, never silently dropped."""
        while not self._todo.empty():
            entry, attempts = self._todo.get_nowait()
            self._record(
                StudentResult(entry.student, "error", error=messages.text("batch.no_engine"), attempts=attempts)
            )


def grader_errors(report: dict[str, Any]) -> list[str]:
    """Checks that errored through the grader or the engine, not the student; checks no image exists for
    offline would error again, so they do not count."""
    return [
        check["id"]
        for check in report.get("checks") or []
        if check.get("outcome") == "errored" and check.get("cause") != "NotRunnableOffline"
    ]


def child_command(submission: Path, report_path: Path, settings: Settings, student: str = "") -> list[str]:
    """The pytest command grading one submission: the assignment's sections (only the requested ones)."""
    graders = PROJECT_ROOT / "graders"
    targets = [str(graders / f"secao{n}") for n in sections_to_grade(settings)]
    options = ["-p", "no:cacheprovider", "-q", "--rootdir", str(PROJECT_ROOT), "--submission", str(submission)]
    options += [f"--submission-name={student}"]  # one argv word: a name starting with "-" stays a value
    options += ["--assignment", settings.assignment, "--lang", settings.language]
    return [
        sys.executable,
        "-m",
        "pytest",
        *targets,
        *options,
        "--dockgrade-json",
        str(report_path),
        # The student's own page, linked from the class page: the report `pytest --dockgrade-html` writes.
        "--dockgrade-html",
        str(report_path.with_name(STUDENT_PAGE)),
        *settings.extra_args,
    ]


def sections_to_grade(settings: Settings) -> list[int]:
    """The assignment's sections, only those asked for with ``--section`` when any were."""
    expected = assignments.load(settings.assignment).sections
    return [section for section in expected if not settings.sections or section in settings.sections]


def cache_key(version: str, sections: list[int], assignment: str = assignments.COURSE, language: str = "pt") -> str:
    """Repository version + grader version (the code and graders themselves) + what was graded (sections and
    the assignment's definition, so an edited assignment file regrades) + the language its messages are in."""
    digest = assignments.load(assignment).digest
    return f"{version}|{grader_version()}|{','.join(map(str, sections))}|{digest}|{language}"


def grader_version() -> str:
    """dockgrade's version plus a hash of its code and graders: any change regrades."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (PROJECT_ROOT / "src" / "dockgrade", PROJECT_ROOT / "graders"):
        for path in sorted(folder.rglob("*.py")) + sorted(folder.rglob("*.yml")):
            if not _grader_test_data(path.relative_to(folder)):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _grader_test_data(relative: Path) -> bool:
    """A grader's mutants and variants test the grader; editing them changes no student's grade."""
    return any(part in ("mutants", "variants") for part in relative.parts[:-1])
