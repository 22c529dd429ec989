"""The dependency substitutions of the python stand-in, read back from what its pip printed.

On Python 3.11 a course-era pin such as ``psycopg2==2.7.1`` cannot exist, so the stand-in's pip installs
the nearest working version instead and prints one line per swap
(``standins/python/dockgrade_pins.py``). Graders find those lines in build output and container logs,
and reports list them next to the image substitutions: the student sees what ran instead of their pin.
"""

from __future__ import annotations

import re

# The hook's line: "dockgrade-standin: <requested> -> <provided> (<why>)"; BuildKit prefixes a step number.
_SWAP = re.compile(r"dockgrade-standin: (\S+) -> (\S+) \(")
_MOST = 20


def substituted(log: str) -> list[tuple[str, str]]:
    """``(requested, provided)`` for each swap ``log`` reports, first occurrence order, no repeats.

    Bounded: a program printing look-alike lines by the thousand must not flood the report.
    """
    return list(dict.fromkeys(_SWAP.findall(log)))[:_MOST]


# pip's words when a package could not be built or has no release for this Python: on a stand-in (Python
# 3.11) that is the environment's limit for a pin the official image of the course (3.6) would install.
_BUILD_FAILED = re.compile(
    r"Failed building wheel for|Could not build wheels for|error: subprocess-exited-with-error"
    r"|metadata-generation-failed|legacy-install-failure|require a different python version"
)


def failed_offline(log: str) -> bool:
    """True when ``log`` shows pip failing to build a dependency or finding none for this Python."""
    return _BUILD_FAILED.search(log) is not None
