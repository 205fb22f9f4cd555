"""FTC-style qualification rankings: ranking score, tie-breaker averages and the rank order."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["MatchOutcome", "TeamRanking", "rank_teams"]


@dataclass(frozen=True)
class MatchOutcome:
    """The result of one qualification match, as ranking needs it.

    ``red_score`` / ``blue_score`` are the alliances' final scores, penalties included.
    ``red_tiebreakers`` / ``blue_tiebreakers`` are that alliance's tie-breaker values in
    ranking order, e.g. (auto points, endgame points). ``surrogates`` are teams whose result
    does not count; ``disqualified`` are teams disqualified from this match.
    """

    red: tuple
    blue: tuple
    red_score: int
    blue_score: int
    red_tiebreakers: tuple[float, ...] = ()
    blue_tiebreakers: tuple[float, ...] = ()
    surrogates: frozenset = frozenset()
    disqualified: frozenset = frozenset()


@dataclass(frozen=True)
class TeamRanking:
    """One team's line in the qualification ranking.

    ``ranking_score`` is ranking points per match played; ``tiebreakers`` are the averages of
    the alliance tie-breaker values over the matches played; ``highest_score`` is the best
    alliance score in a counted match (0 if none). ``wins`` + ``losses`` + ``ties`` equals
    ``played``; a match the team was disqualified from is recorded as a loss.
    """

    rank: int
    team: Hashable
    ranking_score: float
    tiebreakers: tuple[float, ...] = field(default=())
    highest_score: int = 0
    wins: int = 0
    losses: int = 0
    ties: int = 0
    played: int = 0
    disqualifications: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field; ``tiebreakers`` becomes a list."""
        data = asdict(self)
        data["tiebreakers"] = list(self.tiebreakers)
        return data


class _Tally:
    __slots__ = ("points", "sums", "highest", "wins", "losses", "ties", "played", "dqs")

    def __init__(self, n_tiebreakers: int) -> None:
        self.points = 0
        self.sums: list[list[float]] = [[] for _ in range(n_tiebreakers)]
        self.highest: int | None = None
        self.wins = self.losses = self.ties = self.played = self.dqs = 0


def rank_teams(
    outcomes: Iterable[MatchOutcome],
    teams: Iterable[Hashable] = (),
    *,
    win_points: int = 2,
    tie_points: int = 1,
) -> list[TeamRanking]:
    """Rank teams from qualification match outcomes, FTC style.

    Per match and team (every team on the alliance is credited with the alliance result):

    - The match is won, lost or tied on the alliance scores, penalties included.
    - A surrogate appearance is skipped entirely: no ranking points, not played, no
      tie-breaker values, no highest score.
    - A disqualified team gets 0 ranking points and a loss for that match, but the match
      still counts as played, and its alliance's tie-breaker values and score still count
      for it (FTC convention; ftc-scout credits the result instead).

    Ranking score = (``win_points`` × wins + ``tie_points`` × ties, leaving out matches the
    team was disqualified from) ÷ matches played. Each tie-breaker is the average of the
    alliance's values over the matches played.

    Order: ranking score, then each tie-breaker in turn, then highest alliance score in a
    counted match, all descending. Teams still tied are ordered by team id (numbers before
    text, then ascending) so the order is deterministic; the official manual draws lots
    there instead. Teams listed in ``teams`` that never played a counted match come last,
    with zeros. Ranks are 1..n with no shared ranks.

    Raises ``ValueError`` if a team is on both alliances of a match, a surrogate or
    disqualified team is not in the match, or tie-breaker tuples differ in length.
    """
    outcomes = list(outcomes)
    widths = {len(o.red_tiebreakers) for o in outcomes} | {
        len(o.blue_tiebreakers) for o in outcomes
    }
    if len(widths) > 1:
        raise ValueError(f"tie-breaker tuples differ in length: {sorted(widths)}")
    width = widths.pop() if widths else 0

    tallies: dict[Hashable, _Tally] = {}
    for t in teams:
        tallies.setdefault(t, _Tally(width))

    for number, o in enumerate(outcomes, start=1):
        in_match = set(o.red) | set(o.blue)
        if len(in_match) != len(o.red) + len(o.blue):
            raise ValueError(f"outcome {number}: a team appears twice in the match")
        for label, group in (("surrogate", o.surrogates), ("disqualified", o.disqualified)):
            stray = set(group) - in_match
            if stray:
                raise ValueError(f"outcome {number}: {label} team(s) {stray!r} not in the match")
        for alliance, own, other, values in (
            (o.red, o.red_score, o.blue_score, o.red_tiebreakers),
            (o.blue, o.blue_score, o.red_score, o.blue_tiebreakers),
        ):
            for t in alliance:
                tally = tallies.setdefault(t, _Tally(width))
                if t in o.surrogates:
                    continue
                tally.played += 1
                for i, v in enumerate(values):
                    tally.sums[i].append(v)
                if tally.highest is None or own > tally.highest:
                    tally.highest = own
                if t in o.disqualified:
                    tally.dqs += 1
                    tally.losses += 1
                elif own > other:
                    tally.wins += 1
                    tally.points += win_points
                elif own < other:
                    tally.losses += 1
                else:
                    tally.ties += 1
                    tally.points += tie_points

    rows = []
    for t, tally in tallies.items():
        played = tally.played
        score = Fraction(tally.points, played) if played else Fraction(0)
        averages = tuple(math.fsum(s) / played if played else 0.0 for s in tally.sums)
        highest = tally.highest if tally.highest is not None else 0
        key = (
            played == 0,
            -score,
            tuple(-v for v in averages),
            -highest,
            _id_key(t),
        )
        rows.append((key, t, tally, float(score), averages, highest))
    rows.sort(key=lambda row: row[0])
    return [
        TeamRanking(
            rank=i,
            team=t,
            ranking_score=score,
            tiebreakers=averages,
            highest_score=highest,
            wins=tally.wins,
            losses=tally.losses,
            ties=tally.ties,
            played=tally.played,
            disqualifications=tally.dqs,
        )
        for i, (_, t, tally, score, averages, highest) in enumerate(rows, start=1)
    ]


def shared_ranks(keys: Sequence[Any]) -> list[int]:
    """Places for keys sorted best first: equal keys share a place and the next place skips
    (1, 1, 3). The one rule for every "shared rank" in this package."""
    out: list[int] = []
    for i, key in enumerate(keys):
        out.append(out[-1] if i and key == keys[i - 1] else i + 1)
    return out


def _id_key(team: Hashable) -> tuple:
    """Sort key for team ids: numbers first (ascending), then text, then anything else."""
    if isinstance(team, (int, float)) and not isinstance(team, bool):
        return (0, team, "")
    if isinstance(team, str):
        return (1, 0, team)
    return (2, 0, repr(team))
