"""The venue: every use case of a running event, and the live match controller of each field.

The web layer calls one method per request; each opens a unit of work, checks the actor's role,
changes the event and publishes what changed on the bus. Channels: ``live`` (public),
``control`` (scorekeeper and head referee) and ``referee:<field>`` (that field's tablets).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

import brackets
import scoring

from . import accounts, audit, backup, teams
from .accounts import Actor, require
from .awards import AwardDesk
from .bus import Bus
from .clock import Clock
from .controller import RUNNING, MatchController, PhasePlan
from .db import Database
from .devices import DeviceDesk
from .errors import Conflict, NotFound, ValidationError
from .fll import FllDesk, valid_initials
from .models import (
    UNPLAYED,
    Division,
    Event,
    Field,
    JoinCode,
    Match,
    MatchResult,
    MatchTeam,
    ScoreSheet,
    SheetSubmission,
    User,
    utcnow,
)
from .olympiad import OlympiadDesk
from .playoffs import PlayoffDesk
from .printing import PrintDesk
from .selection import SelectionDesk

log = logging.getLogger(__name__)
ALLIANCES = ("red", "blue")
DISPLAY_MODES = ("match", "selection", "bracket")


class Venue:
    """Runs the active event (the one named by ``event_code``, else the newest one)."""

    def __init__(self, db: Database, bus: Bus, clock: Clock, event_code: str | None = None):
        self.db = db
        self.bus = bus
        self.clock = clock
        self.event_code = event_code
        self._controllers: dict[int, MatchController] = {}
        self._tablets: dict[str, dict[str, Any]] = {}
        self._rankings: list[dict[str, Any]] | None = None
        self._event_id: int | None = None
        self._lock = threading.RLock()
        self.selection = SelectionDesk(self)
        self.playoffs = PlayoffDesk(self)
        self.fll = FllDesk(self)
        self.awards = AwardDesk(self)
        self.printing = PrintDesk(self)
        self.olympiad = OlympiadDesk(self)
        self.devices = DeviceDesk(self)

    # -- the event -------------------------------------------------------------------------
    def _event(self, session: Session) -> Event:
        if self._event_id is not None:  # found once, then read by primary key
            event = session.get(Event, self._event_id)
            if event is not None:
                return event
        query = select(Event)
        if self.event_code:
            query = query.where(Event.code == self.event_code)
        event = session.scalar(query.order_by(Event.id.desc()).limit(1))
        if event is None:
            raise NotFound("no event yet: create one with 'zharys create-event' "
                           "(or 'zharys seed-demo' for the demo)")
        self._event_id = event.id
        return event

    def has_event(self) -> bool:
        with self.db.session() as session:
            try:
                self._event(session)
                return True
            except NotFound:
                return False

    def event_info(self) -> dict[str, Any]:
        with self.db.session() as session:
            event = self._event(session)
            return _event_dict(event)

    def season(self) -> scoring.Season:
        with self.db.session() as session:
            return scoring.load_season(self._event(session).season_id)

    def field_numbers(self) -> list[int]:
        with self.db.session() as session:
            event = self._event(session)
            return [f.number for f in event.fields]

    def create_event(self, actor: Actor, code: str, name: str, season_id: str, fields: int = 1,
                     venue: str = "", language: str = "kk") -> dict[str, Any]:
        require(actor, "event.admin")
        errors = []
        if season_id not in scoring.available_seasons():
            errors.append(("season", f"unknown season {season_id!r}; available: "
                           + ", ".join(scoring.available_seasons())))
        if not code or not code.replace("-", "").isalnum():
            errors.append(("code", "use letters, digits and dashes"))
        if not 1 <= fields <= 8:
            errors.append(("fields", "an event has 1 to 8 fields"))
        if errors:
            raise ValidationError(errors)
        with self.db.session() as session:
            if session.scalar(select(Event).where(Event.code == code)):
                raise Conflict(f"an event with code {code!r} already exists")
            event = Event(code=code, name=name, season_id=season_id, venue=venue,
                          language=language)
            team_game = scoring.load_season(season_id).game == "team"
            # A robot-game (FLL) field is a pair of tables side by side.
            event.fields = [Field(number=i, name=f"Tables {2 * i - 1}–{2 * i}" if team_game
                                  else f"Field {i}") for i in range(1, fields + 1)]
            session.add(event)
            session.flush()
            audit.record(session, actor, "event.create", f"event {code}", after=_event_dict(event),
                         event_id=event.id)
            self._event_id = None  # the newest event may have changed
            return _event_dict(event)

    # -- backup ----------------------------------------------------------------------------
    def backup(self, actor: Actor) -> bytes:
        """The whole database as one validated, compressed file (``tournament.backup``)."""
        require(actor, "event.admin")
        return backup.dump(self.db)

    def restore(self, actor: Actor, data: bytes) -> dict[str, Any]:
        """Replace everything with a backup's contents: refused while a field has a match on
        it, and refused whole (nothing changed) when the file is not a good backup."""
        require(actor, "event.admin")
        busy = sorted(c.field for c in self.loaded_controllers())
        if busy:
            raise Conflict("a match is on field " + ", ".join(map(str, busy)) +
                           ": commit or abort it before restoring a backup")
        summary = backup.restore(self.db, data)
        with self._lock:  # what was read from the old data is forgotten
            self._controllers.clear()
            self._rankings = None
            self._event_id = None
            self.olympiad._olympiad_id = None
            self.olympiad._cache = None
            self.devices._cached = None
        with self.db.session() as session:
            audit.record(session, actor, "event.restore", "backup",
                         after={"created_at": summary.get("created_at"),
                                "rows": sum(summary["tables"].values())})
        self.bus.publish("control", "event.restored", summary)
        if self.has_event():
            self.bus.publish("live", "schedule.updated", {"upcoming": self.upcoming()})
        return summary

    # -- controllers -----------------------------------------------------------------------
    def controller(self, field: int) -> MatchController:
        with self._lock:
            ctl = self._controllers.get(field)
            if ctl is None:
                if field not in self.field_numbers():
                    raise NotFound(f"there is no field {field}")
                ctl = MatchController(field, self.clock, self._publisher("live"),
                                      on_state=self._persist_state)
                self._controllers[field] = ctl
            return ctl

    def loaded_controllers(self) -> list[MatchController]:
        """Controllers holding a match that is not committed yet."""
        return [c for c in list(self._controllers.values())
                if c.match is not None and c.state not in ("idle", "committed")]

    def _publisher(self, channel: str):
        def publish(topic: str, payload: dict[str, Any]) -> None:
            self.bus.publish(channel, topic, payload)
            if topic == "match.state":
                self.bus.publish("control", topic, payload)
                self.bus.publish(f"referee:{payload['field']}", topic, payload)

        return publish

    def _persist_state(self, field: int, state: str, match: dict[str, Any] | None) -> None:
        """Keep ``Match.status`` in step with the controller (runs on the clock's thread);
        the field's devices hear of it first (the console's clock, buzzer and lights)."""
        try:
            self.devices.state_changed(field, state)
        except Exception:  # a device must never stop the match clock
            log.exception("devices could not follow field %s to %s", field, state)
        if not match or state in ("committed",):  # commit writes its own status
            return
        try:
            with self.db.session() as session:
                row = session.get(Match, match["id"])
                if row is None:
                    return
                row.status = "running" if state in RUNNING else state
                if state in ("auto", "match"):
                    row.plays += 1
                    row.started_at = utcnow()
        except Exception:  # the match clock must keep running even if the database hiccups
            log.exception("could not store the state of match %s", match.get("label"))
        if state == "ended":  # team games commit once every table agreed; after this step
            self.clock.call_at(self.clock.monotonic(), lambda: self._try_commit(match["id"]))

    def shutdown(self) -> None:
        for ctl in list(self._controllers.values()):
            ctl.shutdown()
        self.devices.stop()

    # -- match commands --------------------------------------------------------------------
    def load_match(self, actor: Actor, field: int, match_id: int | None = None) -> dict[str, Any]:
        """Put a match on the field: the given one, or the next unplayed one in order."""
        require(actor, "match.run")
        ctl = self.controller(field)
        with self.db.session() as session:
            event = self._event(session)
            if match_id is None:
                match = self._next_match(session, event, field)
                if match is None:
                    raise NotFound(f"field {field} has no unplayed match left")
            else:
                match = self._match(session, event, match_id)
            season = scoring.load_season(event.season_id)
            # A team game's committed match comes back for a sheet the head referee reopened:
            # its tablets show the sheet, and the corrected sheet commits again.
            reopened = season.game == "team" and any(
                not s.submitted for s in match.sheets
                if any(slot.alliance == s.alliance for slot in match.slots))
            if match.result is not None and not reopened:
                raise Conflict(f"{match.label} is already committed; use replay to play it again")
            info = _match_info(match)
            self._ensure_sheets(session, match, season)
            audit.record(session, actor, "match.load", match.label, event_id=event.id,
                         after={"field": field})
            plan = _plan(season)
        # After the unit of work: the controller persists its state in a session of its own.
        ctl.load(info, plan)
        self._after_load(field, info)
        return info

    def _after_load(self, field: int, info: dict[str, Any]) -> None:
        self.bus.publish(f"referee:{field}", "referee.match", self.referee_snapshot(field))
        self.bus.publish("live", "schedule.updated", {"upcoming": self.upcoming()})
        self._publish_live_score(info["id"])

    def start_match(self, actor: Actor, field: int) -> None:
        require(actor, "match.run")
        self._audited(actor, field, "match.start", self.controller(field).start)

    def abort_match(self, actor: Actor, field: int) -> None:
        require(actor, "match.run")
        self._audited(actor, field, "match.abort", self.controller(field).abort)

    def pause_match(self, actor: Actor, field: int) -> None:
        """Hold the match clock (no phase ends until resumed)."""
        require(actor, "match.run")
        self._audited(actor, field, "match.pause", self.controller(field).pause)

    def resume_match(self, actor: Actor, field: int) -> None:
        require(actor, "match.run")
        self._audited(actor, field, "match.resume", self.controller(field).resume)

    def hold_for_review(self, actor: Actor, field: int) -> None:
        require(actor, "match.review")
        self._audited(actor, field, "match.review", self.controller(field).hold_for_review)

    def replay_match(self, actor: Actor, field: int) -> None:
        """Load the committed or aborted match again; its sheets start blank, results stay
        until the replay is committed."""
        require(actor, "match.run")
        ctl = self.controller(field)
        info = ctl.match
        if info is None:
            raise Conflict(f"field {field} has no match to replay")
        ctl.replay()
        with self.db.session() as session:
            event = self._event(session)
            match = self._match(session, event, info["id"])
            season = scoring.load_season(event.season_id)
            for sheet in match.sheets:
                audit.record(session, actor, "sheet.reset", f"{match.label} {sheet.alliance}",
                             before=sheet.data, after=season.blank_sheet(), event_id=event.id,
                             note="replay")
                sheet.data = season.blank_sheet()
                sheet.revision += 1
                sheet.submitted = False
                sheet.agreed_by = None
            audit.record(session, actor, "match.replay", match.label, event_id=event.id)
        self._after_load(field, info)

    def commit_match(self, actor: Actor, field: int) -> dict[str, Any]:
        """Score both sheets, store the result (replacing an earlier play's), publish it and
        the new rankings."""
        require(actor, "match.review")
        ctl = self.controller(field)
        if ctl.state not in ("ended", "review"):
            raise Conflict(f"field {field}: cannot commit while the match is {ctl.state}")
        assert ctl.match is not None
        return self._commit(actor, ctl.match["id"])

    def _commit_if_agreed(self, match_id: int) -> dict[str, Any] | None:
        """Team games (FLL): commit a played match as soon as every occupied table's sheet is
        final (agreed by its team). A match already committed is committed again after a
        reopened sheet is final once more (loaded again for the correction, or still on its
        field). Not while it runs or is held for review (the head referee commits then).
        Runs under the venue lock, so two tables finishing together commit once."""
        with self._lock:
            with self.db.session() as session:
                event = self._event(session)
                match = session.get(Match, match_id)
                if match is None:
                    return None
                season = scoring.load_season(event.season_id)
                if season.game != "team":
                    return None
                sides = {s.alliance for s in match.slots}
                final = {s.alliance for s in match.sheets if s.submitted}
                played = match.status == "ended" or (
                    match.result is not None and match.status in ("committed", "loaded"))
                if not sides or not sides <= final or not played:
                    return None
                if match.result is not None:  # a recommit: only if the score changed
                    outcome = _outcome(match, season)
                    if (outcome.red.to_dict(), outcome.blue.to_dict()) == (
                            match.result.red_breakdown, match.result.blue_breakdown):
                        return None
            return self._commit(Actor.system(), match_id)

    def _commit(self, actor: Actor, match_id: int) -> dict[str, Any]:
        with self._lock:
            final, playoff = self._commit_locked(actor, match_id)
        # Published outside the lock: rankings are recomputed here, and every field's
        # controller waits on the lock.
        if playoff:
            self.playoffs.publish(final["match"]["division"])
        self._rankings = None
        self.bus.publish("live", "score.final", final)
        self.bus.publish("live", "rankings.updated", {"rankings": self.rankings()})
        self.bus.publish("live", "schedule.updated", {"upcoming": self.upcoming()})
        return final

    def _commit_locked(self, actor: Actor, match_id: int) -> tuple[dict[str, Any], bool]:
        with self.db.session() as session:
            event = self._event(session)
            match = self._match(session, event, match_id)
            season = scoring.load_season(event.season_id)
            try:
                outcome = _outcome(match, season)
            except scoring.ScoreSheetError as exc:  # a team game's draft breaks a constraint
                raise ValidationError(exc.errors, f"{match.label}: a sheet is not valid yet "
                                      f"({exc}); fix it before committing") from None
            before = _result_dict(match.result) if match.result else None
            if match.result is None:
                match.result = MatchResult(red_score=0, blue_score=0, winner="tie",
                                           red_breakdown={}, blue_breakdown={})
            result = match.result
            result.red_score = outcome.red.total
            result.blue_score = outcome.blue.total
            result.winner = outcome.winner
            result.red_breakdown = outcome.red.to_dict()
            result.blue_breakdown = outcome.blue.to_dict()
            result.committed_at = utcnow()
            result.committed_by = actor.name
            match.status = "committed"
            session.flush()
            audit.record(session, actor, "match.commit", match.label, before=before,
                         after=_result_dict(result), event_id=event.id)
            final = {"match": _match_info(match), **_result_payload(result)}
            playoff = match.playoff_id is not None
            if playoff:
                self.playoffs.record_commit(session, event, match, outcome, season)
        field = final["match"]["field"]
        ctl = self._controllers.get(field) if field is not None else None
        if ctl is not None and ctl.match and ctl.match["id"] == match_id and ctl.state in (
                "ended", "review"):
            ctl.commit()
        self._rankings = None
        return final, playoff

    def set_live_score(self, actor: Actor, enabled: bool) -> None:
        require(actor, "match.run")
        with self.db.session() as session:
            event = self._event(session)
            audit.record(session, actor, "event.live_score", event.code,
                         before=event.show_live_score, after=bool(enabled), event_id=event.id)
            event.show_live_score = bool(enabled)
        settings = {"show_live_score": bool(enabled)}
        self.bus.publish("live", "control.settings", settings)  # displays clear a hidden score

    def set_display(self, actor: Actor, mode: str,
                    division: str | None = None) -> dict[str, Any]:
        """Choose what the audience display shows: the match, the alliance selection board or
        the playoff bracket (of ``division`` when the event has divisions)."""
        require(actor, "match.run")
        if mode not in DISPLAY_MODES:
            raise ValidationError([("mode", f"must be one of {', '.join(DISPLAY_MODES)}")])
        with self.db.session() as session:
            event = self._event(session)
            div = self._division(session, event, division) if event.divisions else None
            before = {"mode": event.display_mode, "division": event.display_division}
            event.display_mode = mode
            event.display_division = div.code if div else None
            after = {"mode": mode, "division": event.display_division}
            audit.record(session, actor, "event.display", event.code, before=before,
                         after=after, event_id=event.id)
        display = self._display(after)
        self.bus.publish("live", "display.mode", display)
        return display

    def display(self) -> dict[str, Any]:
        """What the audience display shows now (see ``set_display``)."""
        with self.db.session() as session:
            event = self._event(session)
            setting = {"mode": event.display_mode, "division": event.display_division}
        return self._display(setting)

    def _display(self, setting: dict[str, Any]) -> dict[str, Any]:
        """The display setting with what that mode shows."""
        out = dict(setting)
        if setting["mode"] == "selection":
            out["selection"] = self.selection.snapshot(setting["division"])
        elif setting["mode"] == "bracket":
            out["bracket"] = self.playoffs.snapshot(setting["division"])
        return out

    def set_disqualified(self, actor: Actor, field: int, team_number: int, dq: bool) -> None:
        """Mark a team disqualified in the match on ``field`` (0 RP for that match)."""
        require(actor, "match.review")
        info = self.controller(field).match
        if info is None:
            raise Conflict(f"field {field} has no match loaded")
        with self.db.session() as session:
            event = self._event(session)
            match = self._match(session, event, info["id"])
            slot = next((s for s in match.slots if s.team.number == team_number), None)
            if slot is None:
                raise NotFound(f"team {team_number} is not in {match.label}")
            audit.record(session, actor, "match.dq", f"{match.label} team {team_number}",
                         before=slot.disqualified, after=bool(dq), event_id=event.id)
            slot.disqualified = bool(dq)
            info.update(_match_info(match))
        self._rankings = None
        self.bus.publish("control", "match.updated", {"field": field, "match": info})

    def _audited(self, actor: Actor, field: int, action: str, command) -> None:
        ctl = self.controller(field)
        command()
        with self.db.session() as session:
            audit.record(session, actor, action, (ctl.match or {}).get("label", ""),
                         event_id=self._event(session).id)

    # -- score sheets ----------------------------------------------------------------------
    def submit_sheet(self, actor: Actor, match_id: int, alliance: str, data: Any, key: str,
                     final: bool = False, agreed: Any = None) -> dict[str, Any]:
        """Store a referee's whole sheet for one alliance (one table in a team game).

        ``key`` makes the call idempotent: a resend with a key already applied changes nothing
        and gets the same answer. Invalid sheets raise ValidationError naming every bad field.
        In a team game (FLL) a final sheet needs ``agreed``, the initials of the team member
        who agreed with it on the tablet; a final sheet is then closed to the referee until
        the head referee reopens it, and the match commits once every table is final.
        """
        require(actor, "score.submit")
        if alliance not in ALLIANCES:
            raise ValidationError([("alliance", "must be red or blue")])
        if actor.station and actor.station != alliance and not actor.can("score.any_alliance"):
            raise ValidationError([("alliance", f"this tablet scores the {actor.station} "
                                    "alliance")])
        if not isinstance(key, str) or not 8 <= len(key) <= 80:
            raise ValidationError([("key", "an idempotency key of 8 to 80 characters is needed")])
        with self.db.session() as session:
            event, match = self._scored_match(session, match_id)
            if (actor.field and match.field and match.field.number != actor.field
                    and not actor.can("score.any_alliance")):
                raise ValidationError([("match_id", f"this tablet scores field {actor.field}; "
                                        f"{match.label} is on field {match.field.number}")])
            season = scoring.load_season(event.season_id)
            sheet = self._ensure_sheets(session, match, season)[alliance]
            done = session.scalar(select(SheetSubmission).where(SheetSubmission.key == key))
            if done is not None:
                if season.game == "team" and sheet.submitted:
                    # A resent final after a restart or a lost answer: the commit may still
                    # be due (checked just after this request, on the clock's thread).
                    self.clock.call_at(self.clock.monotonic(),
                                       lambda: self._try_commit(match_id))
                return {"ok": True, "duplicate": True, "revision": done.revision,
                        "final": sheet.submitted, "agreed_by": sheet.agreed_by,
                        "breakdown": season.score(sheet.data, constraints=False).to_dict()}
            team_game = season.game == "team"
            if team_game:
                if not any(slot.alliance == alliance for slot in match.slots):
                    raise ValidationError([("alliance", f"no team plays at this table in "
                                            f"{match.label}")])
                if sheet.submitted and not actor.can("score.any_alliance"):
                    raise Conflict(f"{match.label}: this table's sheet is final; ask the head "
                                   "referee to reopen it")
                initials = valid_initials(agreed)
                if final and initials is None:
                    raise ValidationError([("agreed", "the team agrees first: enter the "
                                            "initials (1 to 4 letters) of a team member")])
            elif match.result is not None and not actor.can("score.any_alliance"):
                raise Conflict(f"{match.label} is already committed; ask the head referee")
            # A team game's draft may break a cross-field constraint while the referee is
            # still entering it (the tablet shows the message); a final sheet may not.
            check = not team_game or bool(final) or sheet.submitted
            try:
                clean = season.validate(data if isinstance(data, dict) else {},
                                        constraints=check)
            except scoring.ScoreSheetError as exc:
                raise ValidationError(exc.errors) from None
            if not isinstance(data, dict):
                raise ValidationError([("data", "the sheet must be an object of field values")])
            before = dict(sheet.data or {})
            sheet.data = clean
            sheet.revision += 1
            sheet.submitted = sheet.submitted or bool(final)
            if team_game:
                sheet.agreed_by = initials if final else (
                    sheet.agreed_by if sheet.submitted else None)
            sheet.updated_at = utcnow()
            sheet.updated_by = actor.name
            session.add(SheetSubmission(key=key, sheet_id=sheet.id, revision=sheet.revision))
            changed = {k: [before.get(k), v] for k, v in clean.items() if before.get(k) != v}
            audit.record(session, actor, "sheet.final" if final else "sheet.update",
                         f"{match.label} {alliance}", before=before, after=clean,
                         event_id=event.id, note=", ".join(sorted(changed)))
            session.flush()
            live = _live_score(match, season)
            show = event.show_live_score
        update = self._sheet_changed(match, sheet, season, actor, live, show)
        if team_game and update["final"]:
            self._try_commit(match_id)
        return {"ok": True, "revision": update["revision"], "breakdown": update["breakdown"],
                "final": update["final"], "agreed_by": update["agreed_by"]}

    def _sheet_changed(self, match: Match, sheet: ScoreSheet, season: scoring.Season,
                       actor: Actor, live: dict[str, Any], show: bool) -> dict[str, Any]:
        """After a sheet changed and was stored: the running score first (the audience's
        screens are the most, and wait for nothing else), then the desk and the field's other
        tablets, which merge the change; returns that ``sheet.updated`` message."""
        self._publish_live(live, show)
        update = _sheet_update(match, sheet, season.score(sheet.data, constraints=False)
                               .to_dict(), actor)
        self.bus.publish("control", "sheet.updated", update)
        if update["field"] is not None:
            self.bus.publish(f"referee:{update['field']}", "sheet.updated", update)
        return update

    def sensor_count(self, device: str, match_id: int, alliance: str, field_id: str,
                     delta: int) -> dict[str, Any]:
        """Add ``delta`` counted by a field sensor to one input of an alliance's sheet (within
        the input's range), as the sensor board ``device``; audited like a referee's change,
        and merged by the tablets like one."""
        actor = Actor(name=f"sensor {device}", role="system", device=device)
        with self.db.session() as session:
            match, sheet, season, live, show = self._count_into(
                session, actor, match_id, alliance, field_id, delta)
        return self._sheet_changed(match, sheet, season, actor, live, show)

    def _count_into(self, session: Session, actor: Actor, match_id: int, alliance: str,
                    field_id: str, delta: int) -> tuple:
        event, match = self._scored_match(session, match_id)
        season = scoring.load_season(event.season_id)
        spec = next((f for f in season.fields if f.id == field_id), None)
        if spec is None or spec.kind != "count":
            raise ValidationError([("input", f"{field_id!r} is not a count of {season.id}")])
        sheet = self._ensure_sheets(session, match, season)[alliance]
        before = dict(sheet.data or {})
        value = int(before.get(field_id) or 0) + delta
        value = max(spec.min or 0, min(spec.max if spec.max is not None else value, value))
        data = {**before, field_id: value}
        sheet.data = season.validate(data, constraints=False)
        sheet.revision += 1
        sheet.updated_at = utcnow()
        sheet.updated_by = actor.name
        audit.record(session, actor, "sheet.sensor", f"{match.label} {alliance}",
                     before={field_id: before.get(field_id)}, after={field_id: value},
                     event_id=event.id, note=f"+{delta}")
        return match, sheet, season, _live_score(match, season), event.show_live_score

    def warm_up(self) -> bool:
        """Play one sensor count into the event's first match and roll it back, so the
        statements every count and tap runs are compiled when the server starts, not on the
        first ball of the day (16 ms more on this machine). Stores and publishes nothing;
        False when the event has no match or no count to play."""
        with self.db.session() as session:
            try:
                event = self._event(session)
            except NotFound:
                return False
            match_id = session.scalar(select(Match.id).where(Match.event_id == event.id)
                                      .order_by(Match.id).limit(1))
            count = next((f.id for f in scoring.load_season(event.season_id).fields
                          if f.kind == "count"), None)
            if match_id is None or count is None:
                return False
            actor = Actor(name="warm-up", role="system")
            self._count_into(session, actor, match_id, ALLIANCES[0], count, 1)
            session.flush()
            session.rollback()
        return True

    def _try_commit(self, match_id: int) -> None:
        """Commit a team game's match if it is due; the sheet is stored whatever happens."""
        try:
            self._commit_if_agreed(match_id)
        except Exception:  # the referee's sheet is saved; the head referee can commit
            log.exception("could not commit match %s after a final sheet", match_id)

    def _scored_match(self, session: Session, match_id: int) -> tuple[_ScoringEvent, Match]:
        """The event's scoring settings and a match with everything scoring it needs, on
        every tap of every referee and every sensor count: two prepared statements, the
        event's columns read without loading its row."""
        if self._event_id is None:
            self._event(session)
        row = session.execute(_SCORING_EVENT, {"event_id": self._event_id}).one_or_none()
        if row is None:  # the event was replaced: find it again
            self._event_id = None
            self._event(session)
            row = session.execute(_SCORING_EVENT, {"event_id": self._event_id}).one()
        match = session.execute(_SCORED_MATCH, {"match_id": match_id, "event_id": row.id}
                                ).unique().scalar_one_or_none()
        if match is None:
            raise NotFound(f"there is no match {match_id}")
        return row, match

    def _ensure_sheets(self, session: Session, match: Match,
                       season: scoring.Season) -> dict[str, ScoreSheet]:
        sheets = {s.alliance: s for s in match.sheets}
        for alliance in ALLIANCES:
            if alliance not in sheets:
                sheets[alliance] = ScoreSheet(match=match, alliance=alliance,
                                              data=season.blank_sheet())
                session.add(sheets[alliance])
        session.flush()
        return sheets

    def _publish_live_score(self, match_id: int) -> None:
        with self.db.session() as session:
            show = self._event(session).show_live_score
        self._publish_live(self._score_of(match_id), show)

    def _publish_live(self, live: dict[str, Any], show: bool) -> None:
        """The running score: always to the control desk, to the audience only if allowed."""
        if show:
            self.bus.publish("live", "score.live", live)
        self.bus.publish("control", "score.live", live)

    # -- tablets ---------------------------------------------------------------------------
    def tablet_connected(self, sid: str, actor: Actor, field: int | None,
                         alliance: str | None) -> None:
        self._tablets[sid] = {"sid": sid, "role": actor.role, "name": actor.name,
                              "device": actor.device, "field": field, "alliance": alliance,
                              "connected_at_ms": round(self.clock.wall() * 1000)}
        self.bus.publish("control", "tablets.updated", {"tablets": self.tablets()})

    def tablet_disconnected(self, sid: str) -> None:
        if self._tablets.pop(sid, None) is not None:
            self.bus.publish("control", "tablets.updated", {"tablets": self.tablets()})

    def tablets(self) -> list[dict[str, Any]]:
        return sorted(self._tablets.values(), key=lambda t: (t["field"] or 0, t["alliance"] or "",
                                                               t["connected_at_ms"]))

    # -- admin -----------------------------------------------------------------------------
    def import_teams(self, actor: Actor, text: str) -> tuple[int, int]:
        require(actor, "event.admin")
        with self.db.session() as session:
            event = self._event(session)
            added, updated = teams.import_teams(session, event, text)
            audit.record(session, actor, "teams.import", event.code, event_id=event.id,
                         after={"added": added, "updated": updated})
        self._rankings = None
        return added, updated

    def divisions(self) -> list[dict[str, Any]]:
        """Each division with its team count and field numbers."""
        with self.db.session() as session:
            return _divisions(self._event(session))

    def set_divisions(self, actor: Actor, count: int, names: list[str] | tuple = (),
                      seed: int | None = None) -> list[dict[str, Any]]:
        """Split the teams into ``count`` divisions of equal size (1 = no divisions).

        Teams are shuffled with ``seed`` and dealt in turn, so sizes differ by at most one;
        fields are dealt to divisions the same way when there are enough of them (otherwise
        every field plays every division). Refused once a qualification match is played;
        unplayed qualification matches are removed (their teams may have moved).
        """
        require(actor, "event.admin")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 8:
            raise ValidationError([("count", "an event has 1 to 8 divisions")])
        names = [n.strip() for n in names if n and n.strip()]
        if names and len(names) != count:
            raise ValidationError([("names", f"give {count} names, one per division, "
                                    f"or none (got {len(names)})")])
        with self.db.session() as session:
            event = self._event(session)
            quals = [m for m in event.matches if m.level == "qual"]
            if any(m.result is not None or m.status not in UNPLAYED for m in quals):
                raise Conflict("qualification matches have been played; divisions are locked")
            if any(m.level == "playoff" for m in event.matches):
                raise Conflict("playoffs exist; divisions are locked")
            if count > 1 and len(event.teams) < count * 2 * scoring.load_season(
                    event.season_id).alliance_size:
                raise ValidationError([("count", f"{len(event.teams)} teams are too few for "
                                        f"{count} divisions")])
            before = [d.to_dict() for d in event.divisions]
            for m in quals:
                session.delete(m)
            for team in event.teams:
                team.division = None
            for f in event.fields:
                f.division = None
            for d in list(event.divisions):
                session.delete(d)
            session.flush()
            event.divisions = []
            if count > 1:
                made = [Division(number=i + 1, code=chr(ord("A") + i),
                                 name=names[i] if names else f"Division {chr(ord('A') + i)}")
                        for i in range(count)]
                event.divisions = made
                order = sorted(event.teams, key=lambda t: t.number)
                random.Random(seed).shuffle(order)
                for i, team in enumerate(order):
                    team.division = made[i % count]
                if len(event.fields) >= count:
                    for i, f in enumerate(event.fields):
                        f.division = made[i % count]
            session.flush()
            after = [d.to_dict() for d in event.divisions]
            audit.record(session, actor, "divisions.set", event.code, before=before,
                         after=after, event_id=event.id, note=f"seed {seed}")
        self._rankings = None
        self.bus.publish("live", "schedule.updated", {"upcoming": self.upcoming()})
        return self.divisions()

    def _scope(self, session: Session, division: str | None) -> tuple[Event, int | None]:
        """The event and the id of the division named by ``division`` (None: no divisions)."""
        event = self._event(session)
        div = self._division(session, event, division)
        return event, div.id if div else None

    def _division(self, session: Session, event: Event, code: str | None) -> Division | None:
        """The division named by ``code``; None for an event without divisions."""
        if not event.divisions:
            if code:
                raise NotFound(f"this event has no divisions (asked for {code!r})")
            return None
        for d in event.divisions:
            if d.code == code:
                return d
        codes = ", ".join(d.code for d in event.divisions)
        if code is None:
            raise ValidationError([("division", f"choose a division: {codes}")])
        raise NotFound(f"there is no division {code!r}; divisions: {codes}")

    def generate_schedule(self, actor: Actor, matches_per_team: int, start: datetime,
                          cycle: timedelta, breaks: list[brackets.Break] | tuple = (),
                          seed: int | None = None, *, division: str | None = None,
                          turnaround: timedelta = timedelta(0),
                          simultaneous: bool = False) -> int:
        """Replace one division's (or the event's) qualification schedule.

        Matches go to the division's fields: staggered (a match starts every ``cycle`` /
        fields, FTC alternating two fields) or ``simultaneous`` (waves on all fields, FLL
        table pairs). A team's consecutive matches never start closer than ``turnaround``:
        the generator keeps enough matches between them and the timing adds delay where a
        break or the layout would still bring them closer. Refused once any of its
        qualification matches is played.
        """
        require(actor, "event.admin")
        with self.db.session() as session:
            event = self._event(session)
            div = self._division(session, event, division)
            div_id = div.id if div else None
            season = scoring.load_season(event.season_id)
            quals = session.scalars(select(Match).where(Match.event_id == event.id,
                                                        Match.level == "qual")).all()
            mine = [m for m in quals if m.division_id == div_id]
            if any(m.result is not None or m.status not in UNPLAYED for m in mine):
                raise Conflict("qualification matches have been played; the schedule is locked")
            roster = {t.number: t for t in event.teams if t.division_id == div_id}
            fields = [f for f in event.fields if div is None or f.division_id == div_id] or list(
                event.fields)
            try:
                gap = brackets.gap_for_turnaround(len(fields), cycle, turnaround,
                                                  simultaneous=simultaneous)
                limit = len(roster) // (2 * season.alliance_size)
                plan = brackets.generate_schedule(sorted(roster), matches_per_team,
                                                  season.alliance_size, seed=seed,
                                                  min_gap=min(gap, limit) or None)
                slots = brackets.plan_slots(plan, len(fields), start, cycle, list(breaks),
                                            simultaneous=simultaneous, turnaround=turnaround)
            except ValueError as exc:
                raise ValidationError([("schedule", str(exc))]) from None
            for old in mine:
                session.delete(old)
            session.flush()
            # Each division's schedule is a block of numbers after the other divisions'.
            offset = max((m.number for m in quals if m.division_id != div_id), default=0)
            for sm, slot in zip(plan.matches, slots, strict=True):
                match = Match(event_id=event.id, level="qual", number=offset + sm.number,
                              division_id=div_id, field=fields[slot.field - 1],
                              scheduled_at=slot.start)
                for color, alliance in (("red", sm.red), ("blue", sm.blue)):
                    for station, number in enumerate(alliance, start=1):
                        match.slots.append(MatchTeam(team=roster[number], alliance=color,
                                                     station=station,
                                                     surrogate=number in sm.surrogates))
                session.add(match)
            quality = brackets.schedule_quality(plan)
            audit.record(session, actor, "schedule.generate", event.code, event_id=event.id,
                         after={"matches": len(plan.matches), "matches_per_team":
                                matches_per_team, "quality": quality, "seed": seed,
                                "division": division, "fields": [f.number for f in fields],
                                "turnaround_s": turnaround.total_seconds()})
            count = len(plan.matches)
        self._rankings = None
        self.bus.publish("live", "schedule.updated", {"upcoming": self.upcoming()})
        return count

    def create_user(self, actor: Actor, username: str, password: str, role: str,
                    display_name: str = "") -> None:
        require(actor, "event.admin")
        with self.db.session() as session:
            user = accounts.create_user(session, username, password, role, display_name)
            audit.record(session, actor, "user.create", user.username, after={"role": role})

    def create_join_code(self, actor: Actor, role: str, field: int | None, station: str | None,
                         label: str = "") -> str:
        require(actor, "event.admin")
        if field is not None and field not in self.field_numbers():
            raise ValidationError([("field", f"there is no field {field}")])
        with self.db.session() as session:
            event = self._event(session)
            join = accounts.create_join_code(session, event, role, field, station, label)
            audit.record(session, actor, "join_code.create", join.label, event_id=event.id,
                         after={"role": role, "field": field, "station": station})
            return join.code

    def admin_overview(self, actor: Actor) -> dict[str, Any]:
        """What the admin page lists: teams, schedule size, users, join codes."""
        require(actor, "event.admin")
        with self.db.session() as session:
            event = self._event(session)
            users = session.scalars(select(User).order_by(User.username)).all()
            codes = session.scalars(select(JoinCode).where(JoinCode.event_id == event.id,
                                                           JoinCode.revoked.is_(False))
                                    .order_by(JoinCode.id)).all()
            return {
                "teams": [t.to_dict() for t in event.teams],
                "match_count": session.scalar(select(func.count(Match.id))
                                              .where(Match.event_id == event.id)),
                "users": [{"username": u.username, "display_name": u.display_name,
                           "role": u.role} for u in users],
                "join_codes": [{"code": c.code, "role": c.role, "field": c.field_number,
                                "station": c.station, "label": c.label} for c in codes],
                "divisions": _divisions(event),
            }

    # -- reading ---------------------------------------------------------------------------
    def _match(self, session: Session, event: Event, match_id: int) -> Match:
        match = session.get(Match, match_id)
        if match is None or match.event_id != event.id:
            raise NotFound(f"there is no match {match_id}")
        return match

    def _matches(self, session: Session, event: Event, *, sheets: bool = False) -> list[Match]:
        """Every match in playing order: robot-game rounds (FLL) by time, the others by
        level (qualification, practice, playoff) and number. Teams, results and fields come
        in the same few queries (and the sheets, with ``sheets``)."""
        options = [selectinload(Match.slots).selectinload(MatchTeam.team),
                   selectinload(Match.result), selectinload(Match.field),
                   selectinload(Match.division)]
        if sheets:
            options.append(selectinload(Match.sheets))
        rows = session.scalars(
            select(Match).where(Match.event_id == event.id).options(*options)).all()
        return sorted(rows, key=_playing_order)

    def _next_match(self, session: Session, event: Event, field: int) -> Match | None:
        for match in self._matches(session, event):
            if match.result is None and match.status in UNPLAYED and (
                match.field is None or match.field.number == field
            ):
                return match
        return None

    def upcoming(self, limit: int = 8) -> list[dict[str, Any]]:
        with self.db.session() as session:
            event = self._event(session)
            rows = [m for m in self._matches(session, event) if m.result is None]
            return [_match_info(m) for m in rows[:limit]]

    def schedule(self) -> list[dict[str, Any]]:
        with self.db.session() as session:
            event = self._event(session)
            return [_match_with_result(m) for m in self._matches(session, event)]

    def match_records(self, match_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Matches in playing order (all, or those named) with what printed and exported
        results need beyond the schedule: when each started, when and by whom it was
        committed, both committed breakdowns, and the referees' current sheets."""
        wanted = None if match_ids is None else set(match_ids)
        with self.db.session() as session:
            event = self._event(session)
            out = []
            for m in self._matches(session, event, sheets=True):
                if wanted is not None and m.id not in wanted:
                    continue
                entry = _match_with_result(m)
                r = m.result
                entry.update(
                    started_at=m.started_at, committed_at=r.committed_at if r else None,
                    committed_by=r.committed_by if r else None,
                    breakdowns={"red": dict(r.red_breakdown or {}),
                                "blue": dict(r.blue_breakdown or {})} if r else None,
                    sheets={s.alliance: dict(s.data or {}) for s in m.sheets})
                out.append(entry)
            return out

    def teams(self) -> list[dict[str, Any]]:
        with self.db.session() as session:
            return [t.to_dict() for t in self._event(session).teams]

    def rankings(self, division: str | None = None) -> list[dict[str, Any]]:
        """Qualification rankings from committed matches (see ``brackets.rank_teams``).

        With divisions, each division ranks on its own: ``division`` picks one; without it
        every division's table comes in division order, each row naming its division.
        """
        cached = self._rankings
        if cached is None:
            cached = self._rankings = self._rank_all()
        if division is None:
            return cached
        return [row for row in cached if row["division"] == division]

    def _rank_all(self) -> list[dict[str, Any]]:
        with self.db.session() as session:
            event = self._event(session)
            season = scoring.load_season(event.season_id)
            if season.ranking.rp == "best":  # FLL robot game: best score, then 2nd, 3rd
                return self.fll.rank_rows(session, event, season)
            # Averaged keys (TBP1, TBP2) go to rank_teams; "highest match score" is built in.
            keys = [k.of for k in season.ranking.keys if k.agg == "mean"]
            outcomes: dict[int | None, list[brackets.MatchOutcome]] = {}
            for m in self._matches(session, event):
                if m.level != "qual" or m.result is None:
                    continue
                r = m.result
                red = tuple(s.team.number for s in m.alliance("red"))
                blue = tuple(s.team.number for s in m.alliance("blue"))
                outcomes.setdefault(m.division_id, []).append(brackets.MatchOutcome(
                    red=red, blue=blue, red_score=r.red_score, blue_score=r.blue_score,
                    red_tiebreakers=tuple(_figure(r.red_breakdown, k) for k in keys),
                    blue_tiebreakers=tuple(_figure(r.blue_breakdown, k) for k in keys),
                    surrogates=frozenset(s.team.number for s in m.slots if s.surrogate),
                    disqualified=frozenset(s.team.number for s in m.slots if s.disqualified),
                ))
            groups: list[tuple[Division | None, list]] = (
                [(d, [t for t in event.teams if t.division_id == d.id]) for d in event.divisions]
                if event.divisions else [(None, list(event.teams))])
            result = []
            for division, members in groups:
                roster = {t.number: t.to_dict() for t in members}
                ranked = brackets.rank_teams(outcomes.get(division.id if division else None, []),
                                             teams=sorted(roster),
                                             win_points=season.ranking.win,
                                             tie_points=season.ranking.tie)
                for row in ranked:
                    entry = row.to_dict()
                    entry["team"] = roster[row.team]
                    entry["division"] = division.code if division else None
                    result.append(entry)
        return result

    def team_page(self, number: int) -> dict[str, Any]:
        with self.db.session() as session:
            event = self._event(session)
            team = next((t for t in event.teams if t.number == number), None)
            if team is None:
                raise NotFound(f"team {number} is not registered at this event")
            matches = []
            for m in self._matches(session, event):
                slot = next((s for s in m.slots if s.team_id == team.id), None)
                if slot is not None:
                    entry = _match_with_result(m)
                    entry["alliance"] = slot.alliance
                    matches.append(entry)
            team_dict = team.to_dict()
        ranking = next((r for r in self.rankings() if r["team"]["number"] == number), None)
        next_match = next((m for m in matches if m["result"] is None), None)
        return {"team": team_dict, "ranking": ranking, "matches": matches,
                "next_match": next_match}

    def referee_snapshot(self, field: int) -> dict[str, Any]:
        ctl = self.controller(field)
        info = ctl.match
        sheets: dict[str, Any] = {}
        if info is not None:
            with self.db.session() as session:
                match = session.get(Match, info["id"])
                if match is not None:
                    sheets = {s.alliance: {"data": s.data, "revision": s.revision,
                                           "final": s.submitted, "agreed_by": s.agreed_by}
                              for s in match.sheets}
        return {"field": field, "state": ctl.state, "match": info, "sheets": sheets,
                "timing": ctl.timing()}

    def live_snapshot(self) -> dict[str, Any]:
        """Everything /live shows. Its ``seq`` is read first, so whatever is published while
        it is built carries a higher number and reaches the client too."""
        seq = self.bus.last_seq("live")
        fields = [self.controller(n).snapshot() for n in self.field_numbers()]
        with self.db.session() as session:
            event = self._event(session)
            show = event.show_live_score
            last = session.scalars(
                select(MatchResult).join(Match).where(Match.event_id == event.id)
                .order_by(MatchResult.committed_at.desc()).limit(1)
            ).first()
            last_result = ({"match": _match_info(last.match), **_result_payload(last)}
                           if last else None)
            event_dict = _event_dict(event)
            display = {"mode": event.display_mode, "division": event.display_division}
        live = {}
        if show:
            for f in fields:
                if f["match"] and f["state"] not in ("committed", "idle"):
                    live[f["field"]] = self._score_of(f["match"]["id"])
        return {"seq": seq, "server_ms": round(self.clock.wall() * 1000),
                "event": event_dict, "show_live_score": show, "fields": fields, "live": live,
                "last_result": last_result, "rankings": self.rankings(),
                "upcoming": self.upcoming(), "display": self._display(display)}

    def control_snapshot(self) -> dict[str, Any]:
        fields = [self.controller(n).snapshot() for n in self.field_numbers()]
        sheets = {}
        for f in fields:
            if f["match"]:
                sheets[f["field"]] = self.referee_snapshot(f["field"])["sheets"]
        with self.db.session() as session:
            show = self._event(session).show_live_score
        return {"seq": self.bus.last_seq("control"), "fields": fields, "sheets": sheets,
                "live": {f["field"]: self._score_of(f["match"]["id"]) for f in fields
                         if f["match"]},
                "tablets": self.tablets(), "upcoming": self.upcoming(),
                "show_live_score": show, "devices": self.devices.panel()}

    def _score_of(self, match_id: int) -> dict[str, Any]:
        with self.db.session() as session:
            event = self._event(session)
            match = session.get(Match, match_id)
            if match is None:
                raise NotFound(f"there is no match {match_id}")
            return _live_score(match, scoring.load_season(event.season_id))


# The statements a sheet change runs, built once (building one costs more than running it).
_SCORING_EVENT = select(Event.id, Event.season_id, Event.show_live_score).where(
    Event.id == bindparam("event_id"))
_SCORED_MATCH = (
    select(Match)
    .where(Match.id == bindparam("match_id"), Match.event_id == bindparam("event_id"))
    .options(joinedload(Match.field), joinedload(Match.result), joinedload(Match.sheets)))
_ScoringEvent = Row


def _outcome(match: Match, season: scoring.Season, *, live: bool = False) -> scoring.MatchResult:
    """Both sides scored from their current sheets (``live``: drafts, which may still break
    a constraint). In a team game a table without a team scores nothing (a blank sheet would
    still hold its precision tokens)."""
    sheets = {s.alliance: s.data for s in match.sheets}
    outcome = season.score_match(sheets.get("red", {}), sheets.get("blue", {}),
                                 constraints=not live)
    if season.game != "team":
        return outcome
    sides = {s.alliance for s in match.slots}
    nothing = scoring.Breakdown(total=0, parts={p: 0 for p, _ in season.parts}, np_total=0,
                                items={})
    red = outcome.red if "red" in sides else nothing
    blue = outcome.blue if "blue" in sides else nothing
    winner = "red" if red.total > blue.total else "blue" if blue.total > red.total else "tie"
    return scoring.MatchResult(red=red, blue=blue, winner=winner)


def _sheet_update(match: Match, sheet: ScoreSheet, breakdown: dict[str, Any],
                  actor: Actor) -> dict[str, Any]:
    """The ``sheet.updated`` message of a changed sheet (from a tablet or a sensor)."""
    return {"field": match.field.number if match.field else None, "match_id": match.id,
            "alliance": sheet.alliance, "data": sheet.data, "revision": sheet.revision,
            "breakdown": breakdown, "by": actor.name, "final": sheet.submitted,
            "agreed_by": sheet.agreed_by}


def _live_score(match: Match, season: scoring.Season) -> dict[str, Any]:
    """The running score of a match from its current sheets: totals and parts, no items (it
    goes to every audience screen on every tap, so it stays small)."""
    outcome = _outcome(match, season, live=True)

    def brief(b: scoring.Breakdown) -> dict[str, Any]:
        return {"total": b.total, "np_total": b.np_total, "parts": dict(b.parts)}

    return {"field": match.field.number if match.field else None, "match_id": match.id,
            "red": brief(outcome.red), "blue": brief(outcome.blue)}


_LEVEL_ORDER = {"qual": 0, "practice": 1, "playoff": 2}


def _playing_order(match: Match) -> tuple:
    if match.round is not None:  # FLL robot game: the planned day's order
        return (0, match.scheduled_at or datetime.max, match.field_id or 0, match.id)
    return (1, _LEVEL_ORDER.get(match.level, 3), match.number, match.id)


def _plan(season: scoring.Season) -> PhasePlan:
    t = season.timing
    if t.match:  # one timed phase (FLL: 2:30)
        return PhasePlan((("match", float(t.match)),))
    return PhasePlan.from_timing(t.auto, t.transition, t.teleop, t.endgame)


def _figure(breakdown: dict[str, Any], of: str) -> int:
    """A stored breakdown's "total", "np_total" or part, as ``Breakdown.value`` reads it."""
    if of in ("total", "np_total"):
        return breakdown.get(of, 0)
    return breakdown.get("parts", {}).get(of, 0)


def _divisions(event: Event) -> list[dict[str, Any]]:
    return [{**d.to_dict(), "teams": sum(1 for t in event.teams if t.division_id == d.id),
             "fields": [f.number for f in event.fields if f.division_id == d.id]}
            for d in event.divisions]


def _event_dict(event: Event) -> dict[str, Any]:
    return {"code": event.code, "name": event.name, "season_id": event.season_id,
            "venue": event.venue, "language": event.language,
            "divisions": [d.to_dict() for d in event.divisions]}


def _match_info(match: Match) -> dict[str, Any]:
    def slots(color: str) -> list[dict[str, Any]]:
        return [{"number": s.team.number, "name": s.team.name, "station": s.station,
                 "surrogate": s.surrogate, "disqualified": s.disqualified}
                for s in match.alliance(color)]

    return {"id": match.id, "label": match.label, "level": match.level, "number": match.number,
            "field": match.field.number if match.field else None,
            "scheduled_at": match.scheduled_at.isoformat(timespec="minutes")
            if match.scheduled_at else None,
            "status": match.status, "red": slots("red"), "blue": slots("blue"),
            "division": match.division.code if match.division else None,
            "bracket_key": match.bracket_key, "game": match.game}


def _result_dict(result: MatchResult) -> dict[str, Any]:
    return {"red_score": result.red_score, "blue_score": result.blue_score,
            "winner": result.winner}


def _result_payload(result: MatchResult) -> dict[str, Any]:
    return {"red": result.red_breakdown, "blue": result.blue_breakdown, "winner": result.winner}


def _match_with_result(match: Match) -> dict[str, Any]:
    entry = _match_info(match)
    entry["result"] = _result_dict(match.result) if match.result else None
    return entry
