"""Registers the dockgrade pytest plugin for this repository only (no global entry point)."""

pytest_plugins = ["dockgrade.plugin"]
