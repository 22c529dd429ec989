"""dockgrade: an automated grader for the Docker course "Docker: Ferramenta essencial para Desenvolvedores"."""

from __future__ import annotations

__version__ = "0.1.0"
