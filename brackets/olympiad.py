"""An olympiad subject's results from its marks: totals, shared places, medals and honourable
mentions, the absolute winners and the best among a group (e.g. girls); the school rating.

Pure: participants, problems and schools are any hashable ids. A missing mark (not agreed
yet) counts as 0 and makes the participant's row ``pending``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .medals import MEDALS, Cutoffs, allot_medals, cutoffs, rank, school_rating

__all__ = ["ProblemSpec", "ResultRow", "SubjectResults", "best_among", "subject_results",
           "team_rating"]


@dataclass(frozen=True)
class ProblemSpec:
    """A problem of the subject: its id, maximum points and the round (day) it belongs to."""

    id: Hashable
    max_points: float
    day: int = 1


@dataclass(frozen=True)
class ResultRow:
    participant: Hashable
    total: float
    place: int
    award: str  # gold | silver | bronze | hm | none
    marks: tuple[float | None, ...]  # per problem, in the order given; None = not agreed yet
    days: tuple[float, ...]  # per day (round), in day order
    pending: bool = False  # a mark is not agreed yet


@dataclass(frozen=True)
class SubjectResults:
    rows: list[ResultRow]  # best first; equal totals by participant order given
    cutoffs: Cutoffs
    counts: dict[str, int] = field(default_factory=dict)  # gold/silver/bronze/hm/none
    winners: list[Hashable] = field(default_factory=list)  # the absolute winner(s)

    @property
    def pending(self) -> int:
        return sum(row.pending for row in self.rows)


def _total(values: Iterable[float]) -> float:
    # Marks like 0.1 add up without float noise (7.300000000000001).
    return round(math.fsum(values), 6)


def subject_results(
    problems: Sequence[ProblemSpec],
    marks: Mapping[Hashable, Mapping[Hashable, float | None]],
    policy: str | Cutoffs,
    hm: str | None = None,
) -> SubjectResults:
    """Totals, places (equal totals share a place: 1, 1, 3), medals by ``policy`` (see
    :func:`brackets.cutoffs`) and honourable mentions by ``hm`` (``"imo"``: full marks on a
    problem; ``"ioi"``: fewer than half scored higher on one day) for the participants of
    ``marks`` (participant -> problem id -> mark, a missing or ``None`` mark counting 0).

    Raises ``ValueError`` for a mark that is not a number in 0..the problem's maximum, naming
    the participant and the problem.
    """
    days = sorted({p.day for p in problems})
    day_index = {day: i for i, day in enumerate(days)}
    totals: dict[Hashable, float] = {}
    per_problem: dict[Hashable, tuple[float | None, ...]] = {}
    per_day: dict[Hashable, tuple[float, ...]] = {}
    for participant, given in marks.items():
        row: list[float | None] = []
        day_sums = [0.0] * len(days)
        for problem in problems:
            value = given.get(problem.id)
            if value is not None:
                if (isinstance(value, bool) or not isinstance(value, int | float)
                        or not 0 <= value <= problem.max_points):
                    raise ValueError(f"participant {participant!r}, problem {problem.id!r}: "
                                     f"mark {value!r} is not in 0..{problem.max_points:g}")
                day_sums[day_index[problem.day]] += value
            row.append(value)
        per_problem[participant] = tuple(row)
        per_day[participant] = tuple(round(s, 6) for s in day_sums)
        totals[participant] = _total(v for v in row if v is not None)
    levels = cutoffs(totals, policy)
    extra: dict = {}
    if hm == "imo":
        extra = {"problem_scores": {p: [m or 0.0 for m in row] for p, row in per_problem.items()},
                 "problem_max": [p.max_points for p in problems]}
    elif hm == "ioi":
        extra = {"day_scores": per_day}
    awards = allot_medals(totals, levels, hm=hm, **extra) if totals else {}
    places = rank(totals)
    ordered = sorted(range(len(totals)), key=list(places.values()).__getitem__)  # stable
    ids = list(totals)
    rows = [ResultRow(p, totals[p], places[p], awards[p], per_problem[p], per_day[p],
                      None in per_problem[p])
            for p in (ids[i] for i in ordered)]
    counts = dict.fromkeys((*MEDALS, "hm", "none"), 0)
    for award in awards.values():
        counts[award] += 1
    top = rows[0].total if rows else 0
    winners = [row.participant for row in rows if row.place == 1 and top > 0]
    return SubjectResults(rows, levels, counts, winners)


def best_among(results: SubjectResults, group: Iterable[Hashable]) -> list[Hashable]:
    """The participants of ``group`` with the best total in ``results`` (all of them on a
    tie); nobody when the group's best total is 0."""
    members = set(group)
    best = [row for row in results.rows if row.participant in members]
    if not best or best[0].total <= 0:
        return []
    return [row.participant for row in best if row.total == best[0].total]


def team_rating(
    members: Mapping[Hashable, Sequence[tuple[float, float]]], basis: str = "points"
) -> list[tuple[Hashable, float, int]]:
    """The school rating: ``members`` maps a school to its members' ``(total, maximum)``
    results; ``basis`` "points" sums the totals, "percent" sums each total as a percentage
    of its subject's maximum (so subjects with different maxima weigh the same). Returns
    ``(school, sum, place)`` rows, best first, equal sums sharing a place (1, 1, 3).

    Raises ``ValueError`` for an unknown basis or a maximum that is not positive.
    """
    if basis not in ("points", "percent"):
        raise ValueError(f"unknown rating basis {basis!r}; use 'points' or 'percent'")
    scores: dict[Hashable, list[float]] = {}
    for school, results in members.items():
        values = []
        for total, maximum in results:
            if basis == "percent":
                if not maximum > 0:
                    raise ValueError(f"school {school!r}: a subject maximum must be > 0")
                values.append(100.0 * total / maximum)
            else:
                values.append(total)
        scores[school] = values
    return [(school, round(total, 4), place)
            for school, total, place in school_rating(scores)]
