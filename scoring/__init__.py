"""Scoring rules, pure: season files → validation, score breakdowns, ranking keys.

Typical use::

    season = scoring.load_season("ftc-2024-into-the-deep")
    result = season.score_match(red_sheet, blue_sheet)   # fouls go to the opponent
    result.red.total, result.red.parts["auto"], result.winner

    fll = scoring.load_season("fll-2024-submerged")      # a team game: one team per sheet
    fll.score(sheet).parts["m14"], fll.judging.rows_of("core_values")

Stdlib only: this package imports nothing else of Zharys and never Flask or SQLAlchemy.
"""

from .errors import ScoreSheetError, SeasonFileError
from .judging import Area, Award, Judging, RubricRow
from .loader import available_seasons, load_season, load_season_file
from .season import (
    Breakdown,
    Case,
    Choice,
    Constraint,
    Field,
    MatchResult,
    Ranking,
    RankKey,
    Season,
    Timing,
)

__all__ = [
    "Area",
    "Award",
    "Breakdown",
    "Case",
    "Choice",
    "Constraint",
    "Field",
    "Judging",
    "MatchResult",
    "RankKey",
    "Ranking",
    "RubricRow",
    "ScoreSheetError",
    "Season",
    "SeasonFileError",
    "Timing",
    "available_seasons",
    "load_season",
    "load_season_file",
]
