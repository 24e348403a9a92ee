"""Import a settings module afresh under a patched environment, as a new process would read it."""

import importlib
import sys


def load_settings(name: str, monkeypatch, **environ):
    """``portal.settings.<name>`` (and the base it imports) evaluated with ``environ``; undone after the test."""
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    package = importlib.import_module("portal.settings")
    for module in {"base", name}:
        monkeypatch.delitem(sys.modules, f"portal.settings.{module}", raising=False)
        if hasattr(package, module):
            monkeypatch.setattr(package, module, getattr(package, module))  # restored afterwards
    return importlib.import_module(f"portal.settings.{name}")
