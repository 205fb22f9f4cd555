"""Olympiad medals: cut-offs by the IOI and IMO rules or set by a jury, honourable mentions,
individual ranks and school ratings.

Everything here is pure. Scores are finite numbers >= 0 (whole or not, e.g. 7.5); equal
scores always get the same award, so a group of equal scores is never split by a boundary.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

from .ranking import _id_key, shared_ranks

__all__ = [
    "MEDALS",
    "POLICIES",
    "Cutoffs",
    "allot_medals",
    "cutoffs",
    "medal_preview",
    "rank",
    "school_rating",
]

MEDALS = ("gold", "silver", "bronze")
POLICIES = ("imo", "ioi", "ioi-2010")
HM_RULES = ("imo", "ioi")


def _check_number(value: object, what: str) -> float:
    """Return ``value`` if it is a finite real number >= 0, else raise ``ValueError``."""
    if type(value) in (float, int) and 0 <= value < math.inf:  # the common case, fast
        return value
    if (
        isinstance(value, bool)
        or not isinstance(value, Real)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{what} must be a finite number >= 0, got {value!r}")
    return value


@dataclass(frozen=True)
class Cutoffs:
    """Medal cut-offs: the lowest score that still gets gold, silver or bronze.

    ``None`` at a level means nobody gets that medal; a contestant gets the best medal whose
    cut-off they reach. Given cut-offs must not increase from gold to bronze.

    Raises ``ValueError`` for a cut-off that is not a finite number >= 0, or when a given
    cut-off is above a given better one (e.g. bronze above silver).
    """

    gold: float | None
    silver: float | None
    bronze: float | None

    def __post_init__(self) -> None:
        given = []
        for level in MEDALS:
            value = getattr(self, level)
            if value is not None:
                _check_number(value, f"{level} cut-off")
                given.append((level, value))
        for (upper, high), (lower, low) in zip(given, given[1:], strict=False):
            if low > high:
                raise ValueError(
                    f"{lower} cut-off {low!r} is above the {upper} cut-off {high!r}; "
                    "cut-offs must satisfy gold >= silver >= bronze"
                )

    def medal(self, score: float) -> str:
        """The medal for ``score`` ("gold", "silver", "bronze"), or "none". A score of 0
        never gets a medal, whatever the cut-offs."""
        if score <= 0:
            return "none"
        for level in MEDALS:
            value = getattr(self, level)
            if value is not None and score >= value:
                return level
        return "none"


def _check_scores(scores: Mapping[Hashable, float]) -> None:
    for contestant, score in scores.items():
        _check_number(score, f"contestant {contestant!r}: score")


def _levels(scores: Mapping[Hashable, float]) -> list[tuple[float, int]]:
    """The distinct scores, highest first, each with the number of scores >= it."""
    ordered = sorted(scores.values(), reverse=True)
    levels: list[tuple[float, int]] = []
    for i, score in enumerate(ordered):
        if levels and levels[-1][0] == score:
            levels[-1] = (score, i + 1)
        else:
            levels.append((score, i + 1))
    return levels


def _largest_reaching(levels: list[tuple[float, int]], n: int, parts: int) -> float:
    """The largest score that at least ``n / parts`` contestants reach (exact arithmetic)."""
    for score, count in levels:
        if count * parts >= n:
            return score
    raise AssertionError("the lowest score is reached by everyone")  # pragma: no cover


def _smallest_within_half(levels: list[tuple[float, int]], n: int) -> float | None:
    """The smallest score that at most ``n / 2`` contestants reach, or ``None`` if the top
    score alone is shared by more than half."""
    best = None
    for score, count in levels:
        if count * 2 > n:
            break
        best = score
    return best


def _closest(levels: list[tuple[float, int]], n: int, parts: int) -> float:
    """The score whose count of contestants reaching it is closest to ``n / parts``; on an
    equal distance the one with fewer contestants (the higher score) wins."""
    score, _ = min(levels, key=lambda level: (abs(level[1] * parts - n), level[1]))
    return score


def cutoffs(scores: Mapping[Hashable, float], policy: str | Cutoffs) -> Cutoffs:
    """The medal cut-offs for ``scores`` (contestant -> score) under ``policy``.

    With N contestants and "reach s" meaning "score >= s" (counts compared exactly, e.g.
    ``count * 12 >= N``):

    * ``"ioi"`` (the current IOI wording): gold is the largest score reached by at least N/12
      contestants, silver the largest reached by at least N/4, bronze the largest reached
      by at least N/2. A group of equal scores on a boundary gets the better medal, so more
      than half may medal.
    * ``"ioi-2010"``: bronze is the smallest score reached by at most N/2 contestants, so at
      most half medal; gold and silver are as for ``"ioi"`` but never below the bronze
      cut-off (which keeps "at most half"). If the top score alone is shared by more than
      half, nobody gets a medal.
    * ``"imo"``: bronze as for ``"ioi-2010"``. Among the scores at or above the bronze
      cut-off, gold is the one whose count is closest to N/12 and silver, among those at or
      below gold, the one whose count is closest to N/4; an equal distance goes to the
      fewer medals. This keeps gold : silver : bronze close to 1 : 2 : 3 with at most half
      medalled; nobody medals when the top score alone is shared by more than half.
    * a :class:`Cutoffs`: cut-offs set by the jury, returned as given.

    Nobody gets a medal for 0 points: a rule's cut-off of 0 (when more than half scored
    nothing) becomes the lowest score above 0, and :meth:`Cutoffs.medal` gives 0 "none".

    Empty ``scores`` give all rule-based cut-offs ``None``. Raises ``ValueError`` for an
    unknown policy (the message names the known ones) or a score that is not a finite
    number >= 0 (the message names the contestant).
    """
    _check_scores(scores)
    if isinstance(policy, Cutoffs):
        return policy
    if policy not in POLICIES:
        raise ValueError(
            f"unknown medal policy {policy!r}; known policies: {', '.join(POLICIES)} "
            "or a Cutoffs object"
        )
    n = len(scores)
    if n == 0:
        return Cutoffs(None, None, None)
    levels = _levels(scores)
    return _no_zero(_rule_cutoffs(policy, levels, n), levels)


def _no_zero(levels: Cutoffs, distinct: list[tuple[float, int]]) -> Cutoffs:
    """A rule's cut-off of 0 (more than half scored nothing) becomes the lowest score above
    0, or no medal when nobody scored: nobody gets a medal for 0 points."""
    lowest = min((score for score, _ in distinct if score > 0), default=None)
    return Cutoffs(*(lowest if value == 0 else value
                     for value in (levels.gold, levels.silver, levels.bronze)))


def _rule_cutoffs(policy: str, levels: list[tuple[float, int]], n: int) -> Cutoffs:
    if policy == "ioi":
        return Cutoffs(
            _largest_reaching(levels, n, 12),
            _largest_reaching(levels, n, 4),
            _largest_reaching(levels, n, 2),
        )
    bronze = _smallest_within_half(levels, n)
    if bronze is None:
        return Cutoffs(None, None, None)
    if policy == "ioi-2010":
        return Cutoffs(
            max(_largest_reaching(levels, n, 12), bronze),
            max(_largest_reaching(levels, n, 4), bronze),
            bronze,
        )
    allowed = [level for level in levels if level[0] >= bronze]
    gold = _closest(allowed, n, 12)
    silver = _closest([level for level in allowed if level[0] <= gold], n, 4)
    return Cutoffs(gold, silver, bronze)


def _per_contestant(
    values: Mapping[Hashable, Sequence[float]], scores: Mapping[Hashable, float], name: str
) -> None:
    """Check that ``values`` has an entry for exactly the contestants of ``scores``."""
    missing = [c for c in scores if c not in values]
    if missing:
        raise ValueError(f"{name} has no entry for contestant {missing[0]!r}")
    extra = [c for c in values if c not in scores]
    if extra:
        raise ValueError(f"{name} has an entry for {extra[0]!r}, who has no score")


def _imo_mentions(
    scores: Mapping[Hashable, float],
    problem_scores: Mapping[Hashable, Sequence[float]] | None,
    problem_max: Sequence[float] | None,
) -> set[Hashable]:
    if problem_scores is None or problem_max is None:
        raise ValueError('hm="imo" needs problem_scores and problem_max')
    maxima = list(problem_max)
    if not maxima:
        raise ValueError("problem_max must list at least one problem")
    for i, top in enumerate(maxima):
        _check_number(top, f"problem {i + 1}: maximum")
    _per_contestant(problem_scores, scores, "problem_scores")
    mentioned = set()
    for contestant in scores:
        marks = list(problem_scores[contestant])
        if len(marks) != len(maxima):
            raise ValueError(
                f"contestant {contestant!r}: {len(marks)} problem scores, expected {len(maxima)}"
            )
        for i, (mark, top) in enumerate(zip(marks, maxima, strict=True)):
            _check_number(mark, f"contestant {contestant!r}: problem {i + 1} score")
            if mark > top:
                raise ValueError(
                    f"contestant {contestant!r}: problem {i + 1} score {mark!r} "
                    f"is above the maximum {top!r}"
                )
            if mark == top:
                mentioned.add(contestant)
    return mentioned


def _ioi_mentions(
    scores: Mapping[Hashable, float], day_scores: Mapping[Hashable, Sequence[float]] | None
) -> set[Hashable]:
    if day_scores is None:
        raise ValueError('hm="ioi" needs day_scores')
    _per_contestant(day_scores, scores, "day_scores")
    days = {c: list(day_scores[c]) for c in scores}
    lengths = {len(v) for v in days.values()}
    if len(lengths) > 1 or 0 in lengths:
        raise ValueError("day_scores must give everyone the same number of days, at least one")
    for contestant, values in days.items():
        for d, value in enumerate(values):
            _check_number(value, f"contestant {contestant!r}: day {d + 1} score")
    n = len(days)
    mentioned = set()
    for d in range(lengths.pop() if lengths else 0):
        ordered = sorted(values[d] for values in days.values())
        for contestant, values in days.items():
            higher = n - bisect_right(ordered, values[d])
            if higher * 2 < n:
                mentioned.add(contestant)
    return mentioned


def allot_medals(
    scores: Mapping[Hashable, float],
    policy: str | Cutoffs,
    *,
    hm: str | None = None,
    problem_scores: Mapping[Hashable, Sequence[float]] | None = None,
    problem_max: Sequence[float] | None = None,
    day_scores: Mapping[Hashable, Sequence[float]] | None = None,
) -> dict[Hashable, str]:
    """Each contestant's award: "gold", "silver", "bronze", "hm" or "none".

    Medals follow :func:`cutoffs` for ``policy``. Honourable mentions go only to
    contestants without a medal, by rule ``hm``:

    * ``None``: no honourable mentions.
    * ``"imo"``: full marks on at least one problem, i.e. a score in ``problem_scores``
      (contestant -> one score per problem) equal to that problem's ``problem_max``.
    * ``"ioi"``: on at least one day, fewer than half of all contestants scored strictly
      higher; ``day_scores`` maps contestant -> one score per day, the same number of days
      for everyone.

    A total of 0 gets neither a medal nor a mention.

    The result keeps the order of ``scores``. Raises ``ValueError`` as :func:`cutoffs`
    does, for an unknown ``hm`` rule, when the inputs the rule needs are missing, when they
    do not cover exactly the contestants of ``scores``, or for a bad score in them.
    """
    if hm is not None and hm not in HM_RULES:
        raise ValueError(
            f"unknown honourable-mention rule {hm!r}; known rules: {', '.join(HM_RULES)}"
        )
    levels = cutoffs(scores, policy)
    awards = {contestant: levels.medal(score) for contestant, score in scores.items()}
    if hm == "imo":
        mentioned = _imo_mentions(scores, problem_scores, problem_max)
    elif hm == "ioi":
        mentioned = _ioi_mentions(scores, day_scores)
    else:
        mentioned = set()
    for contestant in mentioned:
        if awards[contestant] == "none" and scores[contestant] > 0:
            awards[contestant] = "hm"
    return awards


def medal_preview(
    scores: Mapping[Hashable, float], policies: Iterable[str] = ("ioi", "ioi-2010", "imo")
) -> dict[str, dict]:
    """Compare medal policies on the same scores, for a jury choosing cut-offs.

    Returns, per policy name, ``{"cutoffs": Cutoffs, "counts": {"gold": n, "silver": n,
    "bronze": n, "none": n}}`` (no honourable mentions). Raises ``ValueError`` as
    :func:`cutoffs` does.
    """
    preview = {}
    for policy in policies:
        levels = cutoffs(scores, policy)
        counts = dict.fromkeys((*MEDALS, "none"), 0)
        for score in scores.values():
            counts[levels.medal(score)] += 1
        preview[policy] = {"cutoffs": levels, "counts": counts}
    return preview


def rank(scores: Mapping[Hashable, float]) -> dict[Hashable, int]:
    """Each contestant's place: the higher score is better, equal scores share a place and
    the next place skips (1, 1, 3). The result keeps the order of ``scores``.

    Raises ``ValueError`` for a score that is not a finite number >= 0.
    """
    _check_scores(scores)
    ordered = sorted(scores.values(), reverse=True)
    place = dict(zip(reversed(ordered), reversed(shared_ranks(ordered)), strict=True))
    return {contestant: place[score] for contestant, score in scores.items()}


def school_rating(
    members: Mapping[Hashable, Sequence[float]],
) -> list[tuple[Hashable, float, int]]:
    """The school (team) rating: the sum of each school's members' scores.

    Returns ``(school, sum, place)`` rows, the highest sum first; equal sums share a place
    and the next place skips (1, 1, 3). Within a shared place schools are listed by id
    (numbers before text, then ascending). A school without members sums to 0.

    Raises ``ValueError`` for a member score that is not a finite number >= 0 (the message
    names the school).
    """
    totals = []
    for school, scores in members.items():
        for score in scores:
            _check_number(score, f"school {school!r}: member score")
        # Rounded, so that 0.1 + 0.2 and 0.3 (or 1/7 + 2/7 and 3/7) tie as they should.
        totals.append((school, round(math.fsum(scores), 6)))
    totals.sort(key=lambda row: (-row[1], _id_key(row[0])))
    places = shared_ranks([total for _, total in totals])
    return [(school, total, place)
            for (school, total), place in zip(totals, places, strict=True)]
