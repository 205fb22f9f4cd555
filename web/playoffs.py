"""Alliance selection and playoffs: the scorekeeper's page and its JSON commands, and the
public bracket and selection pages. Each command calls one service and answers with the new
board or bracket (the same data every display gets as ``selection.updated`` /
``bracket.updated`` on /live)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from tournament.errors import ValidationError

from .auth import current_actor, requires, venue
from .render import json_body, page_division, render_page

bp = Blueprint("playoffs", __name__)


def _body() -> tuple[dict[str, Any], str | None]:
    """A command's JSON body and the division it names."""
    body = json_body()
    return body, _division(body.get("division"))


def _division(raw: Any) -> str | None:
    """A division code from a body or a query string; None when not given."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise ValidationError([("division", "a division code, like A")])
    return raw


def _int(body: dict[str, Any], name: str, default: int | None = None,
         required: bool = False) -> int | None:
    value = body.get(name, default)
    if value in (None, "") and not required:
        return default
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError([(name, "must be a whole number")])
    return value


# -- pages ---------------------------------------------------------------------------------
@bp.get("/control/playoffs")
@requires("control.view")
def control():
    v = venue()
    divisions, division = page_division(v, request.args.get("division"))
    return render_page("playoffs_control.html",
                       {"kind": "playoffs-control", "division": division,
                        "selection": v.selection.snapshot(division),
                        "bracket": v.playoffs.snapshot(division), "display": v.display()},
                       divisions=divisions, division=division)


@bp.get("/bracket")
def bracket():
    divisions, division = page_division(venue(), request.args.get("division"))
    return render_page("bracket.html", {"kind": "bracket", "division": division,
                                        "bracket": venue().playoffs.snapshot(division)},
                       divisions=divisions, division=division)


@bp.get("/selection")
def selection():
    divisions, division = page_division(venue(), request.args.get("division"))
    return render_page("selection.html", {"kind": "selection", "division": division,
                                          "selection": venue().selection.snapshot(division)},
                       divisions=divisions, division=division)


# -- JSON ----------------------------------------------------------------------------------
@bp.get("/api/bracket")
def api_bracket():
    return jsonify(venue().playoffs.snapshot(_division(request.args.get("division"))))


@bp.get("/api/selection")
def api_selection():
    return jsonify(venue().selection.snapshot(_division(request.args.get("division"))))


@bp.post("/api/selection/start")
@requires("playoff.run")
def api_selection_start():
    body, division = _body()
    return jsonify(venue().selection.start(
        current_actor(), division=division, alliances=_int(body, "alliances"),
        picks=_int(body, "picks"), backups=_int(body, "backups", 0),
        pick_seconds=_int(body, "pick_seconds"), force=bool(body.get("force"))))


@bp.post("/api/selection/action")
@requires("playoff.run")
def api_selection_action():
    body, division = _body()
    return jsonify(venue().selection.act(current_actor(), str(body.get("kind")),
                                         _int(body, "team"), division=division))


@bp.post("/api/selection/undo")
@requires("playoff.run")
def api_selection_undo():
    _, division = _body()
    return jsonify(venue().selection.undo(current_actor(), division=division))


@bp.post("/api/playoffs/create")
@requires("playoff.run")
def api_playoffs_create():
    body, division = _body()
    return jsonify(venue().playoffs.create(
        current_actor(), division=division, kind=str(body.get("kind", "first")),
        final=str(body.get("final", "two_wins")), best_of=_int(body, "best_of", 1),
        third_place=bool(body.get("third_place")),
        grand_final=str(body.get("grand_final", "reset")),
        top_teams=_int(body, "top_teams", None)))


@bp.post("/api/playoffs/forfeit")
@requires("playoff.run")
def api_playoffs_forfeit():
    body, division = _body()
    return jsonify(venue().playoffs.forfeit(current_actor(), str(body.get("match", "")),
                                            str(body.get("side", "")),
                                            division=division))


@bp.post("/api/playoffs/disqualify")
@requires("playoff.run")
def api_playoffs_disqualify():
    body, division = _body()
    return jsonify(venue().playoffs.disqualify(current_actor(),
                                               _int(body, "seed", required=True),
                                               division=division,
                                               note=str(body.get("note", ""))))


@bp.post("/api/display")
@requires("match.run")
def api_display():
    body, division = _body()
    return jsonify(venue().set_display(current_actor(), str(body.get("mode", "")),
                                       division))
