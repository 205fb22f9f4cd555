"""FIRST LEGO League Challenge rankings: the robot game and the judged areas."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

from .ranking import _id_key, shared_ranks

__all__ = ["RobotGameRanking", "area_ranks", "rank_robot_game"]


@dataclass(frozen=True)
class RobotGameRanking:
    """One team's line in the robot-game ranking.

    ``scores`` has one entry per ranked round, in round order; ``None`` means the round was
    not played (or was a no-show). ``sorted_scores`` are the played scores, highest first,
    and ``best`` is the first of them (``None`` when the team has no score). Teams that
    compare equal share ``rank``; the next rank skips (1, 1, 3).
    """

    rank: int
    team: Hashable
    scores: tuple[int | None, ...]
    best: int | None
    sorted_scores: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field; the tuples become lists."""
        return {
            "rank": self.rank,
            "team": self.team,
            "scores": list(self.scores),
            "best": self.best,
            "sorted_scores": list(self.sorted_scores),
        }


def rank_robot_game(
    scores: Mapping[Hashable, Sequence[int | None]], rounds: int
) -> list[RobotGameRanking]:
    """Rank teams by their robot-game scores, as the official FLL ranking tool does.

    Each team's played scores are sorted highest first and compared element by element:
    best score, then second best, then third, and so on. A missing score counts below any
    real score (negative scores are taken as given, not clamped). When every compared
    score is equal, the team with more scores ranks higher. Teams still equal share a rank
    and the next rank skips (1, 1, 3). Teams without any score come last, sharing a rank.
    Within a shared rank, teams are listed by team id (numbers before text, then
    ascending) so the order is deterministic.

    ``rounds`` is the number of ranked rounds; a team's score list shorter than that is
    padded with ``None``.

    Raises ``ValueError`` if ``rounds`` is not a whole number >= 1, a team has more scores
    than ``rounds``, or a score is neither a whole number nor ``None``.
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be a whole number >= 1, got {rounds!r}")
    rows = []
    for team, given in scores.items():
        if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
            raise ValueError(f"team {team!r}: scores must be a sequence, got {given!r}")
        if len(given) > rounds:
            raise ValueError(
                f"team {team!r} has {len(given)} scores but there are only {rounds} rounds"
            )
        for number, value in enumerate(given, start=1):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(
                    f"team {team!r}, round {number}: a score must be a whole number or "
                    f"None, got {value!r}"
                )
        padded = tuple(given) + (None,) * (rounds - len(given))
        played = tuple(sorted((s for s in padded if s is not None), reverse=True))
        # Element by element, a real score (0, -s) beats a missing one (1, 0); with the
        # padding to ``rounds`` a team with more scores already wins an otherwise equal
        # comparison, and the count is kept in the key to state the rule outright.
        compare = tuple((0, -s) for s in played) + ((1, 0),) * (rounds - len(played))
        key = (compare, -len(played))
        rows.append((key, _id_key(team), team, padded, played))
    rows.sort(key=lambda row: (row[0], row[1]))

    result = []
    places = shared_ranks([row[0] for row in rows])
    for rank, (_, _, team, padded, played) in zip(places, rows, strict=True):
        result.append(
            RobotGameRanking(
                rank=rank,
                team=team,
                scores=padded,
                best=played[0] if played else None,
                sorted_scores=played,
            )
        )
    return result


def area_ranks(scores: Mapping[Hashable, float | None]) -> dict[Hashable, int]:
    """Rank teams in one judged area (Innovation Project, Robot Design, Core Values…).

    A higher score is better. Equal scores share a rank and the next rank skips (1, 1, 3).
    Teams not judged (``None``) rank after everyone, all sharing rank ``judged + 1``. The
    dict lists teams best first, ties by team id.

    Raises ``ValueError`` for a score that is not a real number (or is NaN).
    """
    judged = []
    unjudged = []
    for team, value in scores.items():
        if value is None:
            unjudged.append(team)
            continue
        if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
            raise ValueError(f"team {team!r}: a score must be a number or None, got {value!r}")
        judged.append((-value, _id_key(team), team))
    judged.sort(key=lambda row: (row[0], row[1]))
    places = shared_ranks([row[0] for row in judged])
    ranks: dict[Hashable, int] = {team: place for place, (_, _, team) in zip(
        places, judged, strict=True)}
    for team in sorted(unjudged, key=_id_key):
        ranks[team] = len(judged) + 1
    return ranks
