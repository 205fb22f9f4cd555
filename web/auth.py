"""Sign-in (password or join code), the current actor, role checks for views, CSRF tokens."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _

from tournament.accounts import Actor, authenticate, redeem_join_code

bp = Blueprint("auth", __name__)


def venue():
    return current_app.extensions["zharys"]


def current_actor() -> Actor:
    """Who is asking, from the signed session cookie; the public when nobody signed in."""
    if "actor" in g:
        return g.actor
    data = session.get("actor")
    device = (request.headers.get("User-Agent") or "")[:60]
    if data:
        actor = Actor(name=data["name"], role=data["role"], user_id=data.get("user_id"),
                      device=data.get("device") or device, field=data.get("field"),
                      station=data.get("station"), school=data.get("school"))
    else:
        actor = Actor.public(device)
    g.actor = actor
    return actor


def sign_in(**actor: Any) -> None:
    session.clear()
    session["actor"] = actor
    session.permanent = True


def requires(action: str) -> Callable:
    """View decorator: staff pages send the public to sign in; others get 403."""

    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any):
            actor = current_actor()
            if not actor.can(action):
                if actor.role is None and request.method == "GET":
                    return redirect(url_for("auth.login", next=request.full_path))
                abort(403)
            return view(*args, **kwargs)

        return checked

    return wrap


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def _check_csrf() -> None:
    """Every state-changing HTTP request carries the session's token (form field or header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description=_("missing or wrong CSRF token; reload the page and try again"))


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)

    @app.context_processor
    def _auth_context() -> dict[str, Any]:
        actor = current_actor()
        user = actor if actor.role else None
        return {"current_user": user, "csrf_token": csrf_token}


@bp.route("/login", methods=["GET", "POST"])
def login():
    from .render import render_page

    error = None
    if request.method == "POST":
        with venue().db.session() as db:
            user = authenticate(db, request.form.get("username", ""),
                                request.form.get("password", ""))
            if user is not None:
                sign_in(name=user.display_name or user.username, role=user.role,
                        user_id=user.id, device="")
        if user is not None:
            target = request.args.get("next") or "/"
            return redirect(target if target.startswith("/") and not target.startswith("//")
                            else "/")
        error = _("Wrong user name or password.")
    return render_page("login.html", {"kind": "login"}, error=error)


@bp.get("/logout")
def logout():
    session.pop("actor", None)
    return redirect(url_for("pages.home"))


@bp.get("/join/<code>")
def join(code: str):
    """Opening a join link (the QR an admin shows) signs this tablet in with that role."""
    with venue().db.session() as db:
        join_code = redeem_join_code(db, code)
        role, field, station, label = (join_code.role, join_code.field_number or 1,
                                       join_code.station, join_code.label)
    sign_in(name=label, role=role, user_id=None, device=label, field=field, station=station)
    if role == "referee":
        return redirect(url_for("staff.referee", field=field, alliance=station))
    if role == "head_referee":
        return redirect(url_for("staff.headref", field=field))
    return redirect(url_for("staff.scorekeeper", field=field))
