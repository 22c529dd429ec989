"""``python3 -m minimongo [mongod options]``."""

from __future__ import annotations

import asyncio
import sys

from .server import main

sys.exit(asyncio.run(main(sys.argv[1:])))
