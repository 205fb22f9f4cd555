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
    return request.accept_languages.best_match(LANGUAGES) or "kk"


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
