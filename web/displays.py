"""Public displays: audience (projector), field crew, pit, and the streaming overlay."""

from __future__ import annotations

from flask import Blueprint, request

from .auth import venue
from .render import render_page

bp = Blueprint("displays", __name__, url_prefix="/display")


def _field() -> int:
    fields = venue().field_numbers()
    field = request.args.get("field", type=int)
    return field if field in fields else (fields[0] if fields else 1)


@bp.get("/audience")
def audience():
    return render_page("audience.html", {"kind": "audience", "fields": venue().field_numbers()})


@bp.get("/field")
def field():
    return render_page("field.html", {"kind": "field-display", "field": _field()})


@bp.get("/pit")
def pit():
    return render_page("pit.html", {"kind": "pit"})


@bp.get("/overlay")
def overlay():
    return render_page("overlay.html", {"kind": "overlay", "field": _field()})
