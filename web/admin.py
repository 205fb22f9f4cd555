"""The admin page: import teams, generate the schedule, users, join codes shown as QR."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_babel import gettext as _

import brackets
from tournament.accounts import ROLES
from tournament.errors import ZharysError

from .auth import current_actor, requires, venue
from .render import render_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no files, no network)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def join_url(code: str) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for("auth.join", code=code)


def _done(message: str | None = None, errors: list | None = None):
    session["admin_result"] = {"message": message, "errors": errors or []}
    return redirect(url_for("admin.page"))


def _run(action, success):
    """Call one service; report its error in words on the admin page, changing nothing."""
    try:
        result = action()
    except ZharysError as exc:
        return _done(errors=getattr(exc, "errors", None) or [["", str(exc)]])
    return _done(message=success(result))


def _number_reader(form, errors: list):
    """``number(name, low, high, required=True)``: a whole number from the form, or None with
    an error in words appended to ``errors``."""

    def number(name: str, low: int, high: int, required: bool = True) -> int | None:
        raw = (form.get(name) or "").strip()
        if not raw and not required:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            errors.append([name, _("must be a whole number from %(low)s to %(high)s",
                                   low=low, high=high)])
            return None
        return int(raw)

    return number


@bp.get("")
@requires("event.admin")
def page():
    overview = venue().admin_overview(current_actor())
    for code in overview["join_codes"]:
        code["url"] = join_url(code["code"])
        code["qr_svg"] = qr_svg(code["url"])
    result = session.pop("admin_result", None) or {}
    channels = venue().devices.settings()["channels"] if venue().has_event() else {}
    return render_page("admin.html", {"kind": "admin"}, roles=list(ROLES),
                       device_channels=channels,
                       message=result.get("message"), errors=result.get("errors", []),
                       **overview)


@bp.post("/teams")
@requires("event.admin")
def import_teams():
    upload = request.files.get("csv")
    if upload is None or not upload.filename:
        return _done(errors=[["csv", _("Choose a CSV file to import.")]])
    raw = upload.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _done(errors=[["csv", _("The file is not UTF-8 (byte %(pos)s). Save it as "
                                       "CSV UTF-8 and try again.", pos=exc.start)]])
    return _run(lambda: venue().import_teams(current_actor(), text),
                lambda r: _("%(added)s teams added, %(updated)s updated.",
                            added=r[0], updated=r[1]))


@bp.post("/schedule")
@requires("event.admin")
def generate_schedule():
    form = request.form
    errors = []

    number = _number_reader(form, errors)

    matches = number("matches_per_team", 1, 20)
    cycle = number("cycle_minutes", 1, 60)
    turnaround = number("turnaround_minutes", 0, 120, required=False) or 0
    simultaneous = form.get("layout") == "simultaneous"
    division = form.get("division") or None
    break_after = number("break_after", 1, 999, required=False)
    break_minutes = number("break_minutes", 0, 600, required=False)
    seed = number("seed", 0, 2**31, required=False)
    try:
        start = datetime.fromisoformat(form.get("start", ""))
    except ValueError:
        errors.append(["start", _("pick the start date and time")])
    if errors:
        return _done(errors=errors)
    breaks = []
    if break_after and break_minutes:
        breaks.append(brackets.Break(after_match=break_after,
                                     duration=timedelta(minutes=break_minutes)))
    return _run(lambda: venue().generate_schedule(
                    current_actor(), matches, start, timedelta(minutes=cycle), breaks, seed,
                    division=division, turnaround=timedelta(minutes=turnaround),
                    simultaneous=simultaneous),
                lambda n: _("Schedule generated: %(n)s matches.", n=n))


@bp.post("/day")
@requires("event.admin")
def generate_day():
    """FLL: plan the robot-game rounds and judging sessions of the day."""
    form = request.form
    errors = []

    number = _number_reader(form, errors)

    cycle = number("match_cycle", 3, 30)
    rooms = number("rooms", 1, 20)
    length = number("session_length", 5, 120)
    session_cycle = number("session_cycle", 5, 180)
    travel = number("travel", 0, 120)
    lunch_minutes = number("lunch_minutes", 0, 180, required=False) or 0
    seed = number("seed", 0, 2**31, required=False)
    try:
        start = datetime.fromisoformat(form.get("start", ""))
    except ValueError:
        errors.append(["start", _("pick the start date and time")])
    breaks = []
    if lunch_minutes and not errors:
        try:
            at = datetime.combine(start.date(), time.fromisoformat(form.get("lunch_start", "")))
            breaks.append((at, at + timedelta(minutes=lunch_minutes)))
        except ValueError:
            errors.append(["lunch_start", _("pick the time lunch starts")])
    if errors:
        return _done(errors=errors)
    return _run(lambda: venue().fll.generate_day(
                    current_actor(), start=start, match_cycle=timedelta(minutes=cycle),
                    rooms=rooms, judging=form.get("judging") or "separate",
                    session_length=timedelta(minutes=length),
                    session_cycle=timedelta(minutes=session_cycle),
                    travel=timedelta(minutes=travel), breaks=breaks, seed=seed),
                lambda r: _("Day planned: %(n)s robot-game matches, the last ends at %(end)s.",
                            n=r["matches"], end=r["end"][11:16]))


@bp.post("/divisions")
@requires("event.admin")
def set_divisions():
    form = request.form
    raw = (form.get("count") or "").strip()
    seed_raw = (form.get("seed") or "").strip()
    if not raw.isdigit() or (seed_raw and not seed_raw.isdigit()):
        return _done(errors=[["count", _("must be a whole number from %(low)s to %(high)s",
                                         low=1, high=8)]])
    names = [n for n in (form.get("names") or "").split(",") if n.strip()]
    return _run(lambda: venue().set_divisions(current_actor(), int(raw), names,
                                              int(seed_raw) if seed_raw else None),
                lambda r: _("%(n)s divisions set.", n=len(r)) if r
                else _("The event has one division."))


@bp.post("/users")
@requires("event.admin")
def create_user():
    f = request.form
    return _run(lambda: venue().create_user(current_actor(), f.get("username", ""),
                                            f.get("password", ""), f.get("role", ""),
                                            f.get("display_name", "")),
                lambda _r: _("User created."))


@bp.post("/join-codes")
@requires("event.admin")
def create_join_code():
    f = request.form
    raw_field = (f.get("field") or "").strip()
    if raw_field and not raw_field.isdigit():
        return _done(errors=[["field", _("must be a field number")]])
    return _run(lambda: venue().create_join_code(current_actor(), f.get("role", ""),
                                                 int(raw_field) if raw_field else None,
                                                 f.get("station") or None, f.get("label", "")),
                lambda _r: _("Join code created; scan its QR code on the tablet."))

