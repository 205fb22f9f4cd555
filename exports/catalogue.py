"""Every export the server offers, in one list: ``zharys export <name>`` and the admin's
exports page are both built from it, so the two never differ.

An export reads the event through ``tournament`` and returns an ``Output`` (file name, media
type, bytes); ``progress(done, total)`` hears how far a long batch has come.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tournament.errors import ValidationError

from . import charts, results, schedules, sheets
from .badges import badge_sheets_pdf, lanyard_cards_pdf
from .certificates import certificates_pdf, certificates_zip
from .documents import (
    BADGE_GROUPS,
    Links,
    badges,
    cover_sheets,
    olympiad_documents,
    parse_people,
    pick_lang,
    team_certificates,
)
from .olympiad import cover_sheets_pdf, olympiad_documents_pdf, olympiad_documents_zip
from .pdf import Progress

PDF, ZIP, CSV, JSON, PNG = ("application/pdf", "application/zip", "text/csv",
                            "application/json", "image/png")
LANG_CHOICES = ("", "kk", "ru", "en")


@dataclass(frozen=True)
class Option:
    name: str
    help: str
    choices: tuple[str, ...] | None = None  # None: free text
    default: str = ""


@dataclass(frozen=True)
class Output:
    filename: str
    mimetype: str
    data: bytes


@dataclass(frozen=True)
class Export:
    name: str
    title: str  # English; the web layer translates it
    group: str  # "documents", "schedules", "data", "charts"
    run: Callable[[Any, Links, dict[str, str], Progress | None], Output]
    options: tuple[Option, ...] = field(default_factory=tuple)
    needs: str | None = "event"  # what the server must run: event, ftc, fll, olympiad, None


def _choice(options: dict[str, str], option: Option) -> str:
    value = (options.get(option.name) or option.default or "").strip()
    if option.choices is not None and value not in option.choices:
        allowed = ", ".join(c or "(default)" for c in option.choices)
        raise ValidationError([(option.name, f"{value!r} is not one of {allowed}")])
    return value


LANG = Option("lang", "document language (default: the event's or each participant's)",
              LANG_CHOICES)
FORMAT = Option("format", "one PDF in print order, or a ZIP of one PDF per person",
                ("pdf", "zip"), "pdf")


def _certificates(venue, links, options, progress) -> Output:
    kind = options.get("kind") or "all"
    docs, names, style = team_certificates(venue, links, kind=kind,
                                           lang=options.get("lang") or None)
    if options.get("format") == "zip":
        return Output(f"certificates-{kind}.zip", ZIP,
                      certificates_zip(docs, names, style, progress=progress))
    return Output(f"certificates-{kind}.pdf", PDF,
                  certificates_pdf(docs, style, progress=progress))


def _diplomas(venue, links, options, progress) -> Output:
    subject, which = options.get("subject") or None, options.get("which") or "all"
    docs, style = olympiad_documents(venue, links, subject=subject, which=which,
                                     lang=options.get("lang") or None)
    name = f"olympiad-{subject or 'all'}-{which}"
    if options.get("format") == "zip":
        return Output(name + ".zip", ZIP, olympiad_documents_zip(docs, style, progress=progress))
    return Output(name + ".pdf", PDF, olympiad_documents_pdf(docs, style, progress=progress))


def _cover_sheets(venue, links, options, progress) -> Output:
    subject, raw = options.get("subject") or None, options.get("round") or ""
    try:
        round_number = int(raw) if raw else None
    except ValueError:
        raise ValidationError([("round", f"{raw!r} is not a round number")]) from None
    pages = cover_sheets(venue, subject=subject, round_number=round_number)
    name = f"cover-sheets-{subject or 'all'}" + (f"-r{round_number}" if round_number else "")
    return Output(name + ".pdf", PDF, cover_sheets_pdf(pages, progress=progress))


def _badges(venue, links, options, progress) -> Output:
    groups = tuple(g.strip() for g in (options.get("groups") or "teams").split(",") if g.strip())
    people = parse_people(options["people"]) if options.get("people") else None
    cards, style = badges(venue, links, groups=groups, lang=options.get("lang") or None,
                          people=people)
    layout = options.get("layout") or "sheet"
    render = lanyard_cards_pdf if layout == "lanyard" else badge_sheets_pdf
    return Output(f"badges-{'-'.join(groups)}-{layout}.pdf", PDF,
                  render(cards, style, progress=progress))


def _text(filename: str, mimetype: str, text: str) -> Output:
    return Output(filename, mimetype, text.encode("utf-8"))


def _json(filename: str, data: Any) -> Output:
    return Output(filename, JSON, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def _division(options: dict[str, str]) -> str | None:
    return options.get("division") or None


def _backup(venue, links, options, progress) -> Output:
    from tournament.accounts import Actor

    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    code = venue.event_info()["code"] if venue.has_event() else "olympiad"
    return Output(f"zharys-backup-{code}-{stamp}.json.gz", "application/gzip",
                  venue.backup(Actor.system()))


def _score_sheets(venue, links, options, progress) -> Output:
    lang, which = _event_lang(venue, options), options.get("matches") or "unplayed"
    if which == "blank":
        info = venue.event_info()
        data = sheets.blank_score_sheets_pdf(info["season_id"], lang, event_name=info["name"],
                                             progress=progress)
    else:
        data = sheets.venue_score_sheets_pdf(venue, lang, which, progress=progress)
    return _pdf(f"score-sheets-{which}.pdf", data)


DIVISION = Option("division", "one division's code (default: all)")
SUBJECT = Option("subject", "one subject's code (default: every subject)")
ONE_SUBJECT = Option("subject", "the subject's code")
PAGE_LANG = Option("lang", "language of the page (default: the event's)", LANG_CHOICES)


def _event_lang(venue, options: dict[str, str]) -> str:
    return pick_lang(options.get("lang"),
                     venue.event_info()["language"] if venue.has_event() else None)


def _team_numbers(options: dict[str, str]) -> list[int] | None:
    text = (options.get("teams") or "").replace(";", ",")
    if not text.strip():
        return None
    numbers = []
    for part in text.split(","):
        try:
            numbers.append(int(part.strip()))
        except ValueError:
            raise ValidationError([("teams", f"{part.strip()!r} is not a team number")]) from None
    return numbers


def _olympiad_lang(venue, options: dict[str, str]) -> str:
    return pick_lang(options.get("lang"), venue.olympiad.info()["language"])


def _required(options: dict[str, str], name: str) -> str:
    if not options.get(name):
        raise ValidationError([(name, "is required")])
    return options[name]


def _team(options: dict[str, str]) -> int:
    try:
        return int(_required(options, "team"))
    except ValueError:
        raise ValidationError([("team", f"{options['team']!r} is not a team number")]) from None


def _pdf(filename: str, data: bytes) -> Output:
    return Output(filename, PDF, data)


EXPORTS: dict[str, Export] = {e.name: e for e in (
    Export("certificates", "Team certificates (awards and participation)", "documents",
           _certificates, (Option("kind", "which certificates", ("all", "awards",
                                                                 "participation"), "all"),
                           LANG, FORMAT)),
    Export("diplomas", "Olympiad diplomas and certificates", "documents", _diplomas,
           (SUBJECT,
            Option("which", "medals and mentions, participation, or both",
                   ("all", "diplomas", "certificates"), "all"), LANG, FORMAT),
           needs="olympiad"),
    Export("cover-sheets", "Blind-marking cover sheets", "documents", _cover_sheets,
           (SUBJECT,
            Option("round", "one round's number (default: every round)")),
           needs="olympiad"),
    Export("badges", "QR badges", "documents", _badges,
           (Option("groups", f"comma-separated: {', '.join(BADGE_GROUPS)}", None, "teams"),
            Option("layout", "A4 sheets of ten with cut marks, or one A6 lanyard card a page",
                   ("sheet", "lanyard"), "sheet"),
            LANG,
            Option("people", "volunteers as CSV text: name,role,organisation")),
           needs=None),
    Export("qualification-schedule", "Qualification schedule", "schedules",
           lambda v, links, o, p: _pdf("qualification-schedule.pdf",
                                       schedules.qualification_schedule_pdf(
                                           v, _event_lang(v, o), _division(o))),
           (PAGE_LANG, DIVISION)),
    Export("playoff-schedule", "Playoff schedule", "schedules",
           lambda v, links, o, p: _pdf("playoff-schedule.pdf", schedules.playoff_schedule_pdf(
               v, _event_lang(v, o), _division(o))), (PAGE_LANG, DIVISION),
           needs="ftc"),
    Export("team-schedules", "Schedules per team", "schedules",
           lambda v, links, o, p: _pdf("team-schedules.pdf", schedules.team_schedules_pdf(
               v, _event_lang(v, o), _team_numbers(o), progress=p)),
           (PAGE_LANG, Option("teams", "comma-separated team numbers (default: every team)"))),
    Export("field-schedules", "Schedules per field or table", "schedules",
           lambda v, links, o, p: _pdf("field-schedules.pdf", schedules.field_schedules_pdf(
               v, _event_lang(v, o), progress=p)), (PAGE_LANG,)),
    Export("judging-schedules", "Schedules per judging room", "schedules",
           lambda v, links, o, p: _pdf("judging-schedules.pdf",
                                       schedules.judging_room_schedules_pdf(
                                           v, _event_lang(v, o), progress=p)), (PAGE_LANG,),
           needs="fll"),
    Export("rankings-pdf", "Rankings (PDF)", "schedules",
           lambda v, links, o, p: _pdf("rankings.pdf", schedules.rankings_pdf(
               v, _event_lang(v, o), _division(o))), (PAGE_LANG, DIVISION)),
    Export("awards-script", "Awards ceremony script", "schedules",
           lambda v, links, o, p: _pdf("awards-script.pdf", schedules.awards_script_pdf(
               v, _event_lang(v, o))), (PAGE_LANG,),
           needs="fll"),
    Export("score-sheets", "Blank score sheets", "schedules", _score_sheets,
           (PAGE_LANG, Option("matches", "pre-filled for the unplayed or all matches, or blank",
                              ("unplayed", "all", "blank"), "unplayed"))),
    Export("result-sheets", "Match result sheets", "schedules",
           lambda v, links, o, p: _pdf("result-sheets.pdf", sheets.match_result_sheets_pdf(
               v, _event_lang(v, o), progress=p)), (PAGE_LANG,)),
    Export("subject-chart", "Score distribution of a subject (PNG)", "charts",
           lambda v, links, o, p: Output(f"distribution-{o['subject']}.png", PNG,
                                         charts.distribution_png(charts.subject_distribution(
                                             v, _required(o, "subject"), _olympiad_lang(v, o)),
                                             _olympiad_lang(v, o))),
           (ONE_SUBJECT, PAGE_LANG),
           needs="olympiad"),
    Export("subject-report", "Subject report with chart (PDF)", "charts",
           lambda v, links, o, p: _pdf(f"subject-report-{o['subject']}.pdf",
                                       charts.olympiad_subject_report_pdf(
                                           v, _required(o, "subject"), _olympiad_lang(v, o))),
           (ONE_SUBJECT, PAGE_LANG),
           needs="olympiad"),
    Export("team-chart", "A team's scores across matches (PNG)", "charts",
           lambda v, links, o, p: Output(f"team-{o['team']}.png", PNG, charts.team_scores_png(
               charts.team_scores(v, _team(o)), _event_lang(v, o))),
           (Option("team", "the team's number"), PAGE_LANG)),
    Export("rounds-chart", "The event's scores by round (PNG)", "charts",
           lambda v, links, o, p: Output("scores-by-round.png", PNG, charts.event_rounds_png(
               charts.event_rounds(v), _event_lang(v, o))), (PAGE_LANG,)),
    Export("scores-report", "Scores report with charts (PDF)", "charts",
           lambda v, links, o, p: _pdf("scores-report.pdf", charts.event_scores_report_pdf(
               v, _event_lang(v, o), progress=p)), (PAGE_LANG,)),
    Export("results-csv", "Match results (CSV)", "data",
           lambda v, links, o, p: _text("results.csv", CSV, results.results_csv(
               v, _division(o))), (DIVISION,),
           needs="ftc"),
    Export("rankings-csv", "Rankings (CSV)", "data",
           lambda v, links, o, p: _text("rankings.csv", CSV, results.rankings_csv(
               v, _division(o))), (DIVISION,)),
    Export("robot-game-csv", "Robot game scores (CSV)", "data",
           lambda v, links, o, p: _text("robot-game.csv", CSV, results.robot_game_csv(v)),
           needs="fll"),
    Export("olympiad-csv", "Olympiad results (CSV)", "data",
           lambda v, links, o, p: _text("olympiad-results.csv", CSV,
                                        results.olympiad_results_csv(v, o.get("subject") or None)),
           (SUBJECT,),
           needs="olympiad"),
    Export("ftc-json", "Matches, scores and rankings (FTC Events API JSON)", "data",
           lambda v, links, o, p: _json("ftc-event.json", results.ftc_event_json(
               v, _division(o))), (DIVISION,),
           needs="ftc"),
    Export("backup", "Whole-event backup", "backup", _backup,
           needs=None),
)}


def checked(name: str, options: dict[str, str] | None = None
            ) -> tuple[Export, dict[str, str]]:
    """The export ``name`` and its options, every one known and within its choices (the
    defaults filled in); a ``ValidationError`` naming the option otherwise."""
    export = EXPORTS.get(name)
    if export is None:
        raise ValidationError([("export", f"unknown export {name!r} (one of "
                                          f"{', '.join(EXPORTS)})")])
    options = dict(options or {})
    unknown = sorted(set(options) - {o.name for o in export.options})
    if unknown:
        raise ValidationError([(u, f"{name} has no option {u!r}") for u in unknown])
    return export, {o.name: _choice(options, o) for o in export.options}


def run_export(name: str, venue, links: Links, options: dict[str, str] | None = None,
               progress: Progress | None = None) -> Output:
    """Run the export ``name`` with ``options`` (checked against its choices first)."""
    export, clean = checked(name, options)
    return export.run(venue, links, clean, progress)


def offered(venue) -> list[dict[str, Any]]:
    """The exports that apply to what this server runs (an FTC or FLL event, an olympiad)."""
    has_event = venue.has_event()
    fll = has_event and venue.season().judging is not None
    runs = {None: True, "event": has_event, "olympiad": venue.olympiad.exists(),
            "ftc": has_event and not fll, "fll": fll}
    return [e for e in describe() if runs[e["needs"]]]


def describe() -> list[dict[str, Any]]:
    """The list for the admin page and ``zharys export --list``."""
    return [{"name": e.name, "title": e.title, "group": e.group, "needs": e.needs,
             "options": [{"name": o.name, "help": o.help, "choices": o.choices,
                          "default": o.default} for o in e.options]}
            for e in EXPORTS.values()]

