"""CSV files an instructor opens in a spreadsheet: no cell is ever evaluated as a formula.

Student names, check ids and error messages come from untrusted rosters and repositories; a cell such as
``=HYPERLINK("http://…"&A1)`` would run when the file is opened. As OWASP recommends, a text cell whose first
character (after any blanks) is ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``,
and every cell is quoted (so a ``;`` in a cell cannot start a new one where ``;`` is the separator, as in
pt-BR spreadsheets). Numbers, negative ones included, are written as they are: they stay numbers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def cell(value: Any) -> str:
    """``value`` as a cell no spreadsheet evaluates: formula-shaped text gets a leading ``'``."""
    text = "" if value is None else str(value)
    if isinstance(value, int | float) or _NUMBER.fullmatch(text):
        return text
    return "'" + text if text.lstrip(" \n").startswith(_TRIGGERS) else text


class Writer:
    """``csv.writer`` whose rows are made safe first (the only way the project writes CSV)."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row, each cell neutralised."""
        self._writer.writerow([cell(value) for value in row])


def writer(handle: IO[str]) -> Writer:
    """A safe CSV writer on ``handle`` (opened with ``newline=""``)."""
    return Writer(handle)
