"""Alliance selection at the event: starting it from the rankings, each invite and answer, undo.

The stored record is what happened (the ranking it started from, the rules, the actions in
order); the board is recomputed from it by ``brackets.selection_state``. Every change is
audited and published on the ``live`` channel as ``selection.updated``, which the audience
display and the scorekeeper's page both draw from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import scoring
from brackets.selection import (
    Action,
    SelectionError,
    SelectionRules,
    SelectionState,
    selection_state,
)

from . import audit
from .accounts import Actor, require
from .errors import Conflict, NotFound, ValidationError
from .models import AllianceSelection, Event, Playoff

if TYPE_CHECKING:
    from .venue import Venue

KINDS = ("invite", "accept", "decline")


class SelectionDesk:
    """Alliance selection use cases; one per venue (``venue.selection``)."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue

    # -- commands --------------------------------------------------------------------------
    def start(self, actor: Actor, *, division: str | None = None, alliances: int | None = None,
              picks: int | None = None, backups: int = 0, pick_seconds: int | None = None,
              force: bool = False) -> dict[str, Any]:
        """Open alliance selection from the current rankings (refused while qualification
        matches are unplayed unless ``force``, and once playoffs exist)."""
        require(actor, "playoff.run")
        v = self.venue
        with v.db.session() as session:
            event, div_id = v._scope(session, division)
            if _playoff(session, event, div_id) is not None:
                raise Conflict("the playoffs have been created; alliance selection is closed")
            unplayed = [m for m in event.matches if m.level == "qual"
                        and m.division_id == div_id and m.result is None]
            if unplayed and not force:
                raise Conflict(f"{len(unplayed)} qualification matches are not committed yet "
                               f"(first: {min(unplayed, key=lambda m: m.number).label})")
            season = scoring.load_season(event.season_id)
            ranking = [row["team"]["number"] for row in v.rankings(division)]
            default = SelectionRules.ftc_default(len(ranking))
            errors = []
            if alliances is not None and not 2 <= alliances <= 16:
                errors.append(("alliances", "2 to 16 alliances"))
            if picks is not None and not 1 <= picks <= 3:
                errors.append(("picks", "each captain picks 1 to 3 teams"))
            if not 0 <= backups <= 16:
                errors.append(("backups", "0 to 16 backup teams"))
            if pick_seconds is not None and not 10 <= pick_seconds <= 600:
                errors.append(("pick_seconds", "a pick timer of 10 to 600 seconds, or none"))
            if errors:
                raise ValidationError(errors)
            rules = SelectionRules(alliances=alliances or default.alliances,
                                   picks=picks or max(1, season.alliance_size - 1),
                                   backups=backups)
            if len(ranking) < rules.alliances * (rules.picks + 1):
                raise ValidationError([("alliances", f"{len(ranking)} teams cannot fill "
                                        f"{rules.alliances} alliances of {rules.picks + 1}")])
            row = _selection(session, event, div_id)
            if row is None:
                row = AllianceSelection(event_id=event.id, division_id=div_id)
                session.add(row)
            row.rules = _rules_dict(rules)
            row.ranking = ranking
            row.actions = []
            row.pick_seconds = pick_seconds
            row.turn_started_ms = self._now_ms()
            audit.record(session, actor, "selection.start", _subject(division),
                         after={"rules": row.rules, "ranking": ranking,
                                "pick_seconds": pick_seconds, "forced": bool(unplayed)},
                         event_id=event.id)
        return self._publish(division)

    def act(self, actor: Actor, kind: str, team: int | None = None, *,
            division: str | None = None) -> dict[str, Any]:
        """An invite (``team``), or the invited team's accept or decline."""
        require(actor, "playoff.run")
        if kind not in KINDS:
            raise ValidationError([("kind", f"must be one of {', '.join(KINDS)}")])
        if kind == "invite" and (isinstance(team, bool) or not isinstance(team, int)):
            raise ValidationError([("team", "an invite names a team number")])
        action = Action(kind=kind, team=team if kind == "invite" else None)
        return self._change(actor, division, "selection." + kind,
                            lambda actions: [*actions, action], str(team or ""))

    def undo(self, actor: Actor, *, division: str | None = None) -> dict[str, Any]:
        require(actor, "playoff.run")

        def drop(actions: list[Action]) -> list[Action]:
            if not actions:
                raise Conflict("nothing to undo")
            return actions[:-1]

        return self._change(actor, division, "selection.undo", drop, "")

    def _change(self, actor: Actor, division: str | None, what: str, edit, note: str):
        v = self.venue
        with v.db.session() as session:
            event, div_id = v._scope(session, division)
            row = _selection(session, event, div_id)
            if row is None:
                raise NotFound("alliance selection has not started")
            if _playoff(session, event, div_id) is not None:
                raise Conflict("the playoffs have been created; alliance selection is closed")
            actions = [Action(kind=a["kind"], team=a.get("team")) for a in row.actions]
            new = edit(actions)
            try:
                selection_state(row.ranking, _rules(row.rules), new)
            except SelectionError as exc:
                raise ValidationError([("selection", str(exc))]) from None
            before = list(row.actions)
            row.actions = [{"kind": a.kind, "team": a.team} for a in new]
            row.turn_started_ms = self._now_ms()
            audit.record(session, actor, what, _subject(division), before=before[-1:] or None,
                         after=row.actions[-1:] or None, event_id=event.id, note=note)
        return self._publish(division)

    # -- reading ---------------------------------------------------------------------------
    def snapshot(self, division: str | None = None) -> dict[str, Any]:
        """The board: alliances with team names, who picks, the pending invite, the teams
        still available in rank order, the timer; ``started`` False before it opens."""
        v = self.venue
        with v.db.session() as session:
            event, div_id = v._scope(session, division)
            row = _selection(session, event, div_id)
            names = {t.number: t.name for t in event.teams}
            if row is None:
                return {"started": False, "division": division, "server_ms": self._now_ms()}
            state = _board(row)
            rank_of = {number: i + 1 for i, number in enumerate(row.ranking)}

            def team(number: Any) -> dict[str, Any] | None:
                if number is None:
                    return None
                return {"number": number, "name": names.get(number, ""),
                        "rank": rank_of.get(number)}

            return {
                "started": True, "division": division, "done": state.done,
                "rules": row.rules, "round": state.round,
                "turn": None if state.turn is None else state.turn + 1,
                "alliances": [{"seed": i + 1, "teams": [team(n) for n in members]}
                              for i, members in enumerate(state.alliances)],
                "pending": team(state.pending),
                "declined": [team(n) for n in row.ranking if n in state.declined],
                "available": [team(n) for n in state.available],
                "backups": [team(n) for n in state.backups],
                "can_undo": bool(row.actions),
                "timer": {"seconds": row.pick_seconds, "started_ms": row.turn_started_ms},
                "server_ms": self._now_ms(),
            }

    def alliances(self, session: Session, event: Event, div_id: int | None) -> list[list[int]]:
        """The finished selection's alliances (captain first); Conflict while it is open."""
        row = _selection(session, event, div_id)
        if row is None:
            raise Conflict("alliance selection has not started")
        state = _board(row)
        if not state.done:
            raise Conflict("alliance selection is not finished")
        return [list(members) for members in state.alliances]

    def _publish(self, division: str | None) -> dict[str, Any]:
        snap = self.snapshot(division)
        self.venue.bus.publish("live", "selection.updated", snap)
        return snap

    def _now_ms(self) -> int:
        return round(self.venue.clock.wall() * 1000)


