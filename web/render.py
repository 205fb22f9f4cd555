"""Rendering a page: the event, the language and the page's script configuration."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import get_locale


def render_page(template: str, page: dict[str, Any], **context: Any) -> str:
    """Render ``template`` with ``event``, ``lang`` and ``page`` (JSON for the page script)."""
    venue = current_app.extensions["zharys"]
    lang = str(get_locale() or "kk")
    event = venue.event_info() if venue.has_event() else {"code": "", "name": "Zharys",
                                                            "season_id": ""}
    page = {**page, "lang": lang}
    return render_template(template, event=event, page=page, lang=lang, **context)


def page_division(venue, asked: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """The event's divisions and the one a page shows: the one asked for (``?division=``),
    else the first; (``[]``, None) for an event without divisions."""
    divisions = venue.event_info().get("divisions", []) if venue.has_event() else []
    if asked or not divisions:
        return divisions, asked or None
    return divisions, divisions[0]["code"]
