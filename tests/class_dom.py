"""Reading the class page's DOM as Chromium rendered it (``--dump-dom``): the matrix's rows and cells, the shares."""

from __future__ import annotations

from html.parser import HTMLParser


class ClassDom(HTMLParser):
    """The matrix rows in document order (student, classes, cells by exercise) and the share rows by table."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.rows: list[dict[str, object]] = []
        self.shares: dict[str, list[dict[str, str]]] = {}
        self.erred: list[str] = []
        self.sorted_by: dict[str, str] = {}
        self._table = ""
        self._cell: dict[str, str] | None = None
        self.feed(dom)

    @property
    def students(self) -> list[str]:
        return [str(row["student"]) for row in self.rows]

    def cell(self, student: str, exercise: str) -> dict[str, str]:
        row = next(row for row in self.rows if row["student"] == student)
        cells: dict[str, dict[str, str]] = row["cells"]  # type: ignore[assignment]
        return cells[exercise]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag in ("table", "ul") and "id" in found:
            self._table = found["id"]
        elif tag == "th" and "aria-sort" in found:
            self.sorted_by[found["data-key"]] = found["aria-sort"]
        elif tag == "tr" and self._table == "matrix" and "data-student" in found:
            self.rows.append({"student": found["data-student"], "class": found["class"].split(), "cells": {}})
        elif tag == "tr" and self._table.endswith("shares") and "data-key" in found:
            share = {"key": found["data-key"], "percent": found["data-percent"], "text": ""}
            self.shares.setdefault(self._table, []).append(share)
        elif tag == "li" and self._table == "erred" and "data-student" in found:
            self.erred.append(found["data-student"])
        elif tag == "td" and "data-exercise" in found:
            self._cell = {"class": found["class"], "text": ""}
            self.rows[-1]["cells"][found["data-exercise"]] = self._cell  # type: ignore[index]

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        elif self._table.endswith("shares") and self.shares.get(self._table):
            self.shares[self._table][-1]["text"] += data
