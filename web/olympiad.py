"""The olympiad (IZhO style): the public results board and its control, the jury's blind
marking pages, appeals, the leaders' page, the organiser's page and the documents.

Each view checks access and calls ``venue().olympiad`` (``tournament.olympiad.OlympiadDesk``);
service errors become JSON through the app's error handler. Jury pages and payloads carry work
codes only: never a participant's name, number or school.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, request, url_for

from tournament.errors import NotFound, ValidationError

from .auth import current_actor, requires, sign_in, venue
from .links import WebLinks, external_url
from .render import attachment, json_body, render_page

bp = Blueprint("olympiad", __name__)

DOCUMENT_KINDS = ("all", "diplomas", "certificates")


def desk():
    return venue().olympiad


def _int(value: Any, where: str) -> int:
    """A whole number from JSON or a form ("3" → 3), else a ValidationError naming ``where``."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValidationError([(where, "a whole number")])


# -- public pages --------------------------------------------------------------------------
@bp.get("/olympiad")
def home():
    return render_page("olympiad_home.html", {"kind": "olympiad"}, info=desk().info())


@bp.get("/olympiad/results")
def results():
    board = desk().board_state()
    view = "schools" if request.args.get("view") == "schools" else "subject"
    subject = request.args.get("subject") or None
    codes = [s["code"] for s in board["subjects"]]
    if view == "subject" and subject not in codes:
        if subject is not None:
            raise NotFound(f"no subject {subject!r} in this olympiad; subjects: "
                           + ", ".join(codes))
        subject = codes[0] if codes else None
    target = "schools" if view == "schools" else subject
    return render_page("olympiad_results.html",
                       {"kind": "olympiad-results", "view": view, "subject": subject,
                        "target": target, "board": board},
                       board=board, view=view, subject=subject)


@bp.get("/olympiad/verify/<token>")
def verify(token: str):
    try:
        doc = desk().verify(token)
    except NotFound:
        return render_page("olympiad_verify.html", {"kind": "olympiad-verify"}, doc=None), 404
    return render_page("olympiad_verify.html", {"kind": "olympiad-verify"}, doc=doc)


# -- the board's control -------------------------------------------------------------------
@bp.get("/olympiad/control")
@requires("olympiad.board")
def control():
    board = desk().board_state()
    return render_page("olympiad_control.html", {"kind": "olympiad-control", "board": board},
                       board=board)


# -- the jury ------------------------------------------------------------------------------
@bp.get("/jury")
@requires("olympiad.mark")
def jury():
    return render_page("olympiad_jury.html", {"kind": "jury"},
                       problems=desk().jury_problems(current_actor()))


@bp.get("/jury/problem/<int:problem_id>")
@requires("olympiad.mark")
def jury_problem(problem_id: int):
    data = desk().jury_problem(current_actor(), problem_id)
    return render_page("olympiad_jury_problem.html",
                       {"kind": "jury-problem", "problem": data["problem"],
                        "works": data["works"], "chief": data["chief"]},
                       problem=data["problem"])


@bp.get("/jury/appeals")
@requires("olympiad.appeal.decide")
def jury_appeals():
    return render_page("olympiad_appeals.html", {"kind": "jury-appeals"},
                       appeals=desk().appeals(current_actor()))


# -- leaders -------------------------------------------------------------------------------
@bp.get("/olympiad/leader/<token>")
def leader_sign_in(token: str):
    """A leader's link (sent by the organiser) signs this device in for the leader's school."""
    who = desk().leader(token)
    sign_in(name=who["name"], role="leader", user_id=None,
            device=(request.headers.get("User-Agent") or "")[:60], school=who["school_id"])
    return redirect(url_for("olympiad.leader"))


@bp.get("/olympiad/leader")
@requires("olympiad.appeal.file")
def leader():
    data = desk().leader_view(current_actor())
    return render_page("olympiad_leader.html", {"kind": "olympiad-leader"}, data=data)


