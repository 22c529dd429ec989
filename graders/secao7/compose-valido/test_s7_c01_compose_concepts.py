"""s7-c01 composição: todo docker-compose.yml da entrega é válido."""

from __future__ import annotations

from pathlib import Path

from dockgrade import ComposeCommand, ComposeProject, ImageResolver, Sandbox, Submission, check, expect, say

EXERCISE = "s7-c01-compose-concepts"


@check(points=1)
def test_compose_files_valid(
    submission_root: Path, module_sandbox: Sandbox, compose_command: ComposeCommand, image_resolver: ImageResolver
) -> None:
    """todos os arquivos do compose da entrega são válidos (docker compose config)"""
    files = Submission(submission_root).compose_files()
    expect(files, say("s7.no_files"))
    invalid = []
    for path in files:
        # Validated as compose itself would load it: the override next to it included.
        result = ComposeProject(module_sandbox, compose_command, path.parent, image_resolver).validate()
        if result.exit_code != 0:
            last = (result.tail.splitlines() or ["-"])[-1]
            invalid.append(f"{path.relative_to(submission_root)} ({last})")
    expect(not invalid, say("s7.invalid_files", files="; ".join(invalid)))
