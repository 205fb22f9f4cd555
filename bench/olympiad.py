"""Olympiad results at championship size: 5,000 participants in 3 subjects of 8 problems (two
rounds of 4), every problem marked, a few appeals; a full recompute of totals, places, medals,
honourable mentions, winners, best girls and the school rating.

It builds the olympiad in a fresh SQLite database (the registration through the same CSV
import an organiser uses; the 120,000 agreed marks written in bulk), then times:

* ``recompute_ms``: what the server does after a mark changes — read every final mark from
  the database and recompute everything (median of 7 runs);
* ``compute_ms``: the same without the database read (the pure part);
* ``import_s``: the CSV import of 5,000 participants with their 10,000 work codes.

    .venv/bin/python bench/olympiad.py [--participants 5000] [--url sqlite:///…]

The last line is one JSON object with ``participants`` and ``recompute_ms``. Goal: ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tournament.accounts import Actor  # noqa: E402
from tournament.bus import Bus  # noqa: E402
from tournament.clock import FakeClock  # noqa: E402
from tournament.db import Database  # noqa: E402
from tournament.demo import olympiad_csv  # noqa: E402
from tournament.models import Mark, Participant, Problem, Work  # noqa: E402
from tournament.olympiad import compute_results, final_marks  # noqa: E402
from tournament.venue import Venue  # noqa: E402

SUBJECTS = [("math", "Mathematics", "imo", "imo", 7, 1),
            ("physics", "Physics", "ioi", None, 10, 0.1),
            ("informatics", "Informatics", "ioi", "ioi", 100, 1)]


def structure() -> dict:
    return {"subjects": [
        {"code": code, "names": {"kk": name, "ru": name, "en": name}, "step": step,
         "team_quota": 3, "policy": policy, "hm": hm,
         "rounds": [{"kind": "theoretical", "problems": [{"max": top, "tolerance": 1}] * 4}
                    for _ in range(2)]}
        for code, name, policy, hm, top, step in SUBJECTS]}


def build(url: str, participants: int, seed: int = 5) -> tuple[Venue, dict]:
    """A fresh olympiad of ``participants`` in the database at ``url``: registered through
    the CSV import, every problem marked (agreed marks written in bulk), 200 appeals."""
    db = Database(url)
    db.migrate()
    venue = Venue(db, Bus(), FakeClock())
    admin = Actor.system()
    desk = venue.olympiad
    desk.create(admin, "bench", "Bench olympiad", structure())

    schools = -(-participants // 9)  # 3 per subject per school
    lines = olympiad_csv(schools, {"math": 3, "physics": 3, "informatics": 3}).splitlines()
    text = "\n".join(lines[:participants + 1]) + "\n"
    started = time.perf_counter()
    desk.import_participants(admin, text)
    import_s = time.perf_counter() - started

    rng = random.Random(seed)
    with db.session() as session:
        works = session.execute(select(Work.id, Work.round_id)).all()
        problems = session.execute(select(Problem.id, Problem.round_id,
                                          Problem.max_points)).all()
        by_round: dict[int, list] = {}
        for problem in problems:
            by_round.setdefault(problem.round_id, []).append(problem)
        rows = []
        for work in works:
            for problem in by_round[work.round_id]:
                top = int(problem.max_points)
                value = min(top, max(0, int(rng.gauss(top * 0.4, top * 0.3))))
                rows.append({"work_id": work.id, "problem_id": problem.id, "kind": "agreed",
                             "value": float(value), "by": "bench", "by_user": None,
                             "note": ""})
        appeals = [{**row, "kind": "appeal", "value": min(row["value"] + 1, 7.0)}
                   for row in rng.sample(rows, 200)]
        for chunk in range(0, len(rows), 20000):
            session.execute(insert(Mark), rows[chunk:chunk + 20000])
        session.execute(insert(Mark), appeals)
        people = session.scalar(select(Participant.id).order_by(Participant.id.desc()))
    return venue, {"import_s": import_s, "schools": schools, "marks": len(rows) + len(appeals),
                   "appeals": len(appeals), "last_id": people}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    venue, built = build(url, args.participants)
    db, desk = venue.db, venue.olympiad
    import_s, schools, marks, people = (built["import_s"], built["schools"], built["marks"],
                                        built["last_id"])
    appeals = [None] * built["appeals"]

    full, pure = [], []
    data = None
    for _ in range(7):
        desk._changed([])  # a mark changed: the cache is dropped
        started = time.perf_counter()
        data = desk._compute()
        full.append((time.perf_counter() - started) * 1000)
        with db.session() as session:
            olympiad = desk._olympiad(session)
            finals = final_marks(session, olympiad)
            started = time.perf_counter()
            compute_results(session, olympiad, finals)
            pure.append((time.perf_counter() - started) * 1000)
    assert data is not None
    counts = {code: data["subjects"][code]["counts"] for code, *_ in SUBJECTS}
    recompute_ms = statistics.median(full)
    compute_ms = statistics.median(pure)
    print(f"participants {args.participants} (last id {people}), schools {schools}, "
          f"marks {marks} ({len(appeals)} after appeal), database {url.split(':')[0]}")
    print(f"import of the registration CSV: {import_s:.2f} s")
    print(f"full recompute (read marks + compute): median {recompute_ms:.0f} ms, "
          f"min {min(full):.0f} ms, max {max(full):.0f} ms")
    print(f"compute only: median {compute_ms:.0f} ms")
    for code, c in counts.items():
        print(f"  {code:12s} gold {c['gold']:4d}  silver {c['silver']:4d}  "
              f"bronze {c['bronze']:4d}  hm {c['hm']:4d}  none {c['none']:4d}")
    print(f"school rating: {len(data['rating']['rows'])} schools")
    print(json.dumps({"participants": args.participants, "marks": marks,
                      "recompute_ms": round(recompute_ms, 1),
                      "compute_ms": round(compute_ms, 1), "import_s": round(import_s, 2),
                      "goal_ms": 500}))
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
