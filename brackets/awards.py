"""FIRST LEGO League Challenge awards: the Champion's score and allocating award places.

FLL's rule is that a team wins at most one judged award; the Robot Performance award and
awards such as Coach/Mentor are excepted. Awards are handed out in the order given, so the
caller lists the Champion's award first and the rest in the event's order of precedence.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from .ranking import _id_key

__all__ = ["AwardResult", "AwardSpec", "allocate_awards", "champions_scores"]


@dataclass(frozen=True)
class AwardSpec:
    """One award to hand out.

    ``count`` is the number of places (1st, 2nd…). ``judged`` awards obey the
    one-judged-award rule; ``judged=False`` marks the exceptions (Robot Performance,
    Coach/Mentor). ``candidates`` are the teams in preference order, best first (a list is
    stored as a tuple). ``name`` is how notes refer to the award; it defaults to ``id``.

    Raises ``ValueError`` for an empty id or a count that is not a whole number >= 0.
    """

    id: str
    count: int
    judged: bool
    candidates: tuple[Hashable, ...] = ()
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"award id must be a non-empty string, got {self.id!r}")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise ValueError(
                f"award {self.id!r}: count must be a whole number >= 0, got {self.count!r}"
            )
        if not isinstance(self.candidates, tuple):
            object.__setattr__(self, "candidates", tuple(self.candidates))

    @property
    def label(self) -> str:
        """The name used in notes: ``name`` if given, else ``id``."""
        return self.name or self.id


@dataclass(frozen=True)
class AllocationNote:
    """One step of the allocation worth explaining, as data (a page words it in its own
    language). ``kind``: "skipped" (``team`` passed over for ``award``: it already holds
    ``held``, place ``place``), "short" (``award`` filled ``filled`` of ``count`` places),
    "advances_award" (``team`` advances by ``award``, place ``place``), "advances_order"
    (``team`` takes advancement slot ``filled`` of ``count``), "slots_short" (``filled`` of
    ``count`` slots taken)."""

    kind: str
    team: Hashable | None = None
    award: str | None = None
    held: str | None = None
    place: int | None = None
    filled: int | None = None
    count: int | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "team": self.team, "award": self.award, "held": self.held,
                "place": self.place, "filled": self.filled, "count": self.count}


@dataclass(frozen=True)
class AwardResult:
    """The outcome of :func:`allocate_awards`.

    ``winners`` maps award id to the winning teams by place (1st, 2nd…); a tuple may be
    shorter than the award's count when its candidates ran out. ``advancing`` are the
    teams advancing to the next event, in order. ``notes`` explain in plain English every
    candidate skipped, every place left empty and why each team advances; ``explained`` says
    the same as data, one :class:`AllocationNote` per note.
    """

    winners: dict[str, tuple[Hashable, ...]]
    advancing: tuple[Hashable, ...]
    notes: tuple[str, ...]
    explained: tuple[AllocationNote, ...] = ()


def champions_scores(
    area_ranks: Mapping[str, Mapping[Hashable, int]],
) -> list[tuple[Hashable, int]]:
    """Champion's standing: the sum of a team's ranks over all judged areas, lowest first.

    ``area_ranks`` maps an area (e.g. "innovation_project", "robot_design", "core_values",
    "robot_game") to each team's rank in it. A team missing from an area gets that area's
    worst rank + 1. Ties are broken by the best single rank (lower first), then by team id.

    Raises ``ValueError`` for a rank that is not a whole number >= 1.
    """
    teams: dict[Hashable, None] = {}
    for area, ranks in area_ranks.items():
        for team, rank in ranks.items():
            if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
                raise ValueError(
                    f"area {area!r}, team {team!r}: a rank must be a whole number >= 1, "
                    f"got {rank!r}"
                )
            teams.setdefault(team)
    per_team: dict[Hashable, list[int]] = {team: [] for team in teams}
    for ranks in area_ranks.values():
        missing = max(ranks.values(), default=0) + 1
        for team in teams:
            per_team[team].append(ranks.get(team, missing))
    rows = [
        (sum(ranks), min(ranks, default=0), _id_key(team), team) for team, ranks in per_team.items()
    ]
    rows.sort(key=lambda row: row[:3])
    return [(team, total) for total, _, _, team in rows]


def allocate_awards(
    awards: Sequence[AwardSpec],
    *,
    advancement_slots: int = 0,
    advancement_order: Sequence[Hashable] = (),
) -> AwardResult:
    """Hand out award places and pick the advancing teams.

    Awards are processed in the order given. For each place of a judged award, the next
    candidate who holds no judged award yet takes it; candidates already holding one are
    skipped with a note. A non-judged award (``judged=False``) takes its candidates in order
    regardless, and winning it does not count as a judged award. A team never takes two
    places of the same award. When the candidates run out, the remaining places stay empty
    (with a note).

    Advancement: the first award's winners (the Champion's award) in place order, then the
    teams of ``advancement_order`` (typically the Champion's ranking) not already
    advancing, until ``advancement_slots`` teams advance or the teams run out.

    Raises ``ValueError`` for an entry that is not an :class:`AwardSpec`, duplicate award
    ids, or ``advancement_slots`` that is not a whole number >= 0.
    """
    if (
        isinstance(advancement_slots, bool)
        or not isinstance(advancement_slots, int)
        or advancement_slots < 0
    ):
        raise ValueError(
            f"advancement_slots must be a whole number >= 0, got {advancement_slots!r}"
        )
    seen_ids: set[str] = set()
    for award in awards:
        if not isinstance(award, AwardSpec):
            raise ValueError(f"awards must be AwardSpec objects, got {award!r}")
        if award.id in seen_ids:
            raise ValueError(f"award id {award.id!r} is used twice")
        seen_ids.add(award.id)

    notes: list[str] = []
    explained: list[AllocationNote] = []
    winners: dict[str, tuple[Hashable, ...]] = {}
    judged_holder: dict[Hashable, tuple[AwardSpec, int]] = {}
    for award in awards:
        places: list[Hashable] = []
        for team in award.candidates:
            if len(places) == award.count:
                break
            if team in places:
                continue  # listed twice: one place per award
            if award.judged and team in judged_holder:
                held, place = judged_holder[team]
                notes.append(
                    f"Team {team} skipped for {award.label}: already wins {held.label} "
                    f"({_ordinal(place)})"
                )
                explained.append(AllocationNote("skipped", team=team, award=award.id,
                                                held=held.id, place=place))
                continue
            places.append(team)
            if award.judged:
                judged_holder[team] = (award, len(places))
        if len(places) < award.count:
            notes.append(
                f"{award.label}: only {len(places)} of {award.count} places filled "
                f"(candidates ran out)"
            )
            explained.append(AllocationNote("short", award=award.id, filled=len(places),
                                            count=award.count))
        winners[award.id] = tuple(places)

    advancing: list[Hashable] = []
    if advancement_slots and awards:
        first = awards[0]
        for place, team in enumerate(winners[first.id], start=1):
            if len(advancing) == advancement_slots:
                break
            advancing.append(team)
            notes.append(f"Team {team} advances: {first.label} ({_ordinal(place)})")
            explained.append(AllocationNote("advances_award", team=team, award=first.id,
                                            place=place))
    for team in advancement_order:
        if len(advancing) == advancement_slots:
            break
        if team in advancing:
            continue
        advancing.append(team)
        notes.append(
            f"Team {team} advances: next in the advancement order "
            f"(slot {len(advancing)} of {advancement_slots})"
        )
        explained.append(AllocationNote("advances_order", team=team, filled=len(advancing),
                                        count=advancement_slots))
    if len(advancing) < advancement_slots:
        notes.append(
            f"only {len(advancing)} of {advancement_slots} advancement slots filled (teams ran out)"
        )
        explained.append(AllocationNote("slots_short", filled=len(advancing),
                                        count=advancement_slots))
    return AwardResult(winners=winners, advancing=tuple(advancing), notes=tuple(notes),
                       explained=tuple(explained))


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
