"""The error tree of dockgrade.

Two families, because they go to two different people::

    Exception
    ├── GraderError              the grader or its environment broke: never charged to the student
    │   ├── DockerUnavailable    no engine answers
    │   ├── GraderTimeout        a build, run or wait took longer than its limit
    │   ├── ImageUnavailable     an image is neither present, pullable nor standable-in
    │   ├── StandinBuildFailed   building an offline stand-in image failed
    │   ├── NotRunnableOffline   the check needs an image no registry or stand-in can provide here
    │   ├── ExerciseConfigError  a grader or exercise definition is wrong
    │   └── AssignmentError      an assignment name or file cannot be used (the instructor's usage error)
    └── AssertionError
        └── CheckFailed          the student's mistake, with what was expected and what was found
            ├── Mismatch         expected X, got Y (+ an optional hint)
            ├── Missing          something the exercise needs is absent
            │   └── NotHandedIn  the assignment expects the exercise, the submission has nothing for it
            ├── BuildFailed      the student's Dockerfile does not build (carries the log tail)
            ├── StepTimedOut     a student-controlled step ran past its limit
            ├── TooMuchOutput    a student's server or command sent more than the grader reads
            └── Refused          the safety policy refuses what the submission asks for
"""

from __future__ import annotations


class GraderError(Exception):
    """The grader or its environment failed; a person must look, the student is not charged."""


class DockerUnavailable(GraderError):
    """No Docker engine answers."""


class GraderTimeout(GraderError):
    """A step exceeded its time limit."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what} did not finish within {seconds:g}s")
        self.what = what
        self.seconds = seconds


class ImageUnavailable(GraderError):
    """An image reference cannot be satisfied by the official image nor by a stand-in."""

    def __init__(self, reference: str, reason: str) -> None:
        super().__init__(f"image {reference!r} is unavailable: {reason}")
        self.reference = reference
        self.reason = reason


class StandinBuildFailed(GraderError):
    """Building an offline stand-in image failed."""

    def __init__(self, name: str, log_tail: str) -> None:
        super().__init__(f"building the stand-in {name!r} failed:\n{log_tail}")
        self.name = name
        self.log_tail = log_tail


class NotRunnableOffline(GraderError):
    """A check needs an image that neither a registry nor a stand-in can provide on this machine."""

    def __init__(self, message: str, image: str) -> None:
        super().__init__(message)
        self.image = image


class ExerciseConfigError(GraderError):
    """A grader or an exercise definition is inconsistent."""


class AssignmentError(GraderError):
    """An assignment name or file that cannot be used (a usage error for the instructor)."""


class CheckFailed(AssertionError):
    """The student's submission does not do what the check asks."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Mismatch(CheckFailed):
    """An observed value differs from the expected one."""

    def __init__(self, message: str, expected: object, actual: object, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.expected = expected
        self.actual = actual


class Missing(CheckFailed):
    """Something the exercise needs is absent."""

    def __init__(self, message: str, item: str, where: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.item = item
        self.where = where


class NotHandedIn(Missing):
    """The assignment expects this exercise and nothing in the submission was found for it ("não entregue")."""


class BuildFailed(CheckFailed):
    """The student's image does not build; ``log_tail`` holds the last lines of the build log."""

    def __init__(self, message: str, log_tail: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.log_tail = log_tail


class StepTimedOut(CheckFailed):
    """A step the student controls (build, command, server start) ran past its time limit."""

    def __init__(self, message: str, seconds: float, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.seconds = seconds


class TooMuchOutput(CheckFailed):
    """A student's server or command sent more than the grader reads (``limit`` bytes)."""

    def __init__(self, message: str, limit: int, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.limit = limit


class Refused(CheckFailed):
    """The safety policy refuses something the submission asks for (host mount, privileged, …)."""

    def __init__(self, message: str, what: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.what = what