# -- the organiser -------------------------------------------------------------------------
@bp.get("/olympiad/admin")
@requires("olympiad.admin")
def admin():
    """The organiser's page: it shows several things at once, each from its own service."""
    actor = current_actor()
    d = desk()
    info = d.info()
    previews = {s["code"]: d.medal_preview(actor, s["code"]) for s in info["subjects"]}
    schools = d.schools(actor)
    for school in schools:
        for person in school["leaders"]:
            person["url"] = external_url("olympiad.leader_sign_in", token=person["token"])
    return render_page("olympiad_admin.html", {"kind": "olympiad-admin"}, info=info,
                       participants=d.participants(actor), previews=previews, schools=schools)


@bp.get("/olympiad/admin/documents.<any(pdf, zip):fmt>")
@requires("olympiad.admin")
def documents(fmt: str):
    """The diplomas and certificates right away (the exports page runs big batches in the
    background with a progress bar)."""
    from exports.catalogue import run_export

    options = {"subject": request.args.get("subject") or "",
               "which": request.args.get("which") or "all",
               "lang": request.args.get("lang") or "", "format": fmt}
    out = run_export("diplomas", venue(), WebLinks(), options)
    return attachment(out.data, out.mimetype, out.filename)


@bp.get("/olympiad/admin/cover-sheets.pdf")
@requires("olympiad.admin")
def cover_sheets():
    from exports.catalogue import run_export

    out = run_export("cover-sheets", venue(), WebLinks(), {
        "subject": request.args.get("subject") or "", "round": request.args.get("round") or ""})
    return attachment(out.data, out.mimetype, out.filename)


# -- JSON: public --------------------------------------------------------------------------
@bp.get("/api/olympiad")
def api_info():
    return jsonify(desk().info())


@bp.get("/api/olympiad/results")
def api_results():
    subject = request.args.get("subject")
    if not subject:
        raise ValidationError([("subject", "which subject? ?subject=<code>")])
    return jsonify(desk().results(subject))


@bp.get("/api/olympiad/rating")
def api_rating():
    return jsonify(desk().rating())


@bp.get("/api/olympiad/board")
def api_board():
    return jsonify(desk().board_state())


@bp.get("/api/olympiad/verify/<token>")
def api_verify(token: str):
    return jsonify(desk().verify(token))


# -- JSON: the board -----------------------------------------------------------------------
@bp.post("/api/olympiad/freeze")
@requires("olympiad.board")
def api_freeze():
    return jsonify(desk().freeze(current_actor(), bool(json_body().get("frozen"))))


@bp.post("/api/olympiad/ceremony")
@requires("olympiad.board")
def api_ceremony():
    body = json_body()
    return jsonify(desk().ceremony(current_actor(), str(body.get("command") or ""),
                                   body.get("target") or None))


# -- JSON: the jury ------------------------------------------------------------------------
@bp.get("/api/jury/problems")
@requires("olympiad.mark")
def api_jury_problems():
    return jsonify(problems=desk().jury_problems(current_actor()))


@bp.get("/api/jury/problems/<int:problem_id>")
@requires("olympiad.mark")
def api_jury_problem(problem_id: int):
    return jsonify(desk().jury_problem(current_actor(), problem_id))


@bp.post("/api/jury/problems/<int:problem_id>/marks")
@requires("olympiad.mark")
def api_mark(problem_id: int):
    body = json_body()
    return jsonify(desk().enter_mark(current_actor(), problem_id, body.get("code"),
                                     body.get("mark")))


@bp.post("/api/jury/problems/<int:problem_id>/agreed")
@requires("olympiad.mark")
def api_agreed(problem_id: int):
    body = json_body()
    return jsonify(desk().resolve(current_actor(), problem_id, body.get("code"),
                                  body.get("mark"), str(body.get("note") or "")))


# -- JSON: appeals -------------------------------------------------------------------------
@bp.get("/api/olympiad/appeals")
def api_appeals():
    return jsonify(appeals=desk().appeals(current_actor()))


