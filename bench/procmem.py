"""Peak memory of a process tree, read from /proc (no psutil): sampled while a contender runs."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


def _parents() -> dict[int, int]:
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(root: int) -> set[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


def _status(pid: int) -> tuple[str, int, int]:
    """(command name, VmRSS kB, VmHWM kB); zeros once the process is gone."""
    try:
        name = (PROC / str(pid) / "comm").read_text().strip()
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return "", 0, 0
    values = {k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in lines) if k in ("VmRSS", "VmHWM")}
    return name, values.get("VmRSS", 0), values.get("VmHWM", 0)


@dataclass
class PeakMemory:
    """Samples a process tree every ``interval`` seconds until ``stop``; peaks in MiB."""

    root: int
    interval: float = 0.2
    python_sum_kb: int = 0  # the grader's own Python processes together (xdist: controller + workers)
    python_max_hwm_kb: int = 0  # the largest single Python process (its kernel high-water mark)
    tree_sum_kb: int = 0  # everything below the contender, compose CLI and curl included
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, float]:
        self._stop.set()
        if self._thread:
            self._thread.join()
        mib = 1024
        return {
            "python_peak_mb": round(self.python_sum_kb / mib, 1),
            "largest_python_process_mb": round(self.python_max_hwm_kb / mib, 1),
            "process_tree_peak_mb": round(self.tree_sum_kb / mib, 1),
        }

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        python = tree = 0
        for pid in descendants(self.root) - {os.getpid()}:
            name, rss, hwm = _status(pid)
            tree += rss
            if name.startswith(("python", "pytest")):
                python += rss
                self.python_max_hwm_kb = max(self.python_max_hwm_kb, hwm)
        self.python_sum_kb = max(self.python_sum_kb, python)
        self.tree_sum_kb = max(self.tree_sum_kb, tree)
