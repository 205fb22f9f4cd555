"""Qualification schedules: our quality and speed against FIRST's published figures.

For every event size in the grid (teams x matches per team, 2 vs 2 and 3 vs 3) it generates
one schedule and prints our minimum gap, worst partner and opponent repeat, red/blue and
station balance, surrogates and the seconds it took, next to the reference:

- FIRST's published 3-vs-3 schedules where the rules reference has a row for that size
  (gap / partner / opponent, their station balance differs by up to 7);
- elsewhere a derived reference, marked ``~``: the reference gap formula
  ``(teams // (2a) - 1) // 2 + 1`` and the smallest possible partner repeat (1 when every
  team's partner slots fit among the other teams), no opponent figure.

A row is flagged ``WORSE`` when our gap is smaller, or our partner or opponent repeat larger,
than the reference. Schedules run in two worker processes; each time is measured in the
worker around ``generate_schedule`` alone.

    .venv/bin/python bench/schedule.py            # full grid, a few minutes
    .venv/bin/python bench/schedule.py --quick    # the table rows and a few more

The last line is one JSON object: rows, rows_worse_than_reference, worst and median time,
the largest station imbalance, and the comparison at each FIRST table row.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brackets import generate_schedule, reference_gap, schedule_quality  # noqa: E402

# FIRST's published 3-vs-3 schedules: (teams, matches each) -> (min gap, partner, opponent).
FIRST = {
    (18, 6): (2, 1, 3),
    (24, 8): (2, 1, 3),
    (36, 8): (3, 1, 3),
    (40, 12): (3, 1, 3),
    (48, 10): (4, 1, 2),
    (60, 10): (5, 1, 2),
    (80, 6): (7, 1, 1),
    (100, 5): (8, 1, 2),
}
FIRST_STATION_IMBALANCE = 7  # the most FIRST's files differ between a team's stations

TEAMS = [8, 12, 16, 18, 20, 24, 28, 32, 36, 40, 44, 48, 54, 60, 70, 80, 90, 100, 110, 120]
MATCHES = list(range(3, 13))
QUICK_TEAMS = [8, 18, 24, 36, 40, 48, 60, 80, 100, 120]
QUICK_MATCHES = [5, 6, 8, 10, 12]


def reference(teams: int, matches: int, alliance: int) -> tuple[int, int, int | None, bool]:
    """(gap, partner, opponent or None, derived?) for one event size."""
    if alliance == 3 and (teams, matches) in FIRST:
        gap, partner, opponent = FIRST[(teams, matches)]
        return gap, partner, opponent, False
    most = matches + (1 if teams * matches % (2 * alliance) else 0)  # surrogates play once more
    partner = max(1, -(-(alliance - 1) * most // (teams - 1)))
    return reference_gap(teams, alliance), partner, None, True


def run(case: tuple[int, int, int, int]) -> dict:
    teams, matches, alliance, seed = case
    begin = time.perf_counter()
    schedule = generate_schedule(list(range(1, teams + 1)), matches, alliance, seed=seed)
    seconds = time.perf_counter() - begin
    quality = schedule_quality(schedule)
    gap, partner, opponent, derived = reference(teams, matches, alliance)
    worse = (
        quality["min_gap"] < gap
        or quality["partner_max"] > partner
        or (opponent is not None and quality["opponent_max"] > opponent)
    )
    return {
        "teams": teams,
        "matches": matches,
        "alliance": alliance,
        "count": len(schedule.matches),
        "quality": quality,
        "seconds": seconds,
        "reference": {"gap": gap, "partner": partner, "opponent": opponent, "derived": derived},
        "worse": worse,
    }


def line(row: dict) -> str:
    q, ref = row["quality"], row["reference"]
    mark = "~" if ref["derived"] else " "
    opponent = "-" if ref["opponent"] is None else str(ref["opponent"])
    return (
        f"{row['alliance']}v{row['alliance']} {row['teams']:>4} {row['matches']:>3} "
        f"{row['count']:>4} | {q['min_gap']:>3} {mark}{ref['gap']:<3} "
        f"{q['partner_max']:>2} {mark}{ref['partner']:<2} "
        f"{q['opponent_max']:>2} {mark}{opponent:<2} | "
        f"{q['red_blue_max']:>2} {q['station_imbalance']:>3} {q['surrogates']:>4} "
        f"{row['seconds']:>6.2f}  {'WORSE' if row['worse'] else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    teams = QUICK_TEAMS if args.quick else TEAMS
    matches = QUICK_MATCHES if args.quick else MATCHES
    cases = [(n, m, a, args.seed) for a in (2, 3) for n in teams for m in matches]
    cases += [(n, m, 3, args.seed) for n, m in FIRST if (n, m, 3, args.seed) not in cases]

    print("size  teams  m  matches |  gap  ref  partner ref  opponent ref |  r/b  station "
          "surrogates  seconds")
    with multiprocessing.Pool(args.workers) as pool:
        rows = pool.map(run, cases, chunksize=1)
    rows.sort(key=lambda r: (r["alliance"], r["teams"], r["matches"]))
    for row in rows:
        print(line(row))

    times = [row["seconds"] for row in rows]
    table = {}
    for (n, m), (gap, partner, opponent) in FIRST.items():
        row = next(r for r in rows if (r["teams"], r["matches"], r["alliance"]) == (n, m, 3))
        q = row["quality"]
        table[f"{n}x{m}"] = {
            "ours": {
                "gap": q["min_gap"],
                "partner": q["partner_max"],
                "opponent": q["opponent_max"],
                "station": q["station_imbalance"],
                "red_blue": q["red_blue_max"],
            },
            "first": {
                "gap": gap,
                "partner": partner,
                "opponent": opponent,
                "station": f"<= {FIRST_STATION_IMBALANCE}",
            },
        }
    summary = {
        "rows": len(rows),
        "rows_worse_than_reference": sum(row["worse"] for row in rows),
        "worse": [f"{r['alliance']}v{r['alliance']} {r['teams']}x{r['matches']}"
                  for r in rows if r["worse"]],
        "worst_seconds": round(max(times), 3),
        "p50_seconds": round(statistics.median(times), 3),
        "max_station_imbalance": max(row["quality"]["station_imbalance"] for row in rows),
        "max_red_blue": max(row["quality"]["red_blue_max"] for row in rows),
        "first_table_rows": table,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
