"""The season model: referee inputs, score-sheet validation and score breakdowns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ScoreSheetError
from .judging import Judging

LANGS = ("kk", "ru", "en")
Titles = dict[str, str]  # language code ("kk", "ru", "en") -> text
Value = bool | int | str  # what a referee records for one input
COMPUTED_INPUT = "computed from other fields, not an input"


@dataclass(frozen=True)
class Choice:
    """One option of a choice input, e.g. a robot's park position, with its points."""

    id: str
    points: int
    title: Titles


@dataclass(frozen=True)
class Case:
    """One row of a computed field's table: ``points`` when every input in ``when`` has the
    given value (ints compared as ints, a yes/no true equals 1, choices by id)."""

    when: dict[str, Value]
    points: int

    def matches(self, sheet: Mapping[str, Any]) -> bool:
        """Whether a complete, valid sheet meets every condition of this case."""
        return all(_same(sheet[name], wanted) for name, wanted in self.when.items())


@dataclass(frozen=True)
class Field:
    """One line of the score sheet: a yes/no, a count within [min, max], a choice, or a
    ``computed`` line whose points come from other inputs through ``cases``.

    ``credit`` is "self" when the points go to the alliance whose sheet holds the value, and
    "opponent" when they go to the other alliance (fouls). An input with ``scored`` False is
    recorded and validated but never adds to a part or the total (it may have no ``part``).
    Computed fields have no ``default`` (None) and are never part of a sheet.
    """

    id: str
    kind: Literal["bool", "count", "choice", "computed"]
    min: int | None
    max: int | None
    points: int | None
    choices: tuple[Choice, ...] | None
    period: str
    robot: int | None
    part: str | None
    title: Titles
    default: Value | None
    hint: Titles | None = None
    credit: Literal["self", "opponent"] = "self"
    scored: bool = True
    cases: tuple[Case, ...] | None = None

    @property
    def is_input(self) -> bool:
        """True for what a referee enters; False for computed fields."""
        return self.kind != "computed"

    def problem(self, value: Any) -> str | None:
        """Return an English message saying why ``value`` is not valid here, or None if it is."""
        if self.kind == "computed":
            return COMPUTED_INPUT
        if self.kind == "bool":
            if not isinstance(value, bool):
                return f"must be true or false, got {value!r}"
        elif self.kind == "count":
            if type(value) is not int:  # rejects bools, floats and strings alike
                return f"must be a whole number, got {value!r}"
            assert self.min is not None and self.max is not None
            if value < self.min:
                return f"must be at least {self.min}, got {value}"
            if value > self.max:
                return f"must be at most {self.max}, got {value}"
        else:
            assert self.choices is not None
            ids = [c.id for c in self.choices]
            if not isinstance(value, str) or value not in ids:
                return f"unknown choice {value!r}; expected one of {', '.join(ids)}"
        return None

    def score(self, value: Value) -> int:
        """Points earned by an already-validated value of an input (not a computed field)."""
        if self.kind == "computed":
            raise ValueError(f"{self.id} is computed; use compute(sheet)")
        if self.kind == "choice":
            assert self.choices is not None
            return next(c.points for c in self.choices if c.id == value)
        assert self.points is not None
        return self.points * int(value)

    def compute(self, sheet: Mapping[str, Any]) -> int:
        """Points of a computed field on a complete, valid sheet: the first matching case."""
        if self.cases is None:
            raise ValueError(f"{self.id} is an input; use score(value)")
        return next((case.points for case in self.cases if case.matches(sheet)), 0)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-serialisable description; titles as {lang: text}, or plain text if ``lang``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "min": self.min,
            "max": self.max,
            "points": self.points,
            "choices": None
            if self.choices is None
            else [
                {"id": c.id, "points": c.points, "title": _title(c.title, lang)}
                for c in self.choices
            ],
            "period": self.period,
            "robot": self.robot,
            "part": self.part,
            "credit": self.credit,
            "default": self.default,
            "scored": self.scored,
            "cases": None
            if self.cases is None
            else [{"when": dict(c.when), "points": c.points} for c in self.cases],
            "title": _title(self.title, lang),
            "hint": None if self.hint is None else _title(self.hint, lang),
        }


