"""Public pages and JSON: home, rankings, schedule, a team's page, health."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from tournament.accounts import Actor

from .auth import current_actor, venue
from .render import page_division, page_lang, render_page

bp = Blueprint("pages", __name__)


@bp.get("/healthz")
def healthz():
    v = venue()
    with v.db.session() as session:
        session.execute(__import__("sqlalchemy").text("SELECT 1"))
    return jsonify(status="ok", database=v.db.engine.dialect.name, event=v.has_event())


@bp.get("/score-sheet")
def score_sheet():
    """The paper score sheet, printable, built from the season file alone (the same inputs,
    ranges, points and constraint messages as the tablet), in the reader's language."""
    season = venue().season().to_dict(page_lang())
    return render_page("score_sheet.html", {"kind": "score-sheet"}, season=season)


@bp.get("/")
def home():
    fields = venue().field_numbers() if venue().has_event() else []
    return render_page("home.html", {"kind": "home"}, fields=fields,
                       olympiad=venue().olympiad.exists())


@bp.get("/rankings")
def rankings():
    divisions, division = page_division(venue(), request.args.get("division"))
    return render_page("rankings.html", {"kind": "rankings", "division": division},
                       rankings=venue().rankings(division), divisions=divisions,
                       division=division)


@bp.get("/schedule")
def schedule():
    return render_page("schedule.html", {"kind": "schedule"}, matches=venue().schedule())


@bp.get("/teams/<int:number>")
def team(number: int):
    data = venue().team_page(number)
    return render_page("team.html", {"kind": "team", "team": number}, **data)


@bp.get("/api/rankings")
def api_rankings():
    return jsonify(rankings=venue().rankings(request.args.get("division") or None))


@bp.get("/api/matches")
def api_matches():
    return jsonify(matches=venue().schedule())


@bp.get("/api/teams/<int:number>")
def api_team(number: int):
    return jsonify(venue().team_page(number))


@bp.post("/api/sheets")
def api_submit_sheet():
    """Fallback for tablets without a Socket.IO connection; same rules as ``sheet.submit``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="send a JSON object", errors=[["body", "not JSON"]]), 400
    actor: Actor = current_actor()
    ack = venue().submit_sheet(actor, _int(body.get("match_id")), str(body.get("alliance")),
                               body.get("data"), str(body.get("key") or ""),
                               final=bool(body.get("final")), agreed=body.get("agreed"))
    return jsonify(ack)


def _int(value) -> int:
    from tournament.errors import ValidationError

    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError([("match_id", "must be a match id (a whole number)")])
    return value
