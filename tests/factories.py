"""Test factories: staff actors, team CSVs and a small event (shared by every test folder)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tournament.accounts import Actor
from tournament.venue import Venue

ADMIN = Actor(name="Admin", role="admin", device="test")
SCOREKEEPER = Actor(name="Scorekeeper", role="scorekeeper", device="laptop")
HEAD_REF = Actor(name="Head referee", role="head_referee", device="tablet-hr")
RED_REF = Actor(name="Red referee", role="referee", device="tablet-red", field=1, station="red")
BLUE_REF = Actor(name="Blue referee", role="referee", device="tablet-blue", field=1,
                 station="blue")


def make_csv(count: int, first: int = 1001) -> str:
    rows = [f"{first + i},Team {first + i},School {i},Астана,Қазақстан" for i in range(count)]
    return "number,name,organization,city,country\n" + "\n".join(rows) + "\n"


def make_event(venue: Venue, teams: int = 8, matches_per_team: int = 3, seed: int = 1) -> None:
    venue.create_event(ADMIN, "test", "Test event", "ftc-2024-into-the-deep", fields=1)
    venue.import_teams(ADMIN, make_csv(teams))
    venue.generate_schedule(ADMIN, matches_per_team, datetime(2026, 11, 22, 9, 0),
                            timedelta(minutes=6), seed=seed)
