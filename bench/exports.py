"""Printing at the end of a long day: 700 olympiad diplomas and certificates, and 1,000 QR
badges, timed the way an organiser waits for them.

It builds an olympiad of 700 participants (registered through the CSV import, every problem
marked: see bench/olympiad.py) and an FTC event of 1,000 teams with Kazakh names, in a fresh
SQLite database, then runs the same exports ``zharys export diplomas`` and ``zharys export
badges`` run (``exports.catalogue.run_export``): reading the results through ``tournament``,
then drawing every page. Each is timed three times from cold (no QR code cached, the
results recomputed); the median counts.

    .venv/bin/python bench/exports.py [--participants 700] [--badges 1000]

The last line is one JSON object with ``diplomas_700_s`` and ``badges_1000_s``.
Goal on the 2-core development machine: ≤ 10 s each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from olympiad import build  # noqa: E402

from exports.catalogue import run_export  # noqa: E402
from exports.pdf import _qr_operators, qr_matrix  # noqa: E402
from tournament.accounts import Actor  # noqa: E402

BASE = "http://192.168.1.10:5000"


class Links:
    """The links a venue server on the local network would print."""

    def team(self, number: int) -> str:
        return f"{BASE}/teams/{number}"

    def team_certificate(self, token: str) -> str:
        return f"{BASE}/verify/{token}"

    def olympiad_document(self, token: str) -> str:
        return f"{BASE}/olympiad/verify/{token}"

    def join(self, code: str) -> str:
        return f"{BASE}/join/{code}"

    def leader(self, token: str) -> str:
        return f"{BASE}/olympiad/leader/{token}"


def timed(runs: int, fn, venue=None) -> tuple[float, object]:
    """The median of ``runs`` cold runs: no QR code drawn before (their cache is emptied)
    and, for the olympiad, the results computed afresh, as after the last mark changed."""
    times, out = [], None
    for _ in range(runs):
        qr_matrix.cache_clear()
        _qr_operators.cache_clear()
        if venue is not None:
            venue.olympiad._changed([])
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=700)
    parser.add_argument("--badges", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zharys-exports-bench-") as tmp:
        venue, built = build(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.participants)
        admin = Actor.system()
        venue.create_event(admin, "bench", "Орталық Азия чемпионаты", "ftc-2024-into-the-deep")
        rows = [f"{10000 + i},Қыран Өрлеу {i},Үшқоңыр мектебі {i % 97},Шымкент,Қазақстан"
                for i in range(args.badges)]
        venue.import_teams(admin, "number,name,organization,city,country\n" +
                           "\n".join(rows) + "\n")
        links = Links()

        diplomas_s, diplomas = timed(args.runs, lambda: run_export(
            "diplomas", venue, links, {"format": "pdf"}), venue)
        badges_s, badges = timed(args.runs, lambda: run_export(
            "badges", venue, links, {"groups": "teams"}))
        lanyard_s, _ = timed(1, lambda: run_export(
            "badges", venue, links, {"groups": "teams", "layout": "lanyard"}))
        zip_s, _ = timed(1, lambda: run_export("diplomas", venue, links, {"format": "zip"}),
                         venue)
        venue.db.dispose()

    pages = diplomas.data.count(b"/Type /Page\n") or diplomas.data.count(b"/Type /Page")
    print(f"olympiad: {args.participants} participants, {built['schools']} schools, "
          f"{built['marks']} marks")
    print(f"diplomas and certificates, one PDF: {diplomas_s:.2f} s "
          f"({len(diplomas.data) / 1e6:.1f} MB, {pages} pages)")
    print(f"the same as a ZIP of one PDF per person: {zip_s:.2f} s")
    print(f"badges, A4 sheets of ten: {badges_s:.2f} s for {args.badges} "
          f"({len(badges.data) / 1e6:.1f} MB)")
    print(f"badges, one lanyard card a page: {lanyard_s:.2f} s")
    print(json.dumps({f"diplomas_{args.participants}_s": round(diplomas_s, 2),
                      f"badges_{args.badges}_s": round(badges_s, 2),
                      "diplomas_zip_s": round(zip_s, 2), "lanyard_s": round(lanyard_s, 2),
                      "goal_s": 10}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
