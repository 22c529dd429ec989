"""Time the offline stand-in bases: cold (nothing built) and warm (everything current).

Usage: python bench/bases.py [--cold]    (--cold removes every stand-in first; slow)
Writes bench/results-bases.json and prints the numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from docker.errors import APIError

from dockgrade.offline.bases import Bases
from dockgrade.offline.images import ImageMode, ImageResolver
from dockgrade.offline.recipes import LABEL_STANDIN
from dockgrade.runtime.sandbox import connect

OUTPUT = Path(__file__).with_name("results-bases.json")


def remove_standins() -> None:
    """Remove every stand-in image and the official names tagged onto them."""
    client = connect()
    for _ in range(5):  # children before parents: a parent with children refuses removal until they are gone
        for image in client.images.list(filters={"label": LABEL_STANDIN}):
            with contextlib.suppress(APIError):
                client.images.remove(image.id, force=True)


def ensure_all() -> float:
    """Seconds to make every course image available in stand-in mode."""
    client = connect()
    started = time.monotonic()
    ImageResolver(client, ImageMode.STANDIN, Bases(client)).ensure_course_images()
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", action="store_true", help="remove the stand-ins first")
    args = parser.parse_args()
    results: dict[str, object] = {"date": datetime.now(UTC).isoformat(), "machine": platform.uname()._asdict()}
    if args.cold:
        remove_standins()
        results["cold_seconds"] = round(ensure_all(), 1)
    results["warm_seconds"] = round(min(ensure_all() for _ in range(3)), 2)
    OUTPUT.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
