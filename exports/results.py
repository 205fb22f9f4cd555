"""Results out after the event: CSV for spreadsheets and JSON shaped like the FTC Events API.

CSV files are text for Excel as much as for scripts: UTF-8 with a byte-order mark (so Excel on
Windows reads Kazakh letters), comma separated, ``\\r\\n`` line ends, a header of English column
ids, numbers left as numbers, and text that a spreadsheet would run as a formula defused with
a leading ``'``.

JSON follows the FTC Events API v2.0 responses (``/v2.0/{season}/matches/{eventCode}``,
``/scores/{eventCode}/{level}``, ``/rankings/{eventCode}``) so that tools written for FIRST's
API can read a Zharys event. Field names were checked against public API clients (the
ftc-scout server's API types and the generated ``ftc_events_client`` models); where a name or
meaning could not be confirmed, the code says so.

Everything is read through the venue's services: the matches with when each started and was
committed and the referees' sheets from ``Venue.match_records``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import scoring
from tournament.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from tournament.venue import Venue

BOM = "\ufeff"
LEVELS = ("qual", "playoff")  # what results cover; practice matches are left out
FTC_LEVELS = {"qual": "QUALIFICATION", "playoff": "PLAYOFF"}
SORT_ORDERS = 6  # sortOrder1 … sortOrder6 in the API's rankings

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SEASON_YEAR = re.compile(r"(?:^|-)(\d{4})(?:-|$)")


# -- CSV plumbing ---------------------------------------------------------------------------
def safe_cell(value: Any) -> Any:
    """A value as a CSV cell: None → empty, numbers stay numbers (whole floats as ints),
    text that would start a formula gets a leading ``'`` unless it is a plain number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text (BOM first, ``\\r\\n`` line ends) of a header and rows of cells."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return BOM + buffer.getvalue()


def _number(value: float) -> int | float:
    """37.0 → 37; other floats lose only binary noise (0.1 + 0.2 → 0.3)."""
    if isinstance(value, int):
        return value
    if float(value).is_integer():
        return int(value)
    return round(value, 6)


def _key_value(value: float) -> int | float:
    """A ranking key (an average) to two decimals, as FTC publishes them."""
    return _number(round(float(value), 2))


# -- checks -----------------------------------------------------------------------------------
def _season(venue: Venue) -> scoring.Season:
    return venue.season()  # NotFound when there is no event


def _alliance_season(venue: Venue, what: str) -> scoring.Season:
    season = _season(venue)
    if season.game != "alliance":
        raise NotFound(f"{what}: this event plays {season.id}, a robot game without "
                       "alliances; export its results with robot_game_csv")
    return season


def _check_division(venue: Venue, division: str | None) -> bool:
    """Whether the event has divisions; NotFound naming the known ones for a wrong code."""
    codes = [d["code"] for d in venue.divisions()]
    if division is not None:
        if not codes:
            raise NotFound(f"this event has no divisions (asked for division {division!r})")
        if division not in codes:
            raise NotFound(f"there is no division {division!r}; divisions: {', '.join(codes)}")
    return bool(codes)


def _results_matches(venue: Venue, division: str | None,
                     levels: Sequence[str] = LEVELS) -> list[dict[str, Any]]:
    """The schedule's matches with their details (``Venue.match_records``), one read."""
    return [m for m in venue.match_records() if m["level"] in levels
            and (division is None or m["division"] == division)]


# -- details beyond the schedule -----------------------------------------------------------
@dataclass(frozen=True)
class _Detail:
    started_at: datetime | None
    committed_at: datetime | None
    red: dict[str, Any]  # the committed breakdowns ({} before a commit)
    blue: dict[str, Any]
    sheets: dict[str, dict[str, Any]]  # alliance -> the referees' current sheet


def _match_details(matches: list[dict[str, Any]]) -> dict[int, _Detail]:
    """Match id → start and commit times, breakdowns and sheets."""
    return {m["id"]: _Detail(started_at=m["started_at"], committed_at=m["committed_at"],
                             red=(m["breakdowns"] or {}).get("red", {}),
                             blue=(m["breakdowns"] or {}).get("blue", {}),
                             sheets=m["sheets"])
            for m in matches}


