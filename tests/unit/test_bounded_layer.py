"""Only the bounded layer talks to a submission: no exec_run or direct HTTP call anywhere else in src/ or graders/."""

from __future__ import annotations

import ast

from tests.grading_run import ROOT

BOUNDED_LAYER = {"bounded.py", "bounded_http.py"}
_REQUESTS_CALLS = {"get", "post", "put", "delete", "head", "patch", "options", "request", "Session", "session"}
_OTHER_CLIENTS = {"urllib3", "httpx", "aiohttp", "http.client", "urllib.request"}


def unbounded_calls(source: str) -> list[str]:
    """``<line>: <what>`` for every ``exec_run``, ``requests.<verb>`` and other HTTP client in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "exec_run":
            found.append(f"{node.lineno}: exec_run")
        elif isinstance(node, ast.Attribute) and _is_requests(node.value) and node.attr in _REQUESTS_CALLS:
            found.append(f"{node.lineno}: requests.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "requests":
            found += [f"{node.lineno}: requests.{a.name}" for a in node.names if a.name in _REQUESTS_CALLS]
        elif isinstance(node, ast.Import | ast.ImportFrom) and _modules(node) & _OTHER_CLIENTS:
            found.append(f"{node.lineno}: import {', '.join(sorted(_modules(node) & _OTHER_CLIENTS))}")
    return sorted(found, key=lambda item: int(item.split(":", 1)[0]))


def _is_requests(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "requests"


def _modules(node: ast.Import | ast.ImportFrom) -> set[str]:
    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
    return {name for full in names for name in (full, full.split(".")[0])}


def test_no_unbounded_exec_or_http_outside_the_bounded_layer() -> None:
    """Every exec and HTTP request to a submission goes through bounded.py / bounded_http.py (deadline, byte cap)."""
    files = [*sorted((ROOT / "src" / "dockgrade").rglob("*.py")), *sorted((ROOT / "graders").rglob("*.py"))]
    found = [
        f"{path.relative_to(ROOT)}:{call}"
        for path in files
        if path.name not in BOUNDED_LAYER
        for call in unbounded_calls(path.read_text(encoding="utf-8"))
    ]
    assert len(files) > 50
    assert found == []


def test_the_scan_finds_what_it_forbids() -> None:
    """The scan finds each kind of call it forbids (so the empty result above means something)."""
    source = (
        "import requests\nrequests.get('http://x')\ncontainer.exec_run(['sh'])\n"
        "from requests import post\nimport http.client\nrequests.exceptions.ConnectionError\n"
    )
    assert unbounded_calls(source) == [
        "2: requests.get",
        "3: exec_run",
        "4: requests.post",
        "5: import http.client",
    ]
