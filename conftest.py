"""Registers the dockgrade pytest plugin for this repository only (no global entry point).

The checkout's own ``src/`` comes first on the path, so a run from this folder grades with this
folder's code even when ``pip install -e`` points at another checkout.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

pytest_plugins = ["dockgrade.plugin"]
