"""Playoffs at the event: the bracket of the selected alliances, played through the same match
controller, tablets and displays as qualification matches.

A ``Playoff`` row keeps the format, the alliances in seed order and the games in the order they
were decided; ``brackets.BracketState`` recomputes the bracket from them. After every change
the matches that can be played now get ``Match`` rows (level "playoff", ``bracket_key`` and
``game``), so the scorekeeper loads them like any other match, and the bracket advances by
itself when a playoff match is committed. A tie that the season's playoff tie-breakers do not
break is recorded as a tied game, and the bracket asks for the next game: the replay.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

import scoring
from brackets.elimination import (
    Bracket,
    BracketError,
    BracketState,
    Game,
    double_elimination,
    double_elimination_bracket,
    single_elimination,
    source_dict,
)

from . import audit
from .accounts import Actor, require
from .errors import Conflict, NotFound, ValidationError
from .models import UNPLAYED, Event, Match, MatchTeam, Playoff
from .selection import _playoff, _subject

if TYPE_CHECKING:
    from .venue import Venue

KINDS = ("first", "single", "double")
SIDES = ("red", "blue", "both")


def build_bracket(fmt: dict[str, Any]) -> Bracket:
    """The bracket a stored format describes (see ``PlayoffDesk.create``)."""
    n = fmt["alliances"]
    if fmt["kind"] == "first":
        return double_elimination(n, final=fmt.get("final", "two_wins"))
    if fmt["kind"] == "single":
        return single_elimination(n, third_place=fmt.get("third_place", False),
                                  best_of=fmt.get("best_of", 1),
                                  final_best_of=fmt.get("final_best_of"))
    return double_elimination_bracket(n, grand_final=fmt.get("grand_final", "reset"),
                                      best_of=fmt.get("best_of", 1))


class PlayoffDesk:
    """Playoff use cases; one per venue (``venue.playoffs``)."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue

    # -- commands --------------------------------------------------------------------------
    def create(self, actor: Actor, *, division: str | None = None, kind: str = "first",
               final: str = "two_wins", best_of: int = 1, third_place: bool = False,
               grand_final: str = "reset", top_teams: int | None = None) -> dict[str, Any]:
        """Create the bracket from the finished alliance selection and its first matches.

        ``kind``: "first" (FIRST double elimination for 2, 4, 6 or 8 alliances; ``final``
        "two_wins" is FTC's final, "best_of_3" FRC's), "single" (single elimination,
        ``best_of`` games per series, optional ``third_place``) or "double" (any number of
        alliances, ``grand_final`` "none", "single" or "reset").

        ``top_teams``: head-to-head playoffs without alliance selection (FLL robot game): the
        best ``top_teams`` of the rankings, seeded by rank, one team a side.
        """
        require(actor, "playoff.run")
        errors = []
        if kind not in KINDS:
            errors.append(("kind", f"must be one of {', '.join(KINDS)}"))
        if final not in ("two_wins", "best_of_3"):
            errors.append(("final", "must be two_wins or best_of_3"))
        if isinstance(best_of, bool) or not isinstance(best_of, int) or best_of not in (1, 3, 5,
                                                                                         7):
            errors.append(("best_of", "a series is best of 1, 3, 5 or 7"))
        if grand_final not in ("none", "single", "reset"):
            errors.append(("grand_final", "must be none, single or reset"))
        if top_teams is not None and (isinstance(top_teams, bool) or not isinstance(
                top_teams, int) or not 2 <= top_teams <= 32):
            errors.append(("top_teams", "head-to-head playoffs take 2 to 32 teams"))
        if errors:
            raise ValidationError(errors)
        v = self.venue
        with v.db.session() as session:
            event, div_id = v._scope(session, division)
            if _playoff(session, event, div_id) is not None:
                raise Conflict("the playoffs already exist")
            if top_teams is None:
                alliances = v.selection.alliances(session, event, div_id)
            else:
                ranked = v.rankings(division)
                if len(ranked) < top_teams:
                    raise ValidationError([("top_teams", f"only {len(ranked)} teams are "
                                            "ranked")])
                alliances = [[row["team"]["number"]] for row in ranked[:top_teams]]
            fmt = {"kind": kind, "alliances": len(alliances), "final": final,
                   "best_of": best_of, "third_place": bool(third_place),
                   "grand_final": grand_final}
            try:
                build_bracket(fmt)
            except ValueError as exc:
                raise ValidationError([("kind", str(exc))]) from None
            playoff = Playoff(event_id=event.id, division_id=div_id, format=fmt,
                              alliances=alliances, games=[], disqualified=[])
            session.add(playoff)
            session.flush()
            self._sync(session, event, playoff)
            audit.record(session, actor, "playoff.create", _subject(division), after=fmt,
                         event_id=event.id)
        return self._published(division)

    def forfeit(self, actor: Actor, key: str, side: str, *,
                division: str | None = None) -> dict[str, Any]:
        """The ``side`` alliance ("both" for a double forfeit) forfeits bracket match ``key``."""
        require(actor, "playoff.run")
        if side not in SIDES:
            raise ValidationError([("side", "must be red, blue or both")])

        def add(playoff: Playoff, state: BracketState) -> None:
            status = _status(state, key)
            if status.status != "ready":
                raise Conflict(f"{key} is not waiting to be played ({status.status})")
            playoff.games = [*playoff.games, {"match": key, "winner": None, "forfeit": side,
                                              "match_id": None}]

        return self._change(actor, division, "playoff.forfeit", f"{key} {side}", add)

    def disqualify(self, actor: Actor, seed: int, *, division: str | None = None,
                   note: str = "") -> dict[str, Any]:
        """Remove alliance ``seed`` from the whole bracket: it forfeits every series it has
        not finished; results already played stand."""
        require(actor, "playoff.run")

        def add(playoff: Playoff, state: BracketState) -> None:
            if not isinstance(seed, int) or not 1 <= seed <= len(playoff.alliances):
                raise ValidationError([("seed", f"there is no alliance {seed}")])
            if seed in playoff.disqualified:
                raise Conflict(f"alliance {seed} is already disqualified")
            playoff.disqualified = [*playoff.disqualified, seed]

        return self._change(actor, division, "playoff.disqualify", f"alliance {seed} {note}",
                            add)

    def _change(self, actor: Actor, division: str | None, action: str, note: str, edit):
        v = self.venue
        with v.db.session() as session:
            event, playoff = self._playoff(session, division)
            before = {"games": list(playoff.games), "disqualified": list(playoff.disqualified)}
            edit(playoff, _state(playoff))
            self._sync(session, event, playoff)
            audit.record(session, actor, action, _subject(division), before=before,
                         after={"games": playoff.games, "disqualified": playoff.disqualified},
                         event_id=event.id, note=note)
        return self._published(division)

    def record_commit(self, session: Session, event: Event, match: Match,
                      outcome: scoring.MatchResult, season: scoring.Season) -> None:
        """Called in the unit of work that commits a playoff match: the game's winner (after
        the season's playoff tie-breakers; a true tie is a tied game, replayed) joins the
        bracket and the next matches appear. A replay's new result replaces the old one,
        unless later playoff results already stand on it."""
        playoff = session.get(Playoff, match.playoff_id)
        if playoff is None:
            return
        winner = season.playoff_winner(outcome)
        entry = {"match": match.bracket_key, "winner": None if winner == "tie" else winner,
                 "forfeit": None, "match_id": match.id}
        games = list(playoff.games)
        index = next((i for i, g in enumerate(games) if g.get("match_id") == match.id), None)
        if index is None:
            games.append(entry)
        elif games[index]["winner"] != entry["winner"]:
            if index != len(games) - 1:
                raise Conflict(f"{match.label}: later playoff results stand on this one; "
                               "a different winner cannot be committed now")
            games[index] = entry
        playoff.games = games
        try:
            state = _state(playoff)
        except BracketError as exc:
            raise Conflict(str(exc)) from None
        self._sync(session, event, playoff, state)

    def _sync(self, session: Session, event: Event, playoff: Playoff,
              state: BracketState | None = None) -> None:
        """Make the playoff ``Match`` rows match the bracket (``state``, if the caller has
        just computed it): one per game that can be played now; unplayed rows that are no
        longer needed go (unless loaded on a field)."""
        state = state or _state(playoff)
        rows = session.scalars(select(Match).where(Match.playoff_id == playoff.id)
                               .options(selectinload(Match.result))).all()
        want = {(s.key, s.next_game): s for s in state.ready()}
        loaded = {ctl.match["id"] for ctl in self.venue.loaded_controllers()}
        have = {}
        for m in rows:
            if (m.bracket_key, m.game) not in want and m.result is None and (
                    m.status in UNPLAYED and m.id not in loaded):
                session.delete(m)
            else:
                have[(m.bracket_key, m.game)] = m
        session.flush()
        fields = [f for f in event.fields
                  if playoff.division_id is None or f.division_id == playoff.division_id]
        fields = fields or list(event.fields)
        number = session.scalar(select(func.max(Match.number)).where(
            Match.event_id == event.id, Match.level == "playoff")) or 0
        roster = {t.number: t for t in event.teams}
        size = scoring.load_season(event.season_id).alliance_size
        for (key, game), status in want.items():
            if (key, game) in have:
                continue
            number += 1
            match = Match(event_id=event.id, level="playoff", number=number,
                          division_id=playoff.division_id, playoff_id=playoff.id,
                          bracket_key=key, game=game, field=fields[(number - 1) % len(fields)])
            for color, seed in (("red", status.red), ("blue", status.blue)):
                # The captain and the first picks play; a third pick waits its turn.
                for station, team in enumerate(playoff.alliances[seed - 1][:size], start=1):
                    match.slots.append(MatchTeam(team=roster[team], alliance=color,
                                                 station=station))
            session.add(match)
        session.flush()

    # -- reading ---------------------------------------------------------------------------
    def snapshot(self, division: str | None = None) -> dict[str, Any]:
        """The bracket for pages: every bracket match with its alliances, games and status,
        the placements so far; ``created`` False before the playoffs exist."""
        v = self.venue
        with v.db.session() as session:
            event, div_id = v._scope(session, division)
            playoff = _playoff(session, event, div_id)
            if playoff is None:
                return {"created": False, "division": division}
            names = {t.number: t.name for t in event.teams}
            state = _state(playoff)
            bracket = state.bracket
            alliances = [{"seed": i + 1, "teams": [{"number": n, "name": names.get(n, "")}
                                                   for n in members],
                          "disqualified": i + 1 in playoff.disqualified}
                         for i, members in enumerate(playoff.alliances)]
            games: dict[str, list[dict[str, Any]]] = {}
            for m in session.scalars(select(Match).where(Match.playoff_id == playoff.id)
                                     .options(selectinload(Match.result))
                                     .order_by(Match.game)):
                games.setdefault(m.bracket_key or "", []).append({
                    "id": m.id, "label": m.label, "game": m.game, "status": m.status,
                    "red_score": m.result.red_score if m.result else None,
                    "blue_score": m.result.blue_score if m.result else None})
            forfeits = {g["match"]: g["forfeit"] for g in playoff.games if g.get("forfeit")}
            matches = []
            for spec in bracket.matches:
                status = state.match(spec.key)
                matches.append({
                    **dataclasses.asdict(status), "round": spec.round,
                    "section": spec.section, "best_of": spec.best_of,
                    "if_needed": spec.if_needed, "number": spec.number,
                    "red_from": source_dict(spec.red), "blue_from": source_dict(spec.blue),
                    "games": games.get(spec.key, []), "forfeit": forfeits.get(spec.key)})
            placements = sorted(state.placements().items(), key=lambda kv: (kv[1], kv[0]))
            return {"created": True, "division": division, "format": playoff.format,
                    "alliances": alliances, "matches": matches,
                    "rounds": max((m["round"] for m in matches), default=0),
                    "finished": state.finished, "champion": state.champion,
                    "placements": [{"place": place, "seed": seed} for seed, place in placements]}

    def _playoff(self, session: Session, division: str | None) -> tuple[Event, Playoff]:
        event, div_id = self.venue._scope(session, division)
        playoff = _playoff(session, event, div_id)
        if playoff is None:
            raise NotFound("the playoffs have not been created")
        return event, playoff

    def publish(self, division: str | None) -> dict[str, Any]:
        """The new bracket to every display (``commit_match`` calls it after a playoff
        commit, and publishes the schedule itself)."""
        snap = self.snapshot(division)
        self.venue.bus.publish("live", "bracket.updated", snap)
        return snap

    def _published(self, division: str | None) -> dict[str, Any]:
        """After a desk command: the new bracket, and the matches it made or removed."""
        snap = self.publish(division)
        self.venue.bus.publish("live", "schedule.updated", {"upcoming": self.venue.upcoming()})
        return snap


def _state(playoff: Playoff) -> BracketState:
    games = [Game(match=g["match"], winner=g.get("winner"), forfeit=g.get("forfeit"))
             for g in playoff.games]
    return BracketState(build_bracket(playoff.format),
                        list(range(1, len(playoff.alliances) + 1)), games,
                        disqualified=playoff.disqualified)


def _status(state: BracketState, key: str):
    try:
        return state.match(key)
    except (KeyError, ValueError):
        raise NotFound(f"there is no bracket match {key!r}") from None


