"""Languages: Kazakh, Russian and English through Flask-Babel, and the language chooser."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel

LANGUAGES = ("kk", "ru", "en")
bp = Blueprint("i18n", __name__)


def current_language() -> str:
    """The chooser's choice, else the browser's best match, else Kazakh."""
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    # The browser's list in its order of preference, matched on the language alone, so
    # "kk-KZ" counts as Kazakh before a lower-ranked "ru".
    for tag, _quality in request.accept_languages:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "kk"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=current_language)
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    target = request.referrer or "/"
    if not target.startswith(request.host_url):
        target = "/"
    return redirect(target)
