"""The web layer: Flask app factory, blueprints, Socket.IO namespaces, templates, CLI.

``create_app`` is imported lazily so that ``zharys serve`` can switch the process to gevent
before Flask, SQLAlchemy or the socket module are loaded.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'web' has no attribute {name!r}")
