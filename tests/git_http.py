"""A git host on 127.0.0.1 for the tests: serves bare repositories over dumb HTTP, behind a token or a 401.

Dumb HTTP cannot serve shallow clones, so a roster line cloned from it carries a deadline (a full clone).
"""

from __future__ import annotations

import base64
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class GitHost:
    """What the server was asked: the Authorization header of every request (None when absent)."""

    url: str
    authorizations: list[str | None] = field(default_factory=list)


def bare_copy(repository: Path, folder: Path, name: str) -> Path:
    """A bare clone of ``repository`` as ``folder/name.git``, ready for dumb HTTP."""
    bare = folder / f"{name}.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", "--", str(repository), str(bare)], check=True)
    subprocess.run(["git", "update-server-info"], cwd=bare, check=True)
    return bare


def basic(user: str, token: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


@contextmanager
def git_host(root: Path, accepted: str | None = None) -> Iterator[GitHost]:
    """Serve ``root``; a request without the ``accepted`` Authorization header (all, if None) gets a 401."""
    host = GitHost("")

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            given = self.headers.get("Authorization")
            host.authorizations.append(given)
            if accepted is None or given != accepted:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    host.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield host
    finally:
        server.shutdown()
        server.server_close()
