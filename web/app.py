"""The Flask application factory: configuration, database, venue, blueprints, Socket.IO."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, jsonify

from tournament.bus import Bus
from tournament.clock import MonotonicClock
from tournament.db import Database, default_url
from tournament.errors import ZharysError
from tournament.venue import Venue

from .extensions import socketio


def load_config(app: Flask, overrides: dict[str, Any]) -> None:
    """Settings from ``ZHARYS_*`` environment variables (see README, Configuration)."""
    env = os.environ
    app.config.update(
        DATABASE_URL=env.get("ZHARYS_DATABASE_URL") or default_url(app.instance_path),
        EVENT_CODE=env.get("ZHARYS_EVENT") or None,
        MESSAGE_QUEUE=env.get("ZHARYS_MESSAGE_QUEUE") or None,
        PUBLIC_URL=env.get("ZHARYS_PUBLIC_URL") or None,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).with_name("translations")),
        BABEL_DEFAULT_LOCALE="kk",
    )
    app.config.update(overrides)
    secret = app.config.get("SECRET_KEY") or env.get("ZHARYS_SECRET_KEY")
    if not secret:
        # Kept in instance/ so sessions (signed-in tablets) survive a restart.
        key_file = Path(app.instance_path) / "secret_key"
        if key_file.exists():
            secret = key_file.read_text().strip()
        else:
            secret = secrets.token_hex(32)
            key_file.write_text(secret)
            key_file.chmod(0o600)
    app.config["SECRET_KEY"] = secret


def create_app(test_config: dict[str, Any] | None = None, *, clock=None, migrate: bool = True,
               instance_path: str | None = None, async_mode: str = "threading") -> Flask:
    """Build the app. ``test_config`` overrides settings; ``clock`` replaces the match clock;
    ``async_mode`` is "threading" (tests, tools) or "gevent" (``zharys serve``, after the
    process has been monkey-patched)."""
    instance_path = instance_path or os.environ.get("ZHARYS_INSTANCE") or None
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, test_config or {})

    db = Database(app.config["DATABASE_URL"])
    if migrate:
        db.migrate()
    bus = Bus()
    venue = Venue(db, bus, clock or MonotonicClock(), event_code=app.config["EVENT_CODE"])
    app.extensions["zharys"] = venue
    venue.printing.uploads_dir = Path(app.instance_path) / "uploads"

    from . import (
        admin,
        auth,
        devices,
        displays,
        exports,
        fanout,
        fll,
        i18n,
        judging,
        live,
        olympiad,
        pages,
        playoffs,
        staff,
    )

    i18n.init_app(app)
    auth.init_app(app)
    for module in (pages, displays, staff, devices, playoffs, fll, judging, olympiad, admin,
                   exports, auth, i18n):
        app.register_blueprint(module.bp)
    socketio.init_app(app, message_queue=app.config["MESSAGE_QUEUE"], async_mode=async_mode,
                      cors_allowed_origins=None)
    if async_mode == "gevent":
        fanout.install(socketio)
    live.init_app(app, venue, bus)

    @app.errorhandler(ZharysError)
    def _service_error(exc: ZharysError):
        return jsonify(error=str(exc), errors=getattr(exc, "errors", [])), exc.status

    return app
