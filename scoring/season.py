"""The season model: referee inputs, score-sheet validation and score breakdowns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .errors import ScoreSheetError

LANGS = ("kk", "ru", "en")
Titles = dict[str, str]  # language code ("kk", "ru", "en") -> text


@dataclass(frozen=True)
class Choice:
    """One option of a choice input, e.g. a robot's park position, with its points."""

    id: str
    points: int
    title: Titles


@dataclass(frozen=True)
class Field:
    """One input a referee records: a yes/no, a count within [min, max], or a choice.

    ``credit`` is "self" when the points go to the alliance whose sheet holds the value, and
    "opponent" when they go to the other alliance (fouls).
    """

    id: str
    kind: Literal["bool", "count", "choice"]
    min: int | None
    max: int | None
    points: int | None
    choices: tuple[Choice, ...] | None
    period: str
    robot: int | None
    part: str
    title: Titles
    default: bool | int | str
    hint: Titles | None = None
    credit: Literal["self", "opponent"] = "self"

    def problem(self, value: Any) -> str | None:
        """Return an English message saying why ``value`` is not valid here, or None if it is."""
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

    def score(self, value: bool | int | str) -> int:
        """Points earned by an already-validated value."""
        if self.kind == "choice":
            assert self.choices is not None
            return next(c.points for c in self.choices if c.id == value)
        assert self.points is not None
        return self.points * int(value)

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
            "title": _title(self.title, lang),
            "hint": None if self.hint is None else _title(self.hint, lang),
        }


@dataclass(frozen=True)
class Timing:
    """Match timing in seconds; ``endgame`` is a cue that many seconds before teleop ends."""

    auto: int
    transition: int
    teleop: int
    endgame: int

    def phases(self) -> list[tuple[str, int]]:
        """The timed phases in order as (phase_name, duration_s)."""
        return [("auto", self.auto), ("transition", self.transition), ("teleop", self.teleop)]


@dataclass(frozen=True)
class Breakdown:
    """One alliance's (or team's) score: additive ``parts`` that sum to ``total``.

    ``np_total`` is the total without points credited from the opponent's fouls; ``items``
    maps each field id to the points it brought this alliance.
    """

    total: int
    parts: dict[str, int]
    np_total: int
    items: dict[str, int]

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
    """How teams rank: ranking points from the match record, then tie-breakers in order."""

    rp: Literal["record"]
    win: int
    tie: int
    loss: int
    title: Titles
    keys: tuple[RankKey, ...]

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
    ) -> None:
        self.id = id
        self.title = title
        self.game = game
        self.alliance_size = alliance_size
        self.timing = timing
        self.ranking = ranking
        self.playoff_tiebreakers = tuple(playoff_tiebreakers)
        self._periods = tuple(periods)
        self._parts = tuple(parts)
        self._fields = tuple(fields)
        self._by_id = {f.id: f for f in fields}

    def __repr__(self) -> str:
        return f"<Season {self.id}>"

    @property
    def fields(self) -> list[Field]:
        """What a referee records, in declaration order."""
        return list(self._fields)

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

    def blank_sheet(self) -> dict[str, bool | int | str]:
        """A sheet with every input at its default (0, False or the first choice)."""
        return {f.id: f.default for f in self._fields}

    def validate(self, sheet: Mapping[str, Any]) -> dict[str, bool | int | str]:
        """Return the complete sheet with defaults filled in.

        Raises ScoreSheetError listing every bad field at once: unknown fields, counts that are
        not whole numbers or are out of range, unknown choices and non-bool yes/no values.
        """
        clean, errors = self._check(sheet)
        if errors:
            raise ScoreSheetError(errors)
        return clean

    def score(self, sheet: Mapping[str, Any]) -> Breakdown:
        """Score one alliance (or team) alone; fouls it committed are not counted here."""
        return self._breakdown(self.validate(sheet), None)

    def score_match(self, red: Mapping[str, Any], blue: Mapping[str, Any]) -> MatchResult:
        """Score both alliances; fouls in each sheet are credited to the other alliance.

        Errors in either sheet are reported together, their fields prefixed "red." or "blue.".
        """
        if self.game != "alliance":
            raise ValueError(f"season {self.id} is not an alliance game")
        red_clean, red_errors = self._check(red)
        blue_clean, blue_errors = self._check(blue)
        errors = [(f"red.{k}", m) for k, m in red_errors]
        errors += [(f"blue.{k}", m) for k, m in blue_errors]
        if errors:
            raise ScoreSheetError(errors)
        r = self._breakdown(red_clean, blue_clean)
        b = self._breakdown(blue_clean, red_clean)
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
                "phases": [[name, seconds] for name, seconds in t.phases()],
            },
            "periods": [{"id": p, "title": _title(ti, lang)} for p, ti in self._periods],
            "parts": [{"id": p, "title": _title(ti, lang)} for p, ti in self._parts],
            "fields": [f.to_dict(lang) for f in self._fields],
            "ranking": self.ranking.to_dict(lang),
            "playoff": {"tiebreakers": list(self.playoff_tiebreakers)},
        }

    def _check(self, sheet: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if not isinstance(sheet, Mapping):
            return {}, [("", f"score sheet must be a mapping, got {type(sheet).__name__}")]
        errors = [(str(k), "unknown field") for k in sheet if k not in self._by_id]
        clean: dict[str, Any] = {}
        for f in self._fields:
            value = sheet.get(f.id, f.default)
            problem = f.problem(value)
            if problem:
                errors.append((f.id, problem))
            clean[f.id] = value
        return clean, errors

    def _breakdown(self, own: dict[str, Any], opponent: dict[str, Any] | None) -> Breakdown:
        parts = {part_id: 0 for part_id, _ in self._parts}
        items: dict[str, int] = {}
        np_total = 0
        for f in self._fields:
            if f.credit == "opponent":
                points = 0 if opponent is None else f.score(opponent[f.id])
            else:
                points = f.score(own[f.id])
                np_total += points
            items[f.id] = points
            parts[f.part] += points
        return Breakdown(total=sum(parts.values()), parts=parts, np_total=np_total, items=items)


def _title(titles: Titles, lang: str | None) -> str | Titles:
    return dict(titles) if lang is None else titles[lang]