@bp.post("/api/olympiad/appeals")
@requires("olympiad.appeal.file")
def api_file_appeal():
    body = json_body()
    return jsonify(desk().file_appeal(current_actor(), str(body.get("participant") or ""),
                                      _int(body.get("problem_id"), "problem"),
                                      str(body.get("reason") or ""))), 201


@bp.post("/api/olympiad/appeals/<int:appeal_id>/decision")
@requires("olympiad.appeal.decide")
def api_decide_appeal(appeal_id: int):
    body = json_body()
    accept = body.get("accept")
    if isinstance(accept, str):
        accept = accept.lower() in ("1", "true", "yes", "accept")
    return jsonify(desk().decide_appeal(current_actor(), appeal_id, bool(accept),
                                        body.get("mark"), str(body.get("reason") or "")))


# -- JSON: the organiser -------------------------------------------------------------------
def _csv_text() -> str:
    """A CSV sent as JSON ``{"csv": text}``, as an uploaded file, or as the raw body."""
    if request.is_json:
        body = json_body()
        text = body.get("csv")
        if not isinstance(text, str):
            raise ValidationError([("csv", "send the CSV text as csv")])
        return text
    upload = request.files.get("file")
    if upload is not None:
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError([("file", "save the CSV as UTF-8")]) from exc
    if request.form.get("csv"):
        return request.form["csv"]
    try:
        return request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError([("file", "save the CSV as UTF-8")]) from exc


@bp.get("/api/olympiad/participants")
@requires("olympiad.admin")
def api_participants():
    return jsonify(participants=desk().participants(current_actor()))


@bp.post("/api/olympiad/participants")
@requires("olympiad.admin")
def api_import_participants():
    return jsonify(desk().import_participants(current_actor(), _csv_text()))


@bp.post("/api/olympiad/problems/<int:problem_id>")
@requires("olympiad.admin")
def api_set_problem(problem_id: int):
    body = json_body()
    return jsonify(desk().set_problem(current_actor(), problem_id,
                                      max_points=body.get("max") if body.get("max") != ""
                                      else None,
                                      tolerance=body.get("tolerance")
                                      if body.get("tolerance") != "" else None,
                                      chief=body.get("chief")))


@bp.post("/api/olympiad/subjects/<code>/contest")
@requires("olympiad.admin")
def api_contest(code: str):
    return jsonify(desk().import_contest_results(current_actor(), code, _csv_text()))


@bp.post("/api/olympiad/subjects/<code>/provisional")
@requires("olympiad.admin")
def api_provisional(code: str):
    body = json_body()
    return jsonify(desk().publish_provisional(current_actor(), code, body.get("hours"),
                                              force=bool(body.get("force"))))


@bp.get("/api/olympiad/subjects/<code>/medals")
@requires("olympiad.admin")
def api_medal_preview(code: str):
    return jsonify(desk().medal_preview(current_actor(), code))


@bp.post("/api/olympiad/subjects/<code>/medals")
@requires("olympiad.admin")
def api_set_medals(code: str):
    body = json_body()
    hm: Any = False
    if "hm" in body:
        hm = body["hm"] or None
    return jsonify(desk().set_medals(current_actor(), code, str(body.get("policy") or ""),
                                     cutoffs=body.get("cutoffs"), hm=hm))


@bp.post("/api/olympiad/rating")
@requires("olympiad.admin")
def api_set_rating():
    body = json_body()
    return jsonify(desk().set_rating(current_actor(), str(body.get("basis") or ""),
                                     body.get("places")))


@bp.get("/api/olympiad/schools")
@requires("olympiad.admin")
def api_schools():
    schools = desk().schools(current_actor())
    for school in schools:
        for person in school["leaders"]:
            person["url"] = external_url("olympiad.leader_sign_in", token=person["token"])
    return jsonify(schools=schools)

