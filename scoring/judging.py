"""Judged awards of a team game (FIRST LEGO League): rubric areas, rows, levels and awards.

A rubric row is scored on the season's four levels, 1 (the first level) to 4 (the last).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .errors import ScoreSheetError

Titles = dict[str, str]  # language code ("kk", "ru", "en") -> text
BASES = ("champions", "area", "robot_game", "nomination")


@dataclass(frozen=True)
class Area:
    """A judged area. ``include_gp``: the area also takes the Gracious Professionalism scores
    recorded at the robot tables (Core Values)."""

    id: str
    title: Titles
    include_gp: bool


@dataclass(frozen=True)
class RubricRow:
    """One rubric row of an area; ``levels`` says what the judge sees at each of the four
    levels, first to last. ``core_values``: the row counts towards Core Values."""

    id: str
    area: str
    title: Titles
    levels: tuple[Titles, Titles, Titles, Titles]
    core_values: bool


@dataclass(frozen=True)
class Award:
    """An award and its default number of places.

    ``basis`` is "champions" (all areas together), "area" (the rubric of ``area``),
    "robot_game" (robot-game ranking) or "nomination" (judges' choice). ``judged`` is False for
    awards outside the one-judged-award-per-team rule (Robot Performance, Coach/Mentor).
    """

    id: str
    title: Titles
    basis: Literal["champions", "area", "robot_game", "nomination"]
    judged: bool
    count: int
    area: str | None = None


@dataclass(frozen=True)
class Judging:
    """A season's judging: the four rubric levels, the areas, their rows and the awards."""

    levels: tuple[tuple[str, Titles], ...]
    areas: tuple[Area, ...]
    rows: tuple[RubricRow, ...]
    awards: tuple[Award, ...]

    def area(self, area_id: str) -> Area:
        """The area with this id; KeyError if there is none."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def rows_of(self, area_id: str) -> list[RubricRow]:
        """The rubric rows of one area, in declaration order."""
        return [row for row in self.rows if row.area == area_id]

    def rubric_total(self, area_id: str, scores: Mapping[str, Any]) -> int:
        """Sum of one area's rubric: ``scores`` maps every row id of the area to a level
        number 1..4. Raises ScoreSheetError listing missing, unknown and bad rows."""
        self.area(area_id)  # KeyError for an unknown area
        rows = [row.id for row in self.rows_of(area_id)]
        top = len(self.levels)
        errors = [(str(k), "unknown rubric row") for k in scores if k not in rows]
        for row in rows:
            value = scores.get(row)
            if type(value) is not int or not 1 <= value <= top:
                errors.append((row, f"must be a level 1..{top}, got {value!r}"))
        if errors:
            raise ScoreSheetError(errors)
        return sum(scores[row] for row in rows)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-serialisable form; titles as {lang: text}, or plain text if ``lang``."""
        return {
            "levels": [{"id": i, "title": _title(t, lang)} for i, t in self.levels],
            "areas": [
                {"id": a.id, "title": _title(a.title, lang), "include_gp": a.include_gp}
                for a in self.areas
            ],
            "rows": [
                {
                    "id": r.id,
                    "area": r.area,
                    "title": _title(r.title, lang),
                    "levels": [_title(t, lang) for t in r.levels],
                    "core_values": r.core_values,
                }
                for r in self.rows
            ],
            "awards": [
                {
                    "id": a.id,
                    "title": _title(a.title, lang),
                    "basis": a.basis,
                    "area": a.area,
                    "judged": a.judged,
                    "count": a.count,
                }
                for a in self.awards
            ],
        }


def _title(titles: Titles, lang: str | None) -> str | Titles:
    return dict(titles) if lang is None else titles[lang]
