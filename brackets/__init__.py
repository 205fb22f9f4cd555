"""Tournament structure, pure: qualification schedules, match times and qualification rankings."""

from .ranking import MatchOutcome, TeamRanking, rank_teams
from .schedule import (
    Break,
    Schedule,
    ScheduledMatch,
    generate_schedule,
    match_times,
    schedule_quality,
)

__all__ = [
    "Break",
    "MatchOutcome",
    "Schedule",
    "ScheduledMatch",
    "TeamRanking",
    "generate_schedule",
    "match_times",
    "rank_teams",
    "schedule_quality",
]
