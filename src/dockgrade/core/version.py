"""dockgrade's version, which batches record with each grade."""

__version__ = "0.1.0"