def _selection(session: Session, event: Event, div_id: int | None) -> AllianceSelection | None:
    return session.scalar(select(AllianceSelection).where(
        AllianceSelection.event_id == event.id,
        AllianceSelection.division_id.is_(None) if div_id is None
        else AllianceSelection.division_id == div_id))


def _playoff(session: Session, event: Event, div_id: int | None) -> Playoff | None:
    """The division's playoff bracket, if created."""
    return session.scalar(select(Playoff).where(
        Playoff.event_id == event.id,
        Playoff.division_id.is_(None) if div_id is None else Playoff.division_id == div_id))


def _rules_dict(rules: SelectionRules) -> dict[str, Any]:
    return {"alliances": rules.alliances, "picks": rules.picks, "backups": rules.backups,
            "serpentine": rules.serpentine}


def _rules(data: dict[str, Any]) -> SelectionRules:
    return SelectionRules(alliances=data["alliances"], picks=data["picks"],
                          backups=data.get("backups", 0),
                          serpentine=data.get("serpentine", True))


def _board(row: AllianceSelection) -> SelectionState:
    """The selection board recomputed from the stored ranking, rules and actions."""
    return selection_state(row.ranking, _rules(row.rules),
                           [Action(kind=a["kind"], team=a.get("team")) for a in row.actions])


def _subject(division: str | None) -> str:
    return f"division {division}" if division else "event"


