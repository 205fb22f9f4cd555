"""Staff pages: scorekeeper, referee tablet, head referee. Writes go over Socket.IO."""

from __future__ import annotations

from flask import Blueprint, abort

from .auth import current_actor, requires, venue
from .render import page_lang, render_page

bp = Blueprint("staff", __name__)


def _season(lang: str | None = None) -> dict:
    return venue().season().to_dict()


def _check_field(field: int) -> None:
    if field not in venue().field_numbers():
        abort(404)


@bp.get("/scorekeeper/<int:field>")
@requires("control.view")
def scorekeeper(field: int):
    _check_field(field)
    # The season's breakdown parts by name, so the desk labels them from the season file.
    parts = {p["id"]: p["title"] for p in venue().season().to_dict(page_lang())["parts"]}
    return render_page("scorekeeper.html", {"kind": "scorekeeper", "field": field,
                                            "fields": venue().field_numbers(),
                                            "parts": parts})


@bp.get("/referee/<int:field>/<alliance>")
@requires("score.submit")
def referee(field: int, alliance: str):
    _check_field(field)
    if alliance not in ("red", "blue"):
        abort(404)
    station = current_actor().station
    if station and station != alliance and not current_actor().can("score.any_alliance"):
        abort(403)
    return render_page("referee.html", {"kind": "referee", "field": field, "alliance": alliance,
                                        "season": _season()})


@bp.get("/headref/<int:field>")
@requires("match.review")
def headref(field: int):
    _check_field(field)
    return render_page("headref.html", {"kind": "headref", "field": field, "season": _season()})
