"""FLL tournament days: how long the day is, how evenly the tables are used and how long teams
wait, and how fast the planner is, over event sizes from a small qualifier to a championship.

For each size (teams, table pairs, judging rooms) it plans the day (practice + 3 rounds,
8-minute match cycle, separate Innovation Project and Robot Design sessions of 30 minutes
every 35 minutes, 10 minutes of travel, a 45-minute lunch at 12:30) and prints the last end,
the busiest resource (the lower bound on the day's length from either the table pairs or the
rooms), table balance, distinct tables per team, repeated opponents, half-empty matches, the
longest wait and the seconds it took. Every plan is checked with ``check_day``.

    .venv/bin/python bench/day.py

The last line is one JSON object with the rows and the worst time.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

from brackets import DaySpec, check_day, day_quality, plan_day

START = datetime(2026, 11, 22, 9, 0)
LUNCH = (datetime(2026, 11, 22, 12, 30), datetime(2026, 11, 22, 13, 15))
SIZES = [  # teams, table pairs, judging rooms
    (12, 1, 2), (24, 2, 3), (36, 2, 4), (48, 3, 6), (60, 4, 8), (80, 4, 10), (100, 5, 12),
    (120, 6, 14),
]


def main() -> None:
    rows = []
    print(f"{'teams':>5} {'pairs':>5} {'rooms':>5} {'end':>6} {'bound':>6} {'table±':>6} "
          f"{'tables/team':>11} {'rematches':>9} {'half-empty':>10} {'wait':>6} {'s':>5}")
    for teams, pairs, rooms in SIZES:
        spec = DaySpec(teams=tuple(range(1001, 1001 + teams)), tables=2 * pairs, rounds=4,
                       match_cycle=timedelta(minutes=8), rooms=rooms, judging="separate",
                       session_length=timedelta(minutes=30),
                       session_cycle=timedelta(minutes=35), travel=timedelta(minutes=10),
                       start=START, breaks=(LUNCH,))
        began = time.perf_counter()
        plan = plan_day(spec, seed=1)
        seconds = time.perf_counter() - began
        problems = check_day(plan, spec)
        q = day_quality(plan)
        # Work that cannot run in parallel: matches per pair, sessions per room.
        pair_minutes = (-(-teams * 4 // (2 * pairs)) - 1) * 8 + 2.5
        room_minutes = (-(-teams * 2 // rooms) - 1) * 35 + 30
        bound = START + timedelta(minutes=max(pair_minutes, room_minutes) + 45)
        row = {"teams": teams, "pairs": pairs, "rooms": rooms,
               "end": plan.end.strftime("%H:%M"), "bound": bound.strftime("%H:%M"),
               "table_spread": q["table_balance"],
               "min_tables_per_team": q["distinct_tables_min"],
               "repeated_opponents": q["repeated_opponents"],
               "half_empty": q["half_empty_matches"],
               "longest_wait_min": round(q["longest_wait"].total_seconds() / 60),
               "seconds": round(seconds, 3), "conflicts": len(problems)}
        rows.append(row)
        print(f"{teams:>5} {pairs:>5} {rooms:>5} {row['end']:>6} {row['bound']:>6} "
              f"{row['table_spread']:>6} {row['min_tables_per_team']:>11} "
              f"{row['repeated_opponents']:>9} {row['half_empty']:>10} "
              f"{row['longest_wait_min']:>5}m {seconds:>5.2f}"
              + (f"  CONFLICTS: {problems[:2]}" if problems else ""))
    print(json.dumps({"rows": rows, "worst_seconds": max(r["seconds"] for r in rows),
                      "conflicts": sum(r["conflicts"] for r in rows)}))


if __name__ == "__main__":
    main()
