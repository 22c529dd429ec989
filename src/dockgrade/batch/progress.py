"""How a batch shows its progress: a live bar with ETA on a terminal (tqdm), plain lines when the output is a
log (CI, a redirect), where a bar's carriage returns would be noise."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

from dockgrade.reporters.actions_log import inert


class Progress:
    """Lines (notes, one per student graded) and, on a terminal, a bar of students graded under them."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout
        self._bar = tqdm(total=total, file=self._stream, unit=" alunos", dynamic_ncols=True) if self.live else None

    @property
    def live(self) -> bool:
        return self._stream.isatty()

    def line(self, text: str) -> None:
        """One line of news; roster fields are untrusted and batch.yml runs on Actions: never a workflow command."""
        if self._bar is not None:
            self._bar.write(inert(text), file=self._stream)
        else:
            print(inert(text), file=self._stream, flush=True)

    def advance(self, student: str) -> None:
        """One more student done."""
        if self._bar is not None:
            self._bar.set_postfix_str(student, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
