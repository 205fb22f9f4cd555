"""Rendering a page: the event, the language and the page's script configuration."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request
from flask_babel import get_locale

from tournament.errors import ValidationError


def page_lang() -> str:
    """The language this request is answered in ("kk", "ru" or "en")."""
    return str(get_locale() or "kk")


def json_body() -> dict[str, Any]:
    """A JSON command's body: an object, else a ValidationError naming ``body``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError([("body", "send a JSON object")])
    return body


def render_page(template: str, page: dict[str, Any], **context: Any) -> str:
    """Render ``template`` with ``event``, ``lang`` and ``page`` (JSON for the page script)."""
    venue = current_app.extensions["zharys"]
    lang = page_lang()
    event = venue.event_info() if venue.has_event() else {"code": "", "name": "Zharys",
                                                            "season_id": ""}
    # Robot-game seasons (FLL) rank by best score and show round scores instead of RS/TBP.
    rounds = venue.season().ranking.ranked_rounds if event["season_id"] else 0
    robot_game = bool(event["season_id"]) and venue.season().ranking.rp == "best"
    page = {**page, "lang": lang, "robot_game": robot_game, "ranked_rounds": rounds}
    context.setdefault("robot_game", robot_game)
    context.setdefault("ranked_rounds", rounds)
    return render_template(template, event=event, page=page, lang=lang, **context)


def page_division(venue, asked: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """The event's divisions and the one a page shows: the one asked for (``?division=``),
    else the first; (``[]``, None) for an event without divisions."""
    divisions = venue.event_info().get("divisions", []) if venue.has_event() else []
    if asked or not divisions:
        return divisions, asked or None
    return divisions, divisions[0]["code"]


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """A file to save (never cached: it is made for this request)."""
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
