"""Scoring rules, pure: season files → validation, score breakdowns, ranking keys.

Typical use::

    season = scoring.load_season("ftc-2024-into-the-deep")
    result = season.score_match(red_sheet, blue_sheet)   # fouls go to the opponent
    result.red.total, result.red.parts["auto"], result.winner

Stdlib only: this package imports nothing else of Zharys and never Flask or SQLAlchemy.
"""

from .errors import ScoreSheetError, SeasonFileError
from .loader import available_seasons, load_season, load_season_file
from .season import Breakdown, Choice, Field, MatchResult, Ranking, RankKey, Season, Timing

__all__ = [
    "Breakdown",
    "Choice",
    "Field",
    "MatchResult",
    "RankKey",
    "Ranking",
    "ScoreSheetError",
    "Season",
    "SeasonFileError",
    "Timing",
    "available_seasons",
    "load_season",
    "load_season_file",
]
