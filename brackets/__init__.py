"""Tournament structure, pure: qualification schedules and their timing, rankings, alliance
selection, elimination brackets, round robin, Swiss pairings and seeding."""

from .awards import AllocationNote, AwardResult, AwardSpec, allocate_awards, champions_scores
from .bracket_state import BracketError, BracketState, Game, MatchStatus
from .day_schedule import DayItem, DayPlan, DaySpec, check_day, day_quality, plan_day
from .elimination import (
    Bracket,
    BracketMatch,
    Loser,
    Seed,
    Source,
    Winner,
    double_elimination,
    double_elimination_bracket,
    single_elimination,
)
from .fll_ranking import RobotGameRanking, area_ranks, rank_robot_game
from .medals import MEDALS, Cutoffs, allot_medals, cutoffs, medal_preview, rank, school_rating
from .ranking import MatchOutcome, TeamRanking, rank_teams
from .roundrobin import Result, Standing, SwissError, round_robin, standings, swiss_pairings
from .schedule import (
    Break,
    Schedule,
    ScheduledMatch,
    Slot,
    gap_bound,
    gap_for_turnaround,
    generate_schedule,
    match_times,
    plan_slots,
    reference_gap,
    schedule_quality,
)
from .seeding import seed, seeding_from_groups, snake_groups, standard_order
from .selection import Action, SelectionError, SelectionRules, SelectionState, selection_state
from .selection import apply as apply_selection
from .selection import undo as undo_selection

__all__ = [
    "Action",
    "AllocationNote",
    "AwardResult",
    "AwardSpec",
    "Bracket",
    "BracketError",
    "BracketMatch",
    "BracketState",
    "Break",
    "Cutoffs",
    "DayItem",
    "DayPlan",
    "DaySpec",
    "Game",
    "Loser",
    "MEDALS",
    "MatchOutcome",
    "MatchStatus",
    "Result",
    "RobotGameRanking",
    "Schedule",
    "ScheduledMatch",
    "Seed",
    "SelectionError",
    "SelectionRules",
    "SelectionState",
    "Slot",
    "Source",
    "Standing",
    "SwissError",
    "TeamRanking",
    "Winner",
    "allocate_awards",
    "allot_medals",
    "apply_selection",
    "area_ranks",
    "champions_scores",
    "check_day",
    "cutoffs",
    "day_quality",
    "double_elimination",
    "double_elimination_bracket",
    "gap_bound",
    "gap_for_turnaround",
    "generate_schedule",
    "match_times",
    "medal_preview",
    "plan_day",
    "plan_slots",
    "rank",
    "rank_robot_game",
    "rank_teams",
    "reference_gap",
    "round_robin",
    "schedule_quality",
    "school_rating",
    "seed",
    "seeding_from_groups",
    "selection_state",
    "single_elimination",
    "snake_groups",
    "standard_order",
    "standings",
    "swiss_pairings",
    "undo_selection",
]
