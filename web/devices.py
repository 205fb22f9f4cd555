"""Serial devices over HTTP: the device panel, binding a device to a field, a field's
readiness for the console's start button, and the counter-channel mapping (``venue.devices``).
The panel also arrives live on /control as ``device.status``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from tournament.errors import ValidationError

from .auth import current_actor, requires, venue
from .render import json_body

bp = Blueprint("devices", __name__, url_prefix="/api/devices")


def _field(value: Any, where: str = "field") -> int | None:
    """A field number from JSON (a whole number, or a numeric string from a select)."""
    if value is None or value == "":
        return None
    text = str(value)
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()):
        raise ValidationError([(where, "a field number")])
    return int(text)


@bp.get("")
@requires("control.view")
def panel():
    return jsonify(venue().devices.panel())


@bp.post("/bind")
@requires("match.run")
def bind():
    body = json_body()
    return jsonify(venue().devices.bind(current_actor(), body.get("device"),
                                        _field(body.get("field"))))


@bp.post("/ready")
@requires("match.run")
def ready():
    body = json_body()
    field = _field(body.get("field"))
    if field is None:
        raise ValidationError([("field", "a field number")])
    ready = body.get("ready", True)
    if not isinstance(ready, bool):
        raise ValidationError([("ready", "true or false")])
    venue().devices.set_ready(current_actor(), field, ready)
    return jsonify(venue().devices.panel())


@bp.get("/settings")
@requires("event.admin")
def settings():
    return jsonify(venue().devices.settings())


@bp.post("/channels")
@requires("event.admin")
def channels():
    return jsonify(venue().devices.set_channels(current_actor(), json_body().get("channels")))