@dataclass(frozen=True)
class Constraint:
    """A cross-field rule: sum(coefficient × int(value)) over ``terms`` must lie within
    [min, max] (a missing bound is open). The first term's field shows ``message``."""

    id: str
    terms: tuple[tuple[str, int], ...]
    min: int | None
    max: int | None
    message: Titles

    def value(self, sheet: Mapping[str, Any]) -> int:
        """The weighted sum on a complete, valid sheet."""
        return sum(coefficient * int(sheet[name]) for name, coefficient in self.terms)

    def holds(self, sheet: Mapping[str, Any]) -> bool:
        """Whether a complete, valid sheet satisfies this rule."""
        total = self.value(sheet)
        return (self.min is None or total >= self.min) and (self.max is None or total <= self.max)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-serialisable form; the message as {lang: text}, or plain text if ``lang``."""
        return {
            "id": self.id,
            "terms": dict(self.terms),
            "field": self.terms[0][0],  # the input whose mission card shows the message
            "min": self.min,
            "max": self.max,
            "message": _title(self.message, lang),
        }


@dataclass(frozen=True)
class Timing:
    """Match timing in seconds: either auto/transition/teleop (FTC) or one ``match`` phase
    (FLL). ``endgame`` is a cue that many seconds before the (teleop or match) end."""

    auto: int = 0
    transition: int = 0
    teleop: int = 0
    endgame: int = 0
    match: int = 0

    def phases(self) -> list[tuple[str, int]]:
        """The timed phases in order as (phase_name, duration_s)."""
        if self.match:
            return [("match", self.match)]
        return [("auto", self.auto), ("transition", self.transition), ("teleop", self.teleop)]


@dataclass(frozen=True)
class Breakdown:
    """One alliance's (or team's) score: additive ``parts`` that sum to ``total``.

    ``np_total`` is the total without points credited from the opponent's fouls; ``items``
    maps each scored field id (computed ones included) to the points it brought this
    alliance; ``recorded`` holds the values of unscored inputs (e.g. Gracious Professionalism).
    """

    total: int
    parts: dict[str, int]
    np_total: int
    items: dict[str, int]
    recorded: dict[str, Value] = field(default_factory=dict)

    def value(self, of: str) -> int:
        """A named figure: "total", "np_total" or a part id (used by ranking keys)."""
        if of == "total":
            return self.total
        if of == "np_total":
            return self.np_total
        return self.parts[of]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "total": self.total,
            "np_total": self.np_total,
            "parts": dict(self.parts),
            "items": dict(self.items),
            "recorded": dict(self.recorded),
        }


@dataclass(frozen=True)
class MatchResult:
    """Both alliances' breakdowns and the winner: "red", "blue" or "tie" (penalties included)."""

    red: Breakdown
    blue: Breakdown
    winner: Literal["red", "blue", "tie"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {"red": self.red.to_dict(), "blue": self.blue.to_dict(), "winner": self.winner}


@dataclass(frozen=True)
class RankKey:
    """A tie-breaker: the ``agg`` ("mean" or "max") over matches of ``Breakdown.value(of)``."""

    id: str
    of: str
    agg: Literal["mean", "max"]
    title: Titles


@dataclass(frozen=True)
class Ranking:
    """How teams rank. ``rp`` "record": ranking points from the match record (win/tie/loss),
    then the tie-breaker ``keys`` in order. ``rp`` "best": the best single score of the
    ``ranked_rounds`` counted rounds (after ``practice_rounds`` uncounted ones); win/tie/loss
    are then 0 and ``keys`` may be empty."""

    rp: Literal["record", "best"]
    win: int
    tie: int
    loss: int
    title: Titles
    keys: tuple[RankKey, ...]
    ranked_rounds: int = 0
    practice_rounds: int = 0

    def record_points(self, outcome: Literal["win", "tie", "loss"]) -> int:
        """Ranking points a team earns for one match outcome."""
        return {"win": self.win, "tie": self.tie, "loss": self.loss}[outcome]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "rp": self.rp,
            "win": self.win,
            "tie": self.tie,
            "loss": self.loss,
            "title": _title(self.title, lang),
            "keys": [
                {"id": k.id, "of": k.of, "agg": k.agg, "title": _title(k.title, lang)}
                for k in self.keys
            ],
            "ranked_rounds": self.ranked_rounds,
            "practice_rounds": self.practice_rounds,
        }


