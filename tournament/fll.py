"""FIRST LEGO League Challenge at the event: the tournament day, the robot game's ranking and
scoreboard, the judging rooms' rubrics, the Champion's score and the awards.

The robot game runs on the same ``Match`` rows, match controller, tablets and displays as FTC
matches: a field is a pair of tables, the red side is the odd table and the blue side the even
one, each side holds one team (or none) and ``Match.round`` says which round (0 = practice).
A table's sheet becomes final only with the initials of the team that agreed with it; when
every occupied table of a match is final and the match has ended, the match commits itself.

Judging: a rubric sheet per team, judged area and room (levels 1–4 per row). An area's score
is the sum of its rows, averaged over the rooms that submitted one; Core Values also takes the
mean Gracious Professionalism score from the robot tables. Areas rank separately; the
Champion's score is the sum of a team's ranks in the judged areas and the robot game.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import brackets
import scoring

from . import audit
from .accounts import Actor, require
from .errors import Conflict, ValidationError
from .models import (
    UNPLAYED,
    Event,
    JudgingSession,
    Match,
    MatchTeam,
    RubricSheet,
    RubricSubmission,
    utcnow,
)

if TYPE_CHECKING:
    from .venue import Venue

ROBOT_GAME = "robot_game"  # the robot game's place among the Champion's areas
JUDGING_MODES = ("separate", "combined")
# Which judged areas a judging session fills in. Each team gets one Core Values rubric: from
# its Innovation Project session, or from its combined session.
SESSION_AREAS = {
    "innovation_project": ("innovation_project", "core_values"),
    "robot_design": ("robot_design",),
    "combined": ("innovation_project", "robot_design", "core_values"),
}
_INITIALS = re.compile(r"[^\W\d_]{1,4}")
MATCH_SECONDS = 150


def valid_initials(text: Any) -> str | None:
    """The initials as stored (stripped, upper case), or None when they are not 1–4 letters."""
    if not isinstance(text, str):
        return None
    text = text.strip().replace(".", "").replace(" ", "").upper()
    return text if _INITIALS.fullmatch(text) else None


def table_of(match: Match, alliance: str) -> int | None:
    """The table number of one side of a robot-game match."""
    return table_number(match.field.number if match.field else None, alliance)


def table_number(field: int | None, alliance: str) -> int | None:
    """Field k's red side is table 2k−1, its blue side table 2k."""
    if field is None:
        return None
    return 2 * field - (1 if alliance == "red" else 0)