def _utc(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with its offset."""
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds") if moment else None


def _part(breakdown: dict[str, Any], part: str) -> int | None:
    return breakdown.get("parts", {}).get(part)


# -- match results ----------------------------------------------------------------------------
def results_csv(venue: Venue, division: str | None = None) -> str:
    """Every qualification and playoff match (of one division, or all) in playing order:
    teams, both scores, each breakdown part of the season and the winner; unplayed matches
    have empty scores."""
    season = _alliance_season(venue, "match results")
    _check_division(venue, division)
    matches = _results_matches(venue, division)
    details = _match_details(matches)
    width = max([season.alliance_size] + [len(m[c]) for m in matches for c in ("red", "blue")])
    parts = [p for p, _ in season.parts]
    header = (["level", "match", "division", "field", "scheduled", "status"]
              + [f"red{i}" for i in range(1, width + 1)]
              + [f"blue{i}" for i in range(1, width + 1)]
              + ["red_score", "blue_score"]
              + [f"red_{p}" for p in parts] + [f"blue_{p}" for p in parts]
              + ["red_dq", "blue_dq", "winner"])
    rows = []
    for m in matches:
        result = m["result"]
        detail = details.get(m["id"])
        row = [m["level"], m["label"], m["division"], m["field"], m["scheduled_at"],
               m["status"]]
        for color in ("red", "blue"):
            numbers = [s["number"] for s in m[color]]
            row += numbers + [None] * (width - len(numbers))
        if result is None or detail is None:
            row += [None] * (2 + 2 * len(parts) + 3)
        else:
            row += [result["red_score"], result["blue_score"]]
            row += [_part(detail.red, p) for p in parts] + [_part(detail.blue, p) for p in parts]
            row += [" ".join(str(s["number"]) for s in m[c] if s["disqualified"]) or None
                    for c in ("red", "blue")]
            row.append(result["winner"])
        rows.append(row)
    return write_csv(header, rows)


# -- rankings ---------------------------------------------------------------------------------
def _key_columns(season: scoring.Season) -> list[tuple[str, Any]]:
    """(column id, how to read it from a ranking row) for each ranking key the venue ranks
    by: the averaged keys in order (its ``tiebreakers``), and the highest match score."""
    columns: list[tuple[str, Any]] = [("ranking_score", lambda r: r["ranking_score"])]
    mean = 0
    for key in season.ranking.keys:
        if key.agg == "mean":
            # No tie-breakers at all before a division's first match: 0 then.
            columns.append((key.id, lambda r, i=mean: (r["tiebreakers"] or [0] * (i + 1))[i]))
            mean += 1
        elif key.of == "total":
            columns.append((key.id, lambda r: r["highest_score"]))
    if not any(k.agg == "max" and k.of == "total" for k in season.ranking.keys):
        columns.append(("highest_score", lambda r: r["highest_score"]))
    return columns


def _ranking_rows(venue: Venue, division: str | None, what: str) -> tuple[scoring.Season,
                                                                           list[dict], bool]:
    season = _alliance_season(venue, what)
    divided = _check_division(venue, division)
    return season, venue.rankings(division), divided


def rankings_csv(venue: Venue, division: str | None = None) -> str:
    """The qualification rankings in rank order (of one division, or each in turn): rank,
    team, its ranking score and tie-breakers as the season defines them, the record."""
    season, rows, divided = _ranking_rows(venue, division, "rankings")
    keys = _key_columns(season)
    header = ((["division"] if divided else [])
              + ["rank", "team", "name", "organization", "city", "country"]
              + [k for k, _ in keys]
              + ["wins", "losses", "ties", "played", "dq"])
    out = []
    for r in rows:
        team = r["team"]
        line = [r["division"]] if divided else []
        line += [r["rank"], team["number"], team["name"], team["organization"], team["city"],
                 team["country"]]
        line += [_key_value(read(r)) for _, read in keys]
        line += [r["wins"], r["losses"], r["ties"], r["played"], r["disqualifications"]]
        out.append(line)
    return write_csv(header, out)


# -- FLL robot game ------------------------------------------------------------------------------
def robot_game_csv(venue: Venue) -> str:
    """The robot-game rankings (FLL): rank, team, each ranked round's score, best score."""
    season = _season(venue)
    if season.game != "team":
        raise NotFound(f"robot game: this event plays {season.id}, an alliance game; "
                       "export its results with results_csv and rankings_csv")
    board = venue.fll.scoreboard()
    rounds = board["rounds"]
    header = (["rank", "team", "name", "organization", "city", "country"]
              + [f"round{i}" for i in range(1, rounds + 1)] + ["best"])
    rows = []
    for r in board["rankings"]:
        team = r["team"]
        scores = list(r["scores"]) + [None] * (rounds - len(r["scores"]))
        rows.append([r["rank"], team["number"], team["name"], team["organization"],
                     team["city"], team["country"], *scores[:rounds], r["best"]])
    return write_csv(header, rows)


# -- olympiad -----------------------------------------------------------------------------------
def olympiad_results_csv(venue: Venue, subject: str | None = None) -> str:
    """The olympiad's full results (the organiser's, not the public board's): per subject in
    place order, each problem's final mark, total and award. Without ``subject``, every
    subject in turn; problem columns are the union of the subjects' problem labels."""
    desk = venue.olympiad
    if not desk.exists():
        raise NotFound("olympiad results: there is no olympiad at this venue")
    codes = [s["code"] for s in desk.info()["subjects"]]
    if subject is not None and subject not in codes:
        raise NotFound(f"olympiad results: no subject {subject!r}; subjects: "
                       + ", ".join(codes))
    boards = [desk.results(code, public=False) for code in
              ([subject] if subject is not None else codes)]
    labels: list[str] = []
    for board in boards:
        labels += [label for label in board["problems"] if label not in labels]
    header = (["subject", "place", "number", "name", "school", "city", "country", "grade"]
              + labels + ["total", "max_total", "award"])
    rows = []
    for board in boards:
        column = {label: i for i, label in enumerate(board["problems"])}
        for r in board["rows"]:
            marks = r["marks"] or []
            by_label = [marks[column[label]] if label in column and column[label] < len(marks)
                        else None for label in labels]
            grade = r["grade"]
            if isinstance(grade, str) and grade.strip().isdigit():
                grade = int(grade)
            rows.append([board["code"], r["place"], r["number"], r["name"], r["school"],
                         r["city"], r["country"], grade, *by_label, r["total"],
                         board["max_total"], r["award"]])
    return write_csv(header, rows)


# -- FTC Events API shapes ------------------------------------------------------------------------
def _series(matches: list[dict[str, Any]]) -> dict[tuple[str | None, str], int]:
    """(division, bracket key) → the playoff series number: "M5" is series 5; keys without a
    number (finals "F", "F1", "F2", third place "T") follow the last numbered one in playing
    order."""
    out: dict[tuple[str | None, str], int] = {}
    top: dict[str | None, int] = {}
    for m in matches:
        key = m["bracket_key"] or m["label"]
        if key[1:].isdigit() and key[0] == "M":
            top[m["division"]] = max(top.get(m["division"], 0), int(key[1:]))
    for m in matches:
        key = m["bracket_key"] or m["label"]
        if (m["division"], key) in out:
            continue
        if key[0] == "M" and key[1:].isdigit():
            out[(m["division"], key)] = int(key[1:])
        else:
            top[m["division"]] = top.get(m["division"], 0) + 1
            out[(m["division"], key)] = top[m["division"]]
    return out


def _description(m: dict[str, Any]) -> str:
    if m["level"] == "qual":
        return f"Qualification {m['number']}"
    key = m["bracket_key"] or m["label"]
    names = {"F": "Final", "F1": "Final 1", "F2": "Final 2", "T": "Third place"}
    text = names.get(key) or (f"Match {key[1:]}" if key[0] == "M" else key)
    return text if m["game"] == 1 else f"{text} (game {m['game']})"


def _placing(m: dict[str, Any], series: dict) -> tuple[int, int]:
    """(series, matchNumber): qualification matches are series 0 with their number; a
    playoff game is its bracket match's series and the game's number within it."""
    if m["level"] == "qual":
        return 0, m["number"]
    return series[(m["division"], m["bracket_key"] or m["label"])], m["game"]


def _played(venue: Venue, division: str | None, levels: Sequence[str]) -> list[dict[str, Any]]:
    return [m for m in _results_matches(venue, division, levels) if m["result"] is not None]


def ftc_matches_json(venue: Venue, division: str | None = None) -> dict[str, Any]:
    """``{"matches": [...]}`` like ``GET /v2.0/{season}/matches/{eventCode}``: committed
    qualification and playoff matches (the API lists played matches only)."""
    _alliance_season(venue, "FTC matches")
    _check_division(venue, division)
    matches = _played(venue, division, LEVELS)
    details = _match_details(matches)
    series = _series([m for m in matches if m["level"] == "playoff"])
    out = []
    for m in matches:
        d = details[m["id"]]
        number_in_series = _placing(m, series)
        teams = [{"teamNumber": s["number"], "station": f"{c.title()}{s['station']}",
                  "surrogate": s["surrogate"],
                  # Zharys records no no-shows: null, as the API gives when unknown.
                  "noShow": None, "dq": s["disqualified"], "onField": True}
                 for c in ("red", "blue") for s in m[c]]
        out.append({
            "description": _description(m),
            "tournamentLevel": FTC_LEVELS[m["level"]],
            "series": number_in_series[0],
            "matchNumber": number_in_series[1],
            "startTime": m["scheduled_at"],  # event-local, as scheduled
            "actualStartTime": _utc(d.started_at),
            "postResultTime": _utc(d.committed_at),
            "scoreRedFinal": m["result"]["red_score"],
            # Foul points: what the alliance received from the opponent's fouls.
            "scoreRedFoul": _part(d.red, "penalty"),
            "scoreRedAuto": _part(d.red, "auto"),
            "scoreBlueFinal": m["result"]["blue_score"],
            "scoreBlueFoul": _part(d.blue, "penalty"),
            "scoreBlueAuto": _part(d.blue, "auto"),
            "teams": teams,
            "modifiedOn": _utc(d.committed_at),
            **({"division": m["division"]} if m["division"] else {}),  # not in the API
        })
    return {"matches": out}


def _alliance_scores(season: scoring.Season, own: dict[str, Any], other: dict[str, Any],
                     sheet: dict[str, Any] | None, colour: str) -> dict[str, Any]:
    """One alliance of a match's ``alliances`` list: the season's inputs by their ids (the
    ITD season's ids are the API's), then the point summaries under both generations of
    the API's names."""
    entry: dict[str, Any] = {"alliance": colour,
                             # The API's ``team`` is for single-team (remote) events; a
                             # traditional event's alliance has none: 0 (not confirmed).
                             "team": 0}
    for field in season.inputs:
        entry[field.id] = None if sheet is None else sheet.get(field.id)
    auto, teleop, endgame = (_part(own, p) for p in ("auto", "teleop", "endgame"))
    committed = _part(other, "penalty")  # fouls this alliance committed score for the other
    entry.update({
        "autoPoints": auto,
        # 2022-23 names (confirmed in the PowerPlay score type): driver-controlled without the
        # end game, the end game, and penalties as points given away.
        "dcPoints": teleop,
        "endgamePoints": endgame,
        "penaltyPointsCommitted": committed,
        "prePenaltyTotal": own.get("np_total"),
        # 2024-25 names (confirmed in INTO THE DEEP clients); that season's teleopPoints is
        # taken to include park and ascent (its teleopParkPoints/teleopAscentPoints are
        # TeleOp figures) — an assumption, not confirmed in the API's documentation.
        "teleopPoints": None if teleop is None else teleop + (endgame or 0),
        "foulPointsCommitted": committed,
        "preFoulTotal": own.get("np_total"),
        "totalPoints": own.get("total"),
    })
    return entry


def _sheets_match(season: scoring.Season, detail: _Detail) -> bool:
    """Whether the sheets still give the committed scores (not after a replay was loaded
    or a sheet reopened and changed but not committed again)."""
    red, blue = detail.sheets.get("red"), detail.sheets.get("blue")
    if red is None or blue is None:
        return False
    try:
        outcome = season.score_match(red, blue)
    except scoring.ScoreSheetError:
        return False
    return (outcome.red.total, outcome.blue.total) == (detail.red.get("total"),
                                                       detail.blue.get("total"))


def ftc_scores_json(venue: Venue, level: str, division: str | None = None) -> dict[str, Any]:
    """``{"matchScores": [...]}`` like ``GET /v2.0/{season}/scores/{eventCode}/{level}``
    (``level`` "qual" or "playoff"): each committed match's two alliances with the
    season's inputs and point summaries. Inputs are null where the referees' sheets no
    longer give the committed score (a replay in progress)."""
    if level not in LEVELS:
        raise ValidationError([("level", f"must be qual or playoff, got {level!r}")])
    season = _alliance_season(venue, "FTC scores")
    _check_division(venue, division)
    matches = _played(venue, division, (level,))
    details = _match_details(matches)
    series = _series(matches) if level == "playoff" else {}
    out = []
    for m in matches:
        d = details[m["id"]]
        sheets = d.sheets if _sheets_match(season, d) else {}
        match_series, number = _placing(m, series)
        out.append({
            "matchLevel": FTC_LEVELS[level],
            "matchSeries": match_series,
            "matchNumber": number,
            # INTO THE DEEP has no randomisation; 0 stands for none (not confirmed).
            "randomization": 0,
            "alliances": [
                _alliance_scores(season, d.red, d.blue, sheets.get("red"), "Red"),
                _alliance_scores(season, d.blue, d.red, sheets.get("blue"), "Blue"),
            ],
        })
    return {"matchScores": out}


def ftc_rankings_json(venue: Venue, division: str | None = None) -> dict[str, Any]:
    """``{"rankings": [...]}`` like ``GET /v2.0/{season}/rankings/{eventCode}``, in the
    order of ``venue.rankings()``. sortOrder1 is the ranking score, then the season's
    ranking keys in order; unused sort orders are 0."""
    season, rows, divided = _ranking_rows(venue, division, "FTC rankings")
    keys = _key_columns(season)
    appeared, scores = _qual_record(venue)
    out = []
    for r in rows:
        number = r["team"]["number"]
        sort = [_key_value(read(r)) for _, read in keys][:SORT_ORDERS]
        sort += [0] * (SORT_ORDERS - len(sort))
        counted = scores.get(number, [])
        entry = {"rank": r["rank"], "teamNumber": number, "displayTeamNumber": str(number),
                 "teamName": r["team"]["name"],
                 **{f"sortOrder{i}": v for i, v in enumerate(sort, 1)},
                 "wins": r["wins"], "losses": r["losses"], "ties": r["ties"],
                 # The average alliance score over the counted matches (surrogate
                 # appearances left out): our reading of qualAverage.
                 "qualAverage": _key_value(sum(counted) / len(counted)) if counted else 0,
                 "dq": r["disqualifications"],
                 "matchesPlayed": appeared.get(number, 0),
                 "matchesCounted": r["played"]}
        if divided:
            entry["division"] = r["division"]  # not in the API
        out.append(entry)
    return {"rankings": out}


def _qual_record(venue: Venue) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Per team: committed qualification matches it appeared in (surrogates too), and its
    alliance's scores in the ones that count for it (not as a surrogate)."""
    appeared: dict[int, int] = {}
    scores: dict[int, list[int]] = {}
    for m in venue.schedule():
        if m["level"] != "qual" or m["result"] is None:
            continue
        for c in ("red", "blue"):
            for s in m[c]:
                appeared[s["number"]] = appeared.get(s["number"], 0) + 1
                if not s["surrogate"]:
                    scores.setdefault(s["number"], []).append(m["result"][f"{c}_score"])
    return appeared, scores


def ftc_event_json(venue: Venue, division: str | None = None) -> dict[str, Any]:
    """The event, its matches, both levels' scores and the rankings in one document:
    ``{"event": {...}, "matches": [...], "matchScores": {"qual": [...], "playoff": [...]},
    "rankings": [...]}``."""
    season = _alliance_season(venue, "FTC event")
    info = venue.event_info()
    year = _SEASON_YEAR.search(season.id)
    event = {"code": info["code"], "name": info["name"],
             # The API's season is the kickoff year (2024 for 2024-25).
             "season": int(year.group(1)) if year else None, "seasonId": info["season_id"],
             "venue": info["venue"], "language": info["language"],
             "divisions": info["divisions"], "division": division}
    return {"event": event,
            "matches": ftc_matches_json(venue, division)["matches"],
            "matchScores": {level: ftc_scores_json(venue, level, division)["matchScores"]
                            for level in LEVELS},
            "rankings": ftc_rankings_json(venue, division)["rankings"]}