class Season:
    """A loaded season: its inputs, timing, breakdown parts and ranking keys.

    Built by ``scoring.load_season``; treat it as read-only (it is shared through a cache).
    """

    def __init__(
        self,
        *,
        id: str,
        title: Titles,
        game: Literal["alliance", "team"],
        alliance_size: int,
        timing: Timing,
        periods: list[tuple[str, Titles]],
        parts: list[tuple[str, Titles]],
        fields: list[Field],
        ranking: Ranking,
        playoff_tiebreakers: tuple[str, ...] = (),
        constraints: tuple[Constraint, ...] | list[Constraint] = (),
        judging: Judging | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.game = game
        self.alliance_size = alliance_size
        self.timing = timing
        self.ranking = ranking
        self.playoff_tiebreakers = tuple(playoff_tiebreakers)
        self.judging = judging
        self._constraints = tuple(constraints)
        self._periods = tuple(periods)
        self._parts = tuple(parts)
        self._fields = tuple(fields)
        self._by_id = {f.id: f for f in fields}

    def __repr__(self) -> str:
        return f"<Season {self.id}>"

    @property
    def fields(self) -> list[Field]:
        """Every line of the score sheet in declaration order, computed ones included."""
        return list(self._fields)

    @property
    def inputs(self) -> list[Field]:
        """What a referee records (the fields that are not computed), in order."""
        return [f for f in self._fields if f.is_input]

    @property
    def constraints(self) -> list[Constraint]:
        """Cross-field rules every valid sheet satisfies, in declaration order."""
        return list(self._constraints)

    @property
    def parts(self) -> list[tuple[str, Titles]]:
        """Breakdown parts in order as (part_id, titles)."""
        return list(self._parts)

    @property
    def periods(self) -> list[tuple[str, Titles]]:
        """Periods that group inputs on the tablet, in order, as (period_id, titles)."""
        return list(self._periods)

    def field(self, field_id: str) -> Field:
        """The field with this id; KeyError if there is none."""
        return self._by_id[field_id]

    def blank_sheet(self) -> dict[str, Value]:
        """A sheet with every input at its default (the file's ``default``, else 0, False or
        the first choice). Computed fields are not part of a sheet."""
        return {f.id: f.default for f in self._fields if f.is_input}

    def validate(self, sheet: Mapping[str, Any], *, constraints: bool = True) -> dict[str, Value]:
        """Return the complete sheet with defaults filled in.

        Raises ScoreSheetError listing every bad field at once: unknown or computed fields,
        counts that are not whole numbers or are out of range, unknown choices and non-bool
        yes/no values. Only when every field is valid are the constraints checked; each
        violated one adds an entry for every field in its terms (in order) with its English
        message, and its id goes to ``ScoreSheetError.constraints``. With ``constraints=False``
        only the fields are checked (a draft a referee is still filling in).
        """
        clean, errors, violated = self._check(sheet, constraints)
        if errors:
            raise ScoreSheetError(errors, violated)
        return clean

    def violations(self, sheet: Mapping[str, Any]) -> list[Constraint]:
        """The constraints a field-valid sheet breaks (missing inputs take their defaults)."""
        full = {f.id: sheet.get(f.id, f.default) for f in self._fields if f.is_input}
        return [c for c in self._constraints if not c.holds(full)]

    def score(self, sheet: Mapping[str, Any], *, constraints: bool = True) -> Breakdown:
        """Score one alliance (or team) alone; fouls it committed are not counted here.
        ``constraints=False`` scores a draft that may still break a constraint."""
        return self._breakdown(self.validate(sheet, constraints=constraints), None)

    def score_match(self, red: Mapping[str, Any], blue: Mapping[str, Any], *,
                    constraints: bool = True) -> MatchResult:
        """Score both sides. In an alliance game fouls in each sheet are credited to the other
        alliance; in a team game (two teams at paired tables, or head to head) each sheet is
        scored alone. The winner has the higher total, else "tie".

        Errors in either sheet are reported together, their fields (and violated constraint
        ids) prefixed "red." or "blue.".
        """
        red_clean, red_errors, red_violated = self._check(red, constraints)
        blue_clean, blue_errors, blue_violated = self._check(blue, constraints)
        errors = [(f"red.{k}", m) for k, m in red_errors]
        errors += [(f"blue.{k}", m) for k, m in blue_errors]
        if errors:
            violated = [f"red.{c}" for c in red_violated] + [f"blue.{c}" for c in blue_violated]
            raise ScoreSheetError(errors, violated)
        alliance = self.game == "alliance"
        r = self._breakdown(red_clean, blue_clean if alliance else None)
        b = self._breakdown(blue_clean, red_clean if alliance else None)
        winner = "red" if r.total > b.total else "blue" if b.total > r.total else "tie"
        return MatchResult(red=r, blue=b, winner=winner)

    def playoff_winner(self, result: MatchResult) -> Literal["red", "blue", "tie"]:
        """Who wins a playoff match: the higher total, else the season's playoff tie-breakers
        in order (the higher figure wins each), else "tie" (the match is replayed)."""
        if result.winner != "tie":
            return result.winner
        for of in self.playoff_tiebreakers:
            red, blue = result.red.value(of), result.blue.value(of)
            if red != blue:
                return "red" if red > blue else "blue"
        return "tie"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-serialisable description from which a browser builds the referee tablet.

        With ``lang`` ("kk", "ru" or "en") every title is plain text in that language;
        without it, titles are {lang: text}.
        """
        if lang is not None and lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
        t = self.timing
        return {
            "id": self.id,
            "title": _title(self.title, lang),
            "game": self.game,
            "alliance_size": self.alliance_size,
            "timing": {
                "auto": t.auto,
                "transition": t.transition,
                "teleop": t.teleop,
                "endgame": t.endgame,
                "match": t.match,
                "phases": [[name, seconds] for name, seconds in t.phases()],
            },
            "periods": [{"id": p, "title": _title(ti, lang)} for p, ti in self._periods],
            "parts": [{"id": p, "title": _title(ti, lang)} for p, ti in self._parts],
            "fields": [f.to_dict(lang) for f in self._fields],
            "ranking": self.ranking.to_dict(lang),
            "playoff": {"tiebreakers": list(self.playoff_tiebreakers)},
            "constraints": [c.to_dict(lang) for c in self._constraints],
            "judging": None if self.judging is None else self.judging.to_dict(lang),
        }

    def _check(self, sheet: Any, constraints: bool = True,
               ) -> tuple[dict[str, Any], list[tuple[str, str]], list[str]]:
        """(clean sheet, errors, ids of violated constraints)."""
        if not isinstance(sheet, Mapping):
            return {}, [("", f"score sheet must be a mapping, got {type(sheet).__name__}")], []
        errors = []
        for k in sheet:
            if k not in self._by_id:
                errors.append((str(k), "unknown field"))
            elif not self._by_id[k].is_input:
                errors.append((str(k), COMPUTED_INPUT))
        clean: dict[str, Any] = {}
        for f in self._fields:
            if not f.is_input:
                continue
            value = sheet.get(f.id, f.default)
            problem = f.problem(value)
            if problem:
                errors.append((f.id, problem))
            clean[f.id] = value
        if errors or not constraints:
            return clean, errors, []
        violated = self.violations(clean)
        for c in violated:
            errors += [(name, c.message["en"]) for name, _ in c.terms]
        return clean, errors, [c.id for c in violated]

    def _breakdown(self, own: dict[str, Any], opponent: dict[str, Any] | None) -> Breakdown:
        parts = {part_id: 0 for part_id, _ in self._parts}
        items: dict[str, int] = {}
        recorded: dict[str, Value] = {}
        np_total = 0
        for f in self._fields:
            if not f.scored:
                recorded[f.id] = own[f.id]
                continue
            if f.kind == "computed":
                points = f.compute(own)
                np_total += points
            elif f.credit == "opponent":
                points = 0 if opponent is None else f.score(opponent[f.id])
            else:
                points = f.score(own[f.id])
                np_total += points
            items[f.id] = points
            assert f.part is not None  # the loader requires a part for scored fields
            parts[f.part] += points
        return Breakdown(total=sum(parts.values()), parts=parts, np_total=np_total, items=items,
                         recorded=recorded)


def _same(value: Value, wanted: Value) -> bool:
    """Case matching: choice ids compare as text, everything else as ints (True == 1)."""
    if isinstance(value, str) or isinstance(wanted, str):
        return value == wanted
    return int(value) == int(wanted)


def _title(titles: Titles, lang: str | None) -> str | Titles:
    return dict(titles) if lang is None else titles[lang]
