"""What every command module shares: the registry of handlers, the per-connection session, errors, cursors."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bson import Int64

from .store import Store

Document = dict[str, Any]


class CommandError(Exception):
    """A command that fails as a whole, with MongoDB's error code and name."""

    def __init__(self, message: str, code: int = 2, name: str = "BadValue") -> None:
        super().__init__(message)
        self.code = code
        self.name = name


@dataclass
class Session:
    """What one client connection carries between commands."""

    connection_id: int
    last_write: Document = field(default_factory=lambda: {"n": 0, "err": None})


Handler = Callable[[Store, Session, str, Document], Document]
HANDLERS: dict[str, Handler] = {}


def command(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under every spelling drivers use (``isMaster``, ``ismaster``...)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = handler
        return handler

    return register


def cursor(namespace: str, documents: list[Document]) -> Document:
    """A cursor reply holding every result: id 0 tells the driver there is nothing more to get."""
    return {"cursor": {"id": Int64(0), "ns": namespace, "firstBatch": documents}}


def now() -> datetime.datetime:
    """The current time at BSON's millisecond precision."""
    moment = datetime.datetime.now(datetime.UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
