"""FLL judging: the judging-room pages (rubrics that work offline), the results and awards
page, and the awards script.

Each view checks access and calls one ``venue().fll`` service; the season's rubric text (titles
of levels, areas, rows and awards in the page's language) comes with the page.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import force_locale

from tournament.errors import ValidationError

from .auth import current_actor, requires, venue
from .i18n import LANGUAGES
from .render import json_body, page_lang, render_page

bp = Blueprint("judging", __name__)



def _rubric(lang: str) -> dict[str, Any]:
    """The season's judging text in ``lang``: levels, areas, rows and awards."""
    judging = venue().season().judging
    return judging.to_dict(lang) if judging is not None else {
        "levels": [], "areas": [], "rows": [], "awards": []}


def _whole(value: Any) -> Any:
    """A whole number from JSON or a form ("3" → 3); anything else is left for the service
    to name."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _room(raw: Any) -> int:
    if raw in (None, ""):
        return 1
    value = _whole(raw)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError([("room", "a room is a number from 1")])
    return value


def _team_list(value: Any, where: str) -> Any:
    """Nominated teams: a list as is, or "1203, 1204 1205" (the form's text) as numbers."""
    if not isinstance(value, str):
        return value
    parts = [p for p in re.split(r"[\s,;]+", value) if p]
    if any(not p.isdigit() for p in parts):
        raise ValidationError([(where, "team numbers separated by commas, like 1203, 1204")])
    return [int(p) for p in parts]


# -- pages ---------------------------------------------------------------------------------
@bp.get("/judging")
@requires("judging.score")
def room():
    data = venue().fll.judging_room(current_actor(), _room(request.args.get("room")))
    return render_page("judging_room.html",
                       {"kind": "judging", "room": data["room"], "rooms": data["rooms"],
                        "sessions": data["sessions"], "rubric": _rubric(page_lang()),
                        "user": current_actor().name},
                       room=data)


@bp.get("/judging/results")
@requires("judging.results")
def results():
    data = venue().fll.results(current_actor())
    return render_page("judging_results.html", {"kind": "judging-results"},
                       results=data, rubric=_rubric(page_lang()))


@bp.get("/awards/script")
@requires("judging.results")
def awards_script():
    """The ceremony script, in the event's language whatever the reader's."""
    v = venue()
    data = v.fll.results(current_actor())
    lang = v.event_info().get("language")
    lang = lang if lang in LANGUAGES else "kk"
    with force_locale(lang):
        return render_page("awards_script.html", {"kind": "awards-script"},
                           results=data, rubric=_rubric(lang))


# -- JSON ----------------------------------------------------------------------------------
@bp.get("/api/judging/room")
@requires("judging.score")
def api_room():
    return jsonify(venue().fll.judging_room(current_actor(), _room(request.args.get("room"))))


@bp.post("/api/judging/rubric")
@requires("judging.score")
def api_rubric():
    body = json_body()
    return jsonify(venue().fll.submit_rubric(
        current_actor(), key=body.get("key"), team=_whole(body.get("team")),
        area=str(body.get("area", "")), room=_whole(body.get("room")),
        levels=body.get("levels"), comments=body.get("comments"),
        final=bool(body.get("final"))))


@bp.get("/api/judging/results")
@requires("judging.results")
def api_results():
    return jsonify(venue().fll.results(current_actor()))


@bp.post("/api/judging/awards")
@requires("judging.results")
def api_awards():
    body = json_body()
    counts = body.get("counts")
    if isinstance(counts, dict):
        counts = {k: _whole(n) for k, n in counts.items()}
    nominations = body.get("nominations")
    if isinstance(nominations, dict):
        nominations = {k: _team_list(t, f"nominations.{k}") for k, t in nominations.items()}
    elif nominations is not None:
        raise ValidationError([("nominations", "an object of award id → team numbers")])
    if counts is not None and not isinstance(counts, dict):
        raise ValidationError([("counts", "an object of award id → number of places")])
    return jsonify(venue().fll.set_awards(
        current_actor(), counts=counts, advancing=_whole(body.get("advancing")),
        nominations=nominations))