class FllDesk:
    """FLL use cases; one per venue (``venue.fll``)."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue

    # -- the tournament day ----------------------------------------------------------------
    def generate_day(self, actor: Actor, *, start: datetime, match_cycle: timedelta,
                     rooms: int, judging: str = "separate",
                     session_length: timedelta = timedelta(minutes=30),
                     session_cycle: timedelta | None = None,
                     travel: timedelta = timedelta(minutes=10),
                     breaks: list[tuple[datetime, datetime]] | tuple = (),
                     seed: int | None = None) -> dict[str, Any]:
        """Replace the day's robot-game rounds and judging sessions with a new plan.

        Each team plays the season's practice and ranked rounds on the event's tables (every
        field is a pair) and has its judging session(s) in ``rooms`` rooms; between any two
        of a team's commitments there are at least ``travel`` minutes. Refused once a robot-
        game match has been played or a rubric entered (they belong to the planned day).
        """
        require(actor, "event.admin")
        errors = []
        if judging not in JUDGING_MODES:
            errors.append(("judging", "must be separate or combined"))
        if isinstance(rooms, bool) or not isinstance(rooms, int) or not 1 <= rooms <= 20:
            errors.append(("rooms", "a tournament has 1 to 20 judging rooms"))
        if errors:
            raise ValidationError(errors)
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            season = _team_season(event)
            practice = season.ranking.practice_rounds > 0  # the day plans one practice round
            rounds = int(practice) + season.ranking.ranked_rounds
            old = [m for m in event.matches if m.level in ("practice", "qual")]
            if any(m.result is not None or m.status not in UNPLAYED for m in old):
                raise Conflict("robot-game matches have been played; the day is locked")
            on_fields = {c.match["id"] for c in v.loaded_controllers()}
            if any(m.id in on_fields for m in old):
                raise Conflict("a robot-game match is loaded on a table pair; abort or clear "
                               "it before planning the day again")
            if session.scalar(select(RubricSheet.id).where(RubricSheet.event_id == event.id)
                              .limit(1)) is not None:
                raise Conflict("judges have started entering rubrics; the day is locked")
            if not event.teams:
                raise ValidationError([("teams", "import the teams first")])
            spec_args = {"tables": 2 * len(event.fields), "rounds": rounds,
                         "match_cycle": match_cycle, "rooms": rooms, "judging": judging,
                         "session_length": session_length,
                         "session_cycle": session_cycle or session_length,
                         "travel": travel, "start": start, "breaks": tuple(breaks),
                         "match_length": timedelta(seconds=season.timing.match or MATCH_SECONDS),
                         "practice": practice}
            try:
                spec = brackets.DaySpec(teams=tuple(t.number for t in event.teams), **spec_args)
                plan = brackets.plan_day(spec, seed=seed)
            except ValueError as exc:
                raise ValidationError([("day", str(exc))]) from None
            for m in old:
                session.delete(m)
            for s in session.scalars(select(JudgingSession).where(
                    JudgingSession.event_id == event.id)):
                session.delete(s)
            session.flush()
            teams = {t.number: t for t in event.teams}
            fields = {f.number: f for f in event.fields}
            robot = sorted((i for i in plan.items if i.kind == "robot"),
                           key=lambda i: (i.start, i.table))
            matches: dict[tuple[datetime, int], Match] = {}
            numbers = {"practice": 0, "qual": 0}
            for item in robot:
                pair = (item.table + 1) // 2
                match = matches.get((item.start, pair))
                if match is None:  # round 0 is the practice round
                    level = "practice" if item.round == 0 else "qual"
                    numbers[level] += 1
                    match = Match(event_id=event.id, level=level, number=numbers[level],
                                  field=fields[pair], scheduled_at=item.start,
                                  round=item.round)
                    matches[(item.start, pair)] = match
                    session.add(match)
                side = "red" if item.table % 2 == 1 else "blue"
                match.slots.append(MatchTeam(team=teams[item.team], alliance=side, station=1))
            for item in plan.items:
                if item.kind == "judging":
                    session.add(JudgingSession(event_id=event.id, team=teams[item.team],
                                               kind=item.what, room=item.room,
                                               starts_at=item.start, ends_at=item.end))
            settings = dict(event.settings or {})
            settings["day"] = _day_settings(spec_args, seed)
            event.settings = settings
            quality = brackets.day_quality(plan)
            audit.record(session, actor, "day.generate", event.code, event_id=event.id,
                         after={"matches": len(matches), "settings": settings["day"],
                                "quality": _jsonable(quality)})
            result = {"matches": len(matches), "end": plan.end.isoformat(timespec="minutes"),
                      "quality": _jsonable(quality)}
        v._rankings = None
        v.bus.publish("live", "schedule.updated", {"upcoming": v.upcoming()})
        return result

    def day(self) -> dict[str, Any]:
        """The whole day as items (robot matches per table and judging sessions), the number
        of tables and rooms, and every conflict in words (empty when the plan holds)."""
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            items = _day_items(session, event, v._matches(session, event))
            day = (event.settings or {}).get("day")
            conflicts: list[str] = []
            if day and items:
                spec = brackets.DaySpec(teams=tuple(t.number for t in event.teams),
                                        **_spec_args(day))
                plan = brackets.DayPlan(items=tuple(_plan_item(i) for i in items),
                                        end=max(i["end"] for i in items))
                conflicts = brackets.check_day(plan, spec)
            teams = {t.number: t.name for t in event.teams}
            return {
                "items": [{**i, "start": i["start"].isoformat(timespec="minutes"),
                           "end": i["end"].isoformat(timespec="minutes"),
                           "team_name": teams.get(i["team"], "")} for i in items],
                "tables": 2 * len(event.fields),
                "rooms": max([i["room"] or 0 for i in items] + [day["rooms"] if day else 0]),
                "settings": day,
                "conflicts": conflicts,
            }

    # -- robot game ------------------------------------------------------------------------
    def rank_rows(self, session: Session, event: Event,
                  season: scoring.Season) -> list[dict[str, Any]]:
        """Robot-game rankings: best score, then 2nd and 3rd best; equal teams share a rank."""
        rounds = season.ranking.ranked_rounds
        scores: dict[int, list[int | None]] = {t.number: [None] * rounds for t in event.teams}
        for m in self.venue._matches(session, event):
            if m.level != "qual" or m.result is None or m.round is None:
                continue
            if not 1 <= m.round <= rounds:
                continue
            for slot in m.slots:
                # A disqualified team (or a no-show marked so) has no score for the round.
                score = None if slot.disqualified else (
                    m.result.red_score if slot.alliance == "red" else m.result.blue_score)
                scores.setdefault(slot.team.number, [None] * rounds)[m.round - 1] = score
        teams = {t.number: t for t in event.teams}
        rows = []
        for line in brackets.rank_robot_game(scores, rounds):
            entry = line.to_dict()
            entry["team"] = teams[line.team].to_dict()
            entry["division"] = None
            rows.append(entry)
        return rows

    def scoreboard(self) -> dict[str, Any]:
        """What the robot-game scoreboard shows: the round being played and the rankings."""
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            season = scoring.load_season(event.season_id)
            on_fields = {c.match["id"] for c in v.loaded_controllers()}
            current = _current_round(v._matches(session, event), on_fields)
        return {"round": current, "rounds": season.ranking.ranked_rounds,
                "practice": current == 0, "rankings": v.rankings()}

    def reopen_sheet(self, actor: Actor, match_id: int, alliance: str,
                     note: str = "") -> dict[str, Any]:
        """Head referee: make a table's final sheet editable again. The team must agree again
        before it is final; a committed result stands until the corrected sheet commits."""
        require(actor, "match.review")
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            match = v._match(session, event, match_id)
            sheet = next((s for s in match.sheets if s.alliance == alliance), None)
            if sheet is None or not sheet.submitted:
                raise Conflict(f"{match.label}: the table's sheet is not submitted")
            before = {"final": True, "agreed_by": sheet.agreed_by}
            sheet.submitted = False
            sheet.agreed_by = None
            sheet.revision += 1
            sheet.updated_at = utcnow()
            sheet.updated_by = actor.name
            audit.record(session, actor, "sheet.reopen", f"{match.label} {alliance}",
                         before=before, after={"final": False}, event_id=event.id, note=note)
            field = match.field.number if match.field else None
            update = {"field": field, "match_id": match.id, "alliance": alliance,
                      "data": sheet.data, "revision": sheet.revision, "final": False,
                      "agreed_by": None, "by": actor.name,
                      "breakdown": scoring.load_season(event.season_id).score(
                          sheet.data, constraints=False).to_dict()}
        v.bus.publish("control", "sheet.updated", update)
        if field is not None:
            v.bus.publish(f"referee:{field}", "sheet.updated", update)
        return update

    def sheets(self, actor: Actor) -> list[dict[str, Any]]:
        """Every robot-game sheet with its state, newest match first (head referee's list)."""
        require(actor, "match.review")
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            season = scoring.load_season(event.season_id)
            out = []
            for m in sorted(v._matches(session, event, sheets=True),
                            key=lambda m: (m.scheduled_at or datetime.min,
                                                          m.id), reverse=True):
                if m.level not in ("practice", "qual") or m.status in ("scheduled",):
                    continue
                for slot in m.slots:
                    sheet = next((s for s in m.sheets if s.alliance == slot.alliance), None)
                    out.append({
                        "match_id": m.id, "label": m.label, "alliance": slot.alliance,
                        "table": table_of(m, slot.alliance), "team": slot.team.number,
                        "team_name": slot.team.name,
                        "total": season.score(sheet.data, constraints=False).total
                        if sheet else None,
                        "final": bool(sheet and sheet.submitted),
                        "agreed_by": sheet.agreed_by if sheet else None,
                        "committed": m.result is not None})
            return out

    # -- judging ---------------------------------------------------------------------------
    def judging_room(self, actor: Actor, room: int) -> dict[str, Any]:
        """A room's sessions in order, each with the areas it fills in and their status."""
        require(actor, "judging.score")
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            judging = _judging(event)
            rows = session.scalars(select(JudgingSession).where(
                JudgingSession.event_id == event.id, JudgingSession.room == room)
                .options(selectinload(JudgingSession.team))
                .order_by(JudgingSession.starts_at)).all()
            sheets = {(s.team_id, s.area): s for s in session.scalars(select(RubricSheet).where(
                RubricSheet.event_id == event.id, RubricSheet.room == room))}
            sessions = []
            for s in rows:
                areas = [a for a in SESSION_AREAS[s.kind] if a in _area_ids(judging)]
                sessions.append({
                    "team": s.team.to_dict(), "kind": s.kind,
                    "start": s.starts_at.isoformat(timespec="minutes"),
                    "end": s.ends_at.isoformat(timespec="minutes"),
                    "areas": areas,
                    "rubrics": {a: _rubric_dict(sheets.get((s.team_id, a))) for a in areas}})
            return {"room": room, "sessions": sessions,
                    "rooms": _room_count(session, event)}

    def submit_rubric(self, actor: Actor, *, key: str, team: int, area: str, room: int,
                      levels: Any, comments: Any = None, final: bool = False) -> dict[str, Any]:
        """Store a room's whole rubric for a team and area (idempotent by ``key``).

        Levels are 1–4 per row of the area; a final rubric needs every row, and an "exceeds"
        level needs a comment saying why. Once the day is planned, the team must have a
        session in ``room`` that judges ``area``. A submitted rubric stays submitted: a later
        change is checked as a final one.
        """
        require(actor, "judging.score")
        if not isinstance(key, str) or not 8 <= len(key) <= 80:
            raise ValidationError([("key", "an idempotency key of 8 to 80 characters is needed")])
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            judging = _judging(event)
            done = session.scalar(select(RubricSubmission).where(RubricSubmission.key == key))
            if done is not None:
                return {"ok": True, "duplicate": True, "revision": done.revision}
            if area not in _area_ids(judging):
                raise ValidationError([("area", f"unknown judged area {area!r}")])
            row_ids = [r.id for r in judging.rows_of(area)]
            team_row = next((t for t in event.teams if t.number == team), None)
            if team_row is None:
                raise ValidationError([("team", f"team {team} is not at this event")])
            if isinstance(room, bool) or not isinstance(room, int) or room < 1:
                raise ValidationError([("room", "a room is a number from 1")])
            planned = session.scalars(select(JudgingSession).where(
                JudgingSession.event_id == event.id)).all()
            if planned and not any(p.team_id == team_row.id and p.room == room
                                   and area in SESSION_AREAS[p.kind] for p in planned):
                raise ValidationError([("room", f"team {team} has no session judging {area} "
                                        f"in room {room}")])
            sheet = session.scalar(select(RubricSheet).where(
                RubricSheet.event_id == event.id, RubricSheet.team_id == team_row.id,
                RubricSheet.area == area, RubricSheet.room == room))
            final = bool(final) or bool(sheet and sheet.submitted)
            clean_levels, clean_comments = _check_rubric(row_ids, levels, comments, final)
            if sheet is None:
                sheet = RubricSheet(event_id=event.id, team_id=team_row.id, area=area,
                                    room=room, levels={}, comments={}, revision=0,
                                    submitted=False)
                session.add(sheet)
                session.flush()
            before = {"levels": sheet.levels, "comments": sheet.comments,
                      "final": sheet.submitted}
            sheet.levels = clean_levels
            sheet.comments = clean_comments
            sheet.submitted = bool(final)
            sheet.revision += 1
            sheet.updated_at = utcnow()
            sheet.updated_by = actor.name
            session.add(RubricSubmission(key=key, rubric_id=sheet.id, revision=sheet.revision))
            audit.record(session, actor, "rubric.final" if final else "rubric.update",
                         f"team {team} {area} room {room}", before=before,
                         after={"levels": clean_levels, "comments": clean_comments,
                                "final": bool(final)}, event_id=event.id)
            revision = sheet.revision
        v.bus.publish("control", "rubric.updated", {"team": team, "area": area, "room": room,
                                                    "final": bool(final)})
        return {"ok": True, "revision": revision}

    def results(self, actor: Actor) -> dict[str, Any]:
        """Judging results: each team's area scores and ranks, robot-game rank, Champion's
        score, the awards as allocated now and the teams advancing."""
        require(actor, "judging.results")
        v = self.venue
        robot_rows = v.rankings()
        with v.db.session() as session:
            event = v._event(session)
            season = scoring.load_season(event.season_id)
            judging = _judging(event)
            settings = event.settings or {}
            gp = _gp_means(v._matches(session, event), season)
            sheets = session.scalars(select(RubricSheet).where(
                RubricSheet.event_id == event.id, RubricSheet.submitted.is_(True))).all()
            teams = {t.id: t.number for t in event.teams}
            by_team_area: dict[tuple[int, str], list[int]] = {}
            for s in sheets:
                by_team_area.setdefault((teams[s.team_id], s.area), []).append(
                    judging.rubric_total(s.area, s.levels))
            area_scores: dict[str, dict[int, float | None]] = {}
            for area in judging.areas:
                column: dict[int, float | None] = {}
                for number in teams.values():
                    got = by_team_area.get((number, area.id))
                    score = fmean(got) if got else None
                    if area.include_gp and score is not None and number in gp:
                        score += gp[number]  # GP from the tables joins a judged rubric
                    column[number] = None if score is None else round(score, 2)
                area_scores[area.id] = column
            ranks = {a: brackets.area_ranks(col) for a, col in area_scores.items()}
            ranks[ROBOT_GAME] = {r["team"]["number"]: r["rank"] for r in robot_rows}
            champions = brackets.champions_scores(ranks)
            team_info = {t.number: t.to_dict() for t in event.teams}
            robot_best = {r["team"]["number"]: r.get("best") for r in robot_rows}
            champion_order = [t for t, _ in champions]
            counts = {a.id: a.count for a in judging.awards}
            counts.update({k: int(n) for k, n in settings.get("award_counts", {}).items()
                           if k in counts})
            nominations = settings.get("nominations", {})
            specs = []
            for award in judging.awards:
                if award.basis == "champions":
                    order = champion_order
                elif award.basis == "area":
                    col = area_scores[award.area]
                    position = {t: i for i, t in enumerate(champion_order)}
                    order = sorted((t for t in col if col[t] is not None),
                                   key=lambda t, col=col: (-col[t], position.get(t, 0)))
                elif award.basis == "robot_game":
                    order = [r["team"]["number"] for r in robot_rows if r.get("best") is not None]
                else:
                    order = [n for n in nominations.get(award.id, []) if n in team_info]
                specs.append(brackets.AwardSpec(id=award.id, count=counts[award.id],
                                                judged=award.judged, candidates=tuple(order)))
            advancing = int(settings.get("advancing", 0))
            allocation = brackets.allocate_awards(specs, advancement_slots=advancing,
                                                  advancement_order=champion_order)
            lines = []
            champion_score = dict(champions)
            for number in champion_order:
                lines.append({
                    "team": team_info[number],
                    "areas": {a: area_scores[a][number] for a in area_scores},
                    "ranks": {a: ranks[a].get(number) for a in ranks},
                    "gp": gp.get(number),
                    "robot_best": robot_best.get(number),
                    "champions_score": champion_score[number],
                })
            return {
                "areas": [a.id for a in judging.areas] + [ROBOT_GAME],
                "teams": lines,
                "awards": [{"id": a.id, "count": counts[a.id], "judged": a.judged,
                            "basis": a.basis,
                            "winners": [team_info[t] for t in allocation.winners.get(a.id, ())]}
                           for a in judging.awards],
                "advancing": [team_info[t] for t in allocation.advancing],
                "advancement_slots": advancing,
                "notes": list(allocation.notes),
                "explained": [n.to_dict() for n in allocation.explained],
                "nominations": nominations,
                "missing": _missing_rubrics(session, event, judging),
            }

    def set_awards(self, actor: Actor, *, counts: Mapping[str, Any] | None = None,
                   advancing: Any = None,
                   nominations: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Set award places, advancement slots and nominations (team numbers in order)."""
        require(actor, "judging.results")
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            judging = _judging(event)
            known = {a.id for a in judging.awards}
            numbers = {t.number for t in event.teams}
            settings = dict(event.settings or {})
            errors: list[tuple[str, str]] = []
            if counts is not None:
                clean = {}
                for award, n in counts.items():
                    if award not in known:
                        errors.append((f"counts.{award}", "unknown award"))
                    elif isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 10:
                        errors.append((f"counts.{award}", "places must be 0 to 10"))
                    else:
                        clean[award] = n
                settings["award_counts"] = {**settings.get("award_counts", {}), **clean}
            if advancing is not None:
                if isinstance(advancing, bool) or not isinstance(advancing, int) or not (
                        0 <= advancing <= len(numbers)):
                    errors.append(("advancing", f"must be 0 to {len(numbers)}"))
                else:
                    settings["advancing"] = advancing
            if nominations is not None:
                clean_nom: dict[str, list[int]] = {}
                for award, teams in nominations.items():
                    if award not in known:
                        errors.append((f"nominations.{award}", "unknown award"))
                        continue
                    if not isinstance(teams, list) or any(
                            isinstance(t, bool) or not isinstance(t, int) for t in teams):
                        errors.append((f"nominations.{award}", "a list of team numbers"))
                        continue
                    unknown = [t for t in teams if t not in numbers]
                    if unknown:
                        errors.append((f"nominations.{award}",
                                       f"not at this event: {', '.join(map(str, unknown))}"))
                        continue
                    clean_nom[award] = list(dict.fromkeys(teams))
                settings["nominations"] = {**settings.get("nominations", {}), **clean_nom}
            if errors:
                raise ValidationError(errors)
            audit.record(session, actor, "awards.settings", event.code,
                         before={k: (event.settings or {}).get(k) for k in
                                 ("award_counts", "advancing", "nominations")},
                         after={k: settings.get(k) for k in
                                ("award_counts", "advancing", "nominations")},
                         event_id=event.id)
            event.settings = settings
        return self.results(actor)


# -- helpers ---------------------------------------------------------------------------------
def _team_season(event: Event) -> scoring.Season:
    season = scoring.load_season(event.season_id)
    if season.game != "team" or season.ranking.rp != "best":
        raise Conflict(f"season {season.id} is not a robot-game season (FLL)")
    return season


def _judging(event: Event) -> scoring.Judging:
    season = scoring.load_season(event.season_id)
    if season.judging is None:
        raise Conflict(f"season {season.id} has no judging")
    return season.judging


def _area_ids(judging: scoring.Judging) -> set[str]:
    return {a.id for a in judging.areas}


def _check_rubric(row_ids: list[str], levels: Any, comments: Any,
                  final: bool) -> tuple[dict[str, int], dict[str, str]]:
    errors: list[tuple[str, str]] = []
    if not isinstance(levels, dict):
        raise ValidationError([("levels", "send an object of row id → level 1 to 4")])
    if comments is None:
        comments = {}
    if not isinstance(comments, dict):
        raise ValidationError([("comments", "send an object of row id → comment text")])
    clean: dict[str, int] = {}
    for row, level in levels.items():
        if row not in row_ids:
            errors.append((row, "not a row of this rubric"))
        elif level is None:
            continue
        elif isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
            errors.append((row, f"a level is 1 to 4, got {level!r}"))
        else:
            clean[row] = level
    notes: dict[str, str] = {}
    for row, text in comments.items():
        if row not in row_ids and row != "general":
            errors.append((f"comment.{row}", "not a row of this rubric"))
        elif not isinstance(text, str) or len(text) > 2000:
            errors.append((f"comment.{row}", "a comment is text of at most 2000 characters"))
        elif text.strip():
            notes[row] = text.strip()
    if final:
        for row in row_ids:
            if row not in clean:
                errors.append((row, "choose a level before submitting"))
            elif clean[row] == 4 and not notes.get(row):
                errors.append((f"comment.{row}", "an Exceeds level needs a comment saying why"))
    if errors:
        raise ValidationError(errors)
    return clean, notes


def _rubric_dict(sheet: RubricSheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None
    return {"levels": sheet.levels, "comments": sheet.comments, "revision": sheet.revision,
            "final": sheet.submitted, "by": sheet.updated_by}


def _room_count(session: Session, event: Event) -> int:
    day = (event.settings or {}).get("day") or {}
    rooms = session.scalars(select(JudgingSession.room).where(
        JudgingSession.event_id == event.id)).all()
    return max([day.get("rooms", 0), *rooms, 1])


def _missing_rubrics(session: Session, event: Event,
                     judging: scoring.Judging) -> list[dict[str, Any]]:
    """Rubrics of planned sessions not submitted yet, as {team, area, room}."""
    done = {(s.team_id, s.area, s.room) for s in session.scalars(select(RubricSheet).where(
        RubricSheet.event_id == event.id, RubricSheet.submitted.is_(True)))}
    out = []
    for s in session.scalars(select(JudgingSession).where(JudgingSession.event_id == event.id)
                             .order_by(JudgingSession.starts_at)):
        for area in SESSION_AREAS[s.kind]:
            if area in _area_ids(judging) and (s.team_id, area, s.room) not in done:
                out.append({"team": s.team.number, "area": area, "room": s.room})
    return out


def _gp_means(matches: list[Match], season: scoring.Season) -> dict[int, float]:
    """Mean Gracious Professionalism score per team over its committed robot-game sheets."""
    gp_fields = [f.id for f in season.fields if not f.scored]
    got: dict[int, list[float]] = {}
    for m in matches:
        if m.level not in ("practice", "qual") or m.result is None:
            continue
        for slot in m.slots:
            breakdown = m.result.red_breakdown if slot.alliance == "red" else (
                m.result.blue_breakdown)
            recorded = (breakdown or {}).get("recorded", {})
            for f in gp_fields:
                if isinstance(recorded.get(f), int | float):
                    got.setdefault(slot.team.number, []).append(float(recorded[f]))
    return {t: round(fmean(v), 2) for t, v in got.items()}


def _current_round(matches: list[Match], on_fields: set[int]) -> int | None:
    """The round being played: that of a match on a table pair now (``on_fields``: the ids
    the controllers hold), else of the earliest robot-game match not committed yet (None:
    all done)."""
    robot = [m for m in matches if m.round is not None and m.level in ("practice", "qual")]
    on_tables = [m for m in robot if m.id in on_fields]
    if on_tables:
        return max(on_tables, key=lambda m: (m.scheduled_at or datetime.min, m.id)).round
    pending = [m for m in robot if m.result is None]
    if not pending:
        return None
    first = min(pending, key=lambda m: (m.scheduled_at or datetime.max, m.id))
    return first.round


def _day_items(session: Session, event: Event, matches: list[Match]) -> list[dict[str, Any]]:
    season = scoring.load_season(event.season_id)
    length = timedelta(seconds=season.timing.match or MATCH_SECONDS)
    items: list[dict[str, Any]] = []
    for m in matches:
        if m.round is None or m.scheduled_at is None:
            continue
        for slot in m.slots:
            items.append({"team": slot.team.number, "kind": "robot",
                          "what": "practice" if m.round == 0 else f"round{m.round}",
                          "round": m.round, "start": m.scheduled_at,
                          "end": m.scheduled_at + length, "table": table_of(m, slot.alliance),
                          "room": None, "match": m.label, "match_id": m.id})
    for s in session.scalars(select(JudgingSession).where(JudgingSession.event_id == event.id)
                             .options(selectinload(JudgingSession.team))):
        items.append({"team": s.team.number, "kind": "judging", "what": s.kind,
                      "round": None, "start": s.starts_at, "end": s.ends_at, "table": None,
                      "room": s.room, "match": None, "match_id": None})
    items.sort(key=lambda i: (i["start"], i["table"] or 0, i["room"] or 0, i["team"]))
    return items


def _plan_item(item: dict[str, Any]) -> brackets.DayItem:
    return brackets.DayItem(team=item["team"], kind=item["kind"], what=item["what"],
                            start=item["start"], end=item["end"], table=item["table"],
                            room=item["room"], round=item["round"])


def _day_settings(args: dict[str, Any], seed: int | None) -> dict[str, Any]:
    return {"tables": args["tables"], "rounds": args["rounds"], "rooms": args["rooms"],
            "judging": args["judging"], "seed": seed, "practice": args["practice"],
            "match_cycle_s": args["match_cycle"].total_seconds(),
            "match_length_s": args["match_length"].total_seconds(),
            "session_length_s": args["session_length"].total_seconds(),
            "session_cycle_s": args["session_cycle"].total_seconds(),
            "travel_s": args["travel"].total_seconds(),
            "start": args["start"].isoformat(),
            "breaks": [[a.isoformat(), b.isoformat()] for a, b in args["breaks"]]}


def _spec_args(day: dict[str, Any]) -> dict[str, Any]:
    return {"tables": day["tables"], "rounds": day["rounds"], "rooms": day["rooms"],
            "judging": day["judging"], "practice": day.get("practice", True),
            "match_cycle": timedelta(seconds=day["match_cycle_s"]),
            "match_length": timedelta(seconds=day["match_length_s"]),
            "session_length": timedelta(seconds=day["session_length_s"]),
            "session_cycle": timedelta(seconds=day["session_cycle_s"]),
            "travel": timedelta(seconds=day["travel_s"]),
            "start": datetime.fromisoformat(day["start"]),
            "breaks": tuple((datetime.fromisoformat(a), datetime.fromisoformat(b))
                            for a, b in day["breaks"])}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


__all__ = ["ROBOT_GAME", "SESSION_AREAS", "FllDesk", "table_of", "valid_initials"]
