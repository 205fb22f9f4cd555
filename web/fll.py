"""FLL robot game and tournament day: the robot-game scoreboard, the day schedule (per team,
table and judging room) and the head referee's list of table sheets with reopen."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from tournament.errors import ValidationError

from .auth import current_actor, requires, venue
from .render import json_body, render_page

bp = Blueprint("fll", __name__)

VIEWS = ("team", "table", "room")


@bp.get("/scoreboard")
def scoreboard():
    """Full-screen robot-game scoreboard: the round being played and every team's scores."""
    return render_page("scoreboard.html", {"kind": "scoreboard"}, board=venue().fll.scoreboard())


@bp.get("/api/scoreboard")
def api_scoreboard():
    return jsonify(venue().fll.scoreboard())


@bp.get("/day")
def day():
    """The tournament day, whole or for one team, table or judging room (``?team=1203``)."""
    view, number = _view()
    plan = venue().fll.day()
    items = plan["items"]
    if view:
        items = [i for i in items if i[view] == number]
    return render_page("day.html", {"kind": "day", "view": view, "number": number},
                       plan=plan, items=items, view=view, number=number,
                       teams=venue().teams())


@bp.get("/api/day")
def api_day():
    view, number = _view()
    plan = venue().fll.day()
    if view:
        plan["items"] = [i for i in plan["items"] if i[view] == number]
    return jsonify(plan)


@bp.get("/control/robot-game")
@requires("match.review")
def robot_game():
    """Head referee: every table's sheet, whether the team agreed, and reopen."""
    return render_page("robot_game_control.html", {"kind": "robot-game-control"},
                       sheets=venue().fll.sheets(current_actor()))


@bp.post("/api/robot-game/reopen")
@requires("match.review")
def reopen():
    body = json_body()
    match_id = body.get("match_id")
    if isinstance(match_id, bool) or not isinstance(match_id, int):
        raise ValidationError([("match_id", "must be a match id (a whole number)")])
    alliance = body.get("alliance")
    if alliance not in ("red", "blue"):
        raise ValidationError([("alliance", "must be red or blue (the odd or even table)")])
    note = body.get("note") if isinstance(body.get("note"), str) else ""
    return jsonify(venue().fll.reopen_sheet(current_actor(), match_id, alliance, note[:200]))


def _view() -> tuple[str | None, int | None]:
    """Which part of the day a request asks for: (``"team"``, 1203), or (None, None)."""
    for view in VIEWS:
        raw = request.args.get(view)
        if raw not in (None, ""):
            if not raw.isdigit():
                raise ValidationError([(view, "must be a number")])
            return view, int(raw)
    return None, None
