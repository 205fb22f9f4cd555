"""The state of an elimination bracket, recomputed from the seeding and the games played.

Nothing is stored but the inputs: the bracket, the seeding, the games in the order they were
recorded and the disqualified entrants. Everything else (who plays whom, who advanced, who is
out, the placements) follows from them, so undoing a game is replaying one game fewer.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .elimination import TIER, Bracket, BracketMatch, Seed, Source, Winner, describe

__all__ = ["BracketError", "BracketState", "Game", "MatchStatus"]

SIDES = ("red", "blue")
FORFEITS = ("red", "blue", "both")
_DECIDED = ("done", "bye", "skipped")
_OPEN = ("waiting", "ready")


class BracketError(ValueError):
    """A game, seeding or change the bracket cannot take; the message says which and why."""


@dataclass(frozen=True)
class Game:
    """One game of a bracket match (a series has several).

    ``winner`` None with no forfeit is a tie: it counts for nobody and the game is played
    again. ``forfeit`` "red" or "blue": that side forfeited, the other wins the game (``winner``
    may then be left None or name the other side). ``forfeit`` "both": a double forfeit, which
    ends the series with nobody advancing (the next match gets a bye instead).
    """

    match: str
    winner: str | None
    forfeit: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.match, str):
            raise BracketError(f"a game's match is a bracket key, got {self.match!r}")
        if self.winner not in (None, *SIDES):
            raise BracketError(f"{self.match}: a game's winner is red, blue or None (a tie), "
                               f"got {self.winner!r}")
        if self.forfeit not in (None, *FORFEITS):
            raise BracketError(f"{self.match}: forfeit is red, blue or both, "
                               f"got {self.forfeit!r}")
        if self.forfeit == "both" and self.winner is not None:
            raise BracketError(f"{self.match}: a double forfeit has no winner")
        if self.forfeit is not None and self.winner == self.forfeit:
            raise BracketError(f"{self.match}: {self.winner} cannot win a game it forfeits")

    @property
    def side_won(self) -> str | None:
        """The side credited with the game, forfeits included; None for a tie or both."""
        if self.forfeit == "red":
            return "blue"
        if self.forfeit == "blue":
            return "red"
        return None if self.forfeit == "both" else self.winner


@dataclass(frozen=True)
class MatchStatus:
    """Where one bracket match stands.

    ``red`` / ``blue`` are entrants, None while unknown or empty (a bye). ``status``:
    "waiting" (a side is not known yet), "ready" (play game ``next_game``), "done", "bye" (one
    side empty: the other advances without playing) or "skipped" (an ``if_needed`` match that
    is not needed, or both sides empty). A match that ended in a double forfeit is "done"
    with no winner and no loser; a disqualified entrant's series is "done" with that entrant
    as the loser (and nobody as winner if the other side is empty or disqualified too).
    """

    key: str
    red: Hashable | None
    blue: Hashable | None
    red_wins: int
    blue_wins: int
    games: int
    status: str
    winner: Hashable | None
    loser: Hashable | None
    next_game: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)


class _Row:
    """A match while the state is computed: the public status plus what moves on from it."""

    __slots__ = ("match", "red", "blue", "red_wins", "blue_wins", "games", "status",
                 "winner", "loser", "next_game", "why", "ahead", "behind", "no_winner",
                 "loser_had_lost")

    def __init__(self, match: BracketMatch) -> None:
        self.match = match
        self.red = self.blue = self.winner = self.loser = None
        self.ahead = self.behind = None  # who takes this match's Winner / Loser slot
        self.red_wins = self.blue_wins = self.games = self.next_game = 0
        self.status = "waiting"
        self.why = ""  # why no game can be recorded now
        self.no_winner = False  # decided without a winner (double forfeit, disqualification)
        self.loser_had_lost = False

    def public(self) -> MatchStatus:
        return MatchStatus(self.match.key, self.red, self.blue, self.red_wins, self.blue_wins,
                           self.games, self.status, self.winner, self.loser, self.next_game)


def _compute(bracket: Bracket, seeding: Mapping[int, Hashable], dq: Collection[Hashable],
             played: Mapping[str, Sequence[Game]],
             before: Mapping[str, _Row] | None = None) -> dict[str, _Row]:
    """Every match's row, in play order, with the disqualifications ``dq`` in effect.

    ``before`` is the state before the latest change (a game, a disqualification taking
    effect): a match decided there stays exactly as it was, so a disqualification never
    undoes what happened before it (a bye already taken, a series already won). A
    disqualified entrant's undecided series is lost by forfeit as soon as both sides are
    known.
    """
    rows: dict[str, _Row] = {}
    losses: dict[Hashable, int] = {}

    def side(src: Source) -> tuple[Hashable | None, str]:
        if isinstance(src, Seed):
            return seeding.get(src.n), ""
        row = rows[src.match]
        if row.status in _DECIDED:
            return (row.ahead if isinstance(src, Winner) else row.behind), ""
        return None, describe(src)

    for m in bracket.matches:
        old = before.get(m.key) if before else None
        if old is not None and old.status in _DECIDED:
            rows[m.key] = old
            for e in (old.red, old.blue):
                if old.status == "done" and e is not None and e != old.winner:
                    losses[e] = losses.get(e, 0) + 1
            continue
        row = _Row(m)
        rows[m.key] = row
        row.red, red_wait = side(m.red)
        row.blue, blue_wait = side(m.blue)
        if m.if_needed:
            target = rows[bracket._resets[m.key]]
            if target.status not in _DECIDED:
                row.why = f"{m.key} is waiting for the result of {target.match.key}"
                continue
            if (target.winner is None or target.loser is None or target.loser in dq
                    or target.loser_had_lost):
                row.status = "skipped"
                row.why = f"{m.key} is not needed"
                continue
        if red_wait or blue_wait:
            row.why = f"{m.key} is waiting for {red_wait or blue_wait}"
            continue
        target_wins = m.best_of // 2 + 1
        for g in played.get(m.key, ()):
            row.games += 1
            won = g.side_won
            if g.forfeit == "both":
                row.no_winner = True
                break
            if won == "red":
                row.red_wins += 1
            elif won == "blue":
                row.blue_wins += 1
        red, blue = row.red, row.blue
        if row.no_winner:  # double forfeit: both out, nobody moves on
            row.status = "done"
        elif row.red_wins >= target_wins or row.blue_wins >= target_wins:
            row.status = "done"
            row.winner, row.loser = (red, blue) if row.red_wins >= target_wins else (blue, red)
            row.ahead, row.behind = row.winner, row.loser
        elif red is None and blue is None:
            row.status = "skipped"
            row.why = f"{m.key} has no entrants (both sides are byes)"
        elif red is None or blue is None:
            present = blue if red is None else red
            if present in dq:  # a disqualified entrant does not advance, even on a bye
                row.status, row.loser, row.no_winner = "done", present, True
            else:
                row.status, row.winner, row.ahead = "bye", present, present
                row.why = f"{m.key} is a bye: {present!r} advances without playing"
        elif red in dq or blue in dq:
            row.status = "done"
            if red in dq and blue in dq:
                row.no_winner = True
            else:
                row.winner, row.loser = (blue, red) if red in dq else (red, blue)
                row.ahead = row.winner  # the disqualified loser goes nowhere
            row.why = f"{m.key} is already decided (disqualification)"
        else:
            row.status = "ready"
            row.next_game = row.games + 1
            continue
        if row.status == "done":
            row.why = row.why or f"{m.key} is already decided"
            if row.loser is not None:
                row.loser_had_lost = losses.get(row.loser, 0) > 0
            for e in (red, blue):
                if e is not None and e != row.winner:
                    losses[e] = losses.get(e, 0) + 1
    return rows


def _normalise_seeding(bracket: Bracket, seeding: Any) -> dict[int, Hashable]:
    if isinstance(seeding, Mapping):
        items = list(seeding.items())
    elif isinstance(seeding, (str, bytes)) or not isinstance(seeding, Sequence):
        raise BracketError("seeding must map seed numbers to entrants, or list the entrants "
                           f"from seed 1, got {seeding!r}")
    else:
        items = list(enumerate(seeding, start=1))
    out: dict[int, Hashable] = {}
    seen: dict[Hashable, int] = {}
    for s, entrant in items:
        if entrant is None:
            continue  # a missing seed: a bye
        if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= bracket.entrants:
            raise BracketError(f"seed {s!r} is not in 1..{bracket.entrants}")
        try:
            hash(entrant)
        except TypeError:
            raise BracketError(f"seed {s}: entrant {entrant!r} is not hashable") from None
        if entrant in seen:
            raise BracketError(f"{entrant!r} has two seeds: {seen[entrant]} and {s}")
        seen[entrant] = s
        out[s] = entrant
    return dict(sorted(out.items()))


class BracketState:
    """A bracket's state, computed from the bracket, the seeding and the games so far, in order.

    ``seeding`` maps seed numbers to entrants (team or alliance ids), or lists the entrants
    from seed 1; a missing seed (or None) is a bye. ``games`` are replayed in order: a game
    for a match that is not ready raises ``BracketError`` naming the match and why ("M5 is
    waiting for the winner of M3", "M1 is already decided").

    ``disqualified`` entrants are removed from the whole bracket: every undecided series they
    are in is lost by forfeit (as soon as the opponent is known), and they move on from none;
    games they played before stand. Since the games do not say when a disqualification was
    made, it is taken to be right after the entrant's last recorded game, so a state rebuilt
    from the same inputs is always the same. They get no placement; the others keep the
    places they earned (a disqualified finalist leaves 2nd empty rather than promoting 3rd).

    The state is immutable: ``record`` returns a new one.
    """

    def __init__(
        self,
        bracket: Bracket,
        seeding: Mapping[int, Hashable] | Sequence[Hashable],
        games: Sequence[Game] = (),
        disqualified: Collection[Hashable] = (),
    ) -> None:
        if not isinstance(bracket, Bracket):
            raise BracketError(f"not a Bracket: {bracket!r}")
        seeds = _normalise_seeding(bracket, seeding)
        dq = frozenset(disqualified)
        strays = [e for e in dq if e not in seeds.values()]
        if strays:
            raise BracketError(f"disqualified {strays[0]!r} is not an entrant")
        games = tuple(games)
        for i, g in enumerate(games):
            if not isinstance(g, Game):
                raise BracketError(f"game {i + 1} is not a Game: {g!r}")
        rows = _replay(bracket, seeds, dq, games)
        played: dict[str, list[Game]] = {}
        for g in games:
            played.setdefault(g.match, []).append(g)
        self._set(bracket, seeds, dq, games, played, rows)

    def _set(self, bracket: Bracket, seeds: dict, dq: frozenset, games: tuple,
             played: dict[str, list[Game]], rows: dict[str, _Row]) -> None:
        self._bracket = bracket
        self._seeding = seeds
        self._dq = dq
        self._games = games
        self._played = played
        self._rows = rows
        self._statuses = [row.public() for row in self._rows.values()]
        self._places: dict[Hashable, int] | None = None
        self._out: dict[Hashable, str] | None = None

    # -- inputs ----------------------------------------------------------------------------
    @property
    def bracket(self) -> Bracket:
        return self._bracket

    @property
    def seeding(self) -> dict[int, Hashable]:
        """Seed number -> entrant, missing seeds left out."""
        return dict(self._seeding)

    @property
    def games(self) -> tuple[Game, ...]:
        return self._games

    @property
    def disqualified(self) -> frozenset:
        return self._dq

    # -- reading ---------------------------------------------------------------------------
    def match(self, key: str) -> MatchStatus:
        """The status of one match; ``BracketError`` (a ``ValueError``) for an unknown key."""
        row = self._rows.get(key) if isinstance(key, str) else None
        if row is None:
            raise BracketError(f"no match {key!r} in this bracket")
        return row.public()

    @property
    def matches(self) -> list[MatchStatus]:
        """Every match's status, in play order."""
        return list(self._statuses)

    def ready(self) -> list[MatchStatus]:
        """The matches that can be played now, in play order."""
        return [s for s in self._statuses if s.status == "ready"]

    @property
    def finished(self) -> bool:
        """True once no match is waiting or ready."""
        return not any(s.status in _OPEN for s in self._statuses)

    @property
    def champion(self) -> Hashable | None:
        """The entrant placed 1st, once that is decided; None if nobody is (e.g. the final
        ended in a double forfeit, or the winner was disqualified)."""
        firsts = [e for e, place in self.placements().items() if place == 1]
        return firsts[0] if len(firsts) == 1 else None

    def placements(self) -> dict[Hashable, int]:
        """Entrant -> place for every place decided so far (all of them once finished).

        Each entrant is placed by the last match it played: the final above the third-place
        match above the rest; there, winning it above losing it (with grand_final "none", the
        upper-bracket winner above the lower-bracket winner), and otherwise a later round
        above an earlier one. Entrants knocked out in the same round share a place, and the
        next place skips accordingly (1, 2, 3, 4, 5, 5, 7, 7 for FRC's 8 alliances). The
        two sides of a double forfeit both lost; if that match decided a place (a final),
        its winner's place stays empty. A place is decided once every entrant still playing
        is sure to finish above it. Disqualified entrants get none but keep their spot.
        """
        if self._places is None:
            self._places, self._out = self._rank()
        return dict(self._places)

    def eliminated(self) -> dict[Hashable, str]:
        """Entrant -> key of the match that knocked it out, for entrants (not disqualified)
        who lost the last match they will play."""
        if self._out is None:
            self._places, self._out = self._rank()
        return dict(self._out)

    def _rank(self) -> tuple[dict[Hashable, int], dict[Hashable, str]]:
        last: dict[Hashable, _Row] = {}
        playing: dict[Hashable, _Row] = {}  # entrant -> its first match still open
        for row in self._rows.values():
            if row.status == "skipped":
                continue
            for e in (row.red, row.blue):
                if e is not None:
                    last[e] = row
                    if row.status in _OPEN:
                        playing.setdefault(e, row)
        done: dict[Hashable, tuple] = {}
        # The lowest key each entrant still playing can finish with: losing its next match.
        floors = [(TIER[row.match.section], 0, 0, row.match.round) for row in playing.values()]
        for e, row in last.items():
            m = row.match
            tier = TIER[m.section]
            if e in playing:
                continue
            if row.winner == e:
                done[e] = (tier, 1, 1 if m.section == "upper" else 0, m.round)
            else:
                done[e] = (tier, 0, 0, m.round)
        order = {e: s for s, e in self._seeding.items()}
        places: dict[Hashable, int] = {}
        out: dict[Hashable, str] = {}
        # A match that would have decided a place but ended without a winner (a double
        # forfeit in a final) leaves that place empty above everyone who shares its losers' key.
        vacant = {key for e, key in done.items()
                  if key[1] == 0 and last[e].no_winner
                  and not self._bracket.feeds_on(Winner(last[e].match.key))}
        for e, key in done.items():
            if e in self._dq:
                continue
            if key[1] == 0:
                out[e] = last[e].match.key
            if any(floor <= key for floor in floors):
                continue
            above = len(floors) + sum(1 for other in done.values() if other > key)
            places[e] = 1 + above + (1 if key in vacant else 0)
        places = dict(sorted(places.items(), key=lambda item: (item[1], order[item[0]])))
        out = dict(sorted(out.items(), key=lambda item: order[item[0]]))
        return places, out

    # -- changing --------------------------------------------------------------------------
    def record(self, game: Game) -> BracketState:
        """A new state with ``game`` appended; ``BracketError`` if the match is not ready."""
        if not isinstance(game, Game):
            raise BracketError(f"not a Game: {game!r}")
        _check_game(game, self._rows)
        played = {key: list(gs) for key, gs in self._played.items()}
        played.setdefault(game.match, []).append(game)
        new = BracketState.__new__(BracketState)
        rows = _compute(self._bracket, self._seeding, self._dq, played, self._rows)
        new._set(self._bracket, self._seeding, self._dq, (*self._games, game), played, rows)
        return new

    def reseed(self, seeding: Mapping[int, Hashable] | Sequence[Hashable]) -> BracketState:
        """The same bracket with another seeding; only while no game is recorded."""
        if self._games:
            raise BracketError(f"cannot reseed: {len(self._games)} game(s) already recorded")
        return BracketState(self._bracket, seeding, (), self._dq)

    def disqualify(self, *entrants: Hashable) -> BracketState:
        """A new state with ``entrants`` disqualified as well (see the class docstring)."""
        return BracketState(self._bracket, self._seeding, self._games, self._dq | set(entrants))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (if the entrants are): the bracket, every match's status, placements."""
        order = {e: s for s, e in self._seeding.items()}
        return {
            "bracket": self._bracket.to_dict(),
            "seeding": [{"seed": s, "entrant": e} for s, e in self._seeding.items()],
            "matches": [s.to_dict() for s in self._statuses],
            "placements": [{"entrant": e, "place": p} for e, p in self.placements().items()],
            "eliminated": [{"entrant": e, "match": k} for e, k in self.eliminated().items()],
            "disqualified": sorted(self._dq, key=order.__getitem__),
            "finished": self.finished,
            "champion": self.champion,
        }


def _check_game(game: Game, rows: Mapping[str, _Row]) -> None:
    row = rows.get(game.match)
    if row is None:
        raise BracketError(f"no match {game.match!r} in this bracket")
    if row.status != "ready":
        raise BracketError(row.why)



def _replay(bracket: Bracket, seeds: Mapping[int, Hashable], dq: frozenset,
            games: tuple[Game, ...]) -> dict[str, _Row]:
    """Replay ``games`` in order, checking each, and return the final rows.

    The games do not say when each disqualification was made, so it is taken to be right
    after the entrant's last recorded game (from the start if it has none): the earliest
    moment that keeps every recorded game valid. That is found by starting with every
    disqualification in effect from the start and, whenever a game is refused, moving the
    disqualification(s) that made it invalid to just after that game.
    """
    since = dict.fromkeys(dq, 0)  # entrant -> number of games before its DQ took effect
    snaps: list[dict[str, _Row]] = []  # snaps[i]: the rows before game i

    def run(start: int, stop: int) -> int | None:
        """Recompute snaps[start..stop] and check games start..stop-1; the failing index."""
        del snaps[start:]
        played: dict[str, list[Game]] = {}
        for g in games[:start]:
            played.setdefault(g.match, []).append(g)
        for i in range(start, stop + 1):
            in_effect = {e for e, t in since.items() if t <= i}
            snaps.append(_compute(bracket, seeds, in_effect, played,
                                  snaps[i - 1] if i else None))
            if i == stop:
                break
            g = games[i]
            if g.match not in snaps[i] or snaps[i][g.match].status != "ready":
                return i
            played.setdefault(g.match, []).append(g)
        return None

    failed = run(0, len(games))
    while failed is not None:
        i = failed
        early = [e for e, t in since.items() if t <= i]
        fixed = False
        for group in [[e] for e in early] + ([early] if len(early) > 1 else []):
            saved = dict(since)
            since.update(dict.fromkeys(group, i + 1))
            start = min(saved[e] for e in group)
            if run(start, i + 1) is None:
                fixed = True
                break
            since.clear()
            since.update(saved)
            run(start, i)
        if not fixed:
            try:
                _check_game(games[i], snaps[i])
            except BracketError as exc:
                raise BracketError(f"game {i + 1}: {exc}") from None
        failed = run(i + 1, len(games))
    return snaps[-1]
