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


RED_SHEET = {  # ITD worked example 1 (rules/ftc.md): red 166, blue 159
    "robot1Auto": "OBSERVATION_ZONE", "robot2Auto": "ASCENT", "autoSampleNet": 1,
    "autoSampleHigh": 2, "autoSpecimenHigh": 1, "teleopSampleNet": 2, "teleopSampleLow": 1,
    "teleopSampleHigh": 5, "teleopSpecimenLow": 1, "teleopSpecimenHigh": 4,
    "robot1Teleop": "ASCENT_2", "robot2Teleop": "OBSERVATION_ZONE", "minorFouls": 2,
}
BLUE_SHEET = {
    "robot1Auto": "OBSERVATION_ZONE", "robot2Auto": "OBSERVATION_ZONE", "autoSampleHigh": 1,
    "autoSpecimenHigh": 2, "teleopSampleNet": 3, "teleopSampleHigh": 2,
    "teleopSpecimenHigh": 6, "robot1Teleop": "ASCENT_3", "robot2Teleop": "ASCENT_1",
    "minorFouls": 1, "majorFouls": 1,
}


def referee(alliance: str, field: int = 1) -> Actor:
    """The referee tablet of one alliance (FLL: one table) on ``field``."""
    base = RED_REF if alliance == "red" else BLUE_REF
    return Actor(**{**base.__dict__, "field": field})


def play(venue, red=RED_SHEET, blue=BLUE_SHEET, field=1):
    """Load the next match, run it to the end, enter both sheets and commit."""
    info = venue.load_match(SCOREKEEPER, field)
    venue.start_match(SCOREKEEPER, field)
    venue.submit_sheet(referee("red", field), info["id"], "red", red,
                       key=f"red-sheet-{info['id']}")
    venue.submit_sheet(referee("blue", field), info["id"], "blue", blue,
                       key=f"blue-sheet-{info['id']}")
    venue.clock.advance(158)
    return venue.commit_match(HEAD_REF, field)


JUDGE = Actor(name="Judge", role="judge", device="laptop-room1")
SUBMERGED = "fll-2024-submerged"
FLL_DAY = datetime(2026, 11, 22, 9, 0)


def make_fll_event(venue: Venue, teams: int = 8, season: str = SUBMERGED, pairs: int = 2,
                   rooms: int = 2, judging: str = "separate", code: str = "fll") -> dict:
    """An FLL event: ``teams`` teams, ``pairs`` table pairs, the day planned from 9:00."""
    venue.create_event(ADMIN, code, "Test FLL event", season, fields=pairs)
    venue.import_teams(ADMIN, make_csv(teams))
    return venue.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8),
                                  rooms=rooms, judging=judging,
                                  session_length=timedelta(minutes=25),
                                  session_cycle=timedelta(minutes=30),
                                  travel=timedelta(minutes=10), seed=1)


# -- olympiad ----------------------------------------------------------------------------------
OLYMPIAD_CSV = """number,name,gender,school,city,country,grade,language,subject,leaders
KZ-01,Әлия Құрманғалиқызы,f,RPMS Almaty,Алматы,Қазақстан,10,kk,math,Ғалым Сейітқали
KZ-02,Ұлан Үсенов,m,RPMS Almaty,Алматы,Қазақстан,11,ru,math,
KZ-03,Іңкәр Өмірбекова,f,RPMS Almaty,Алматы,Қазақстан,11,kk,physics,
RU-01,Ivan Petrov,m,Lyceum 239,Saint Petersburg,Russia,11,ru,math,Anna Smirnova
RU-02,Maria Orlova,f,Lyceum 239,Saint Petersburg,Russia,10,ru,math,
RU-03,Pavel Sokolov,m,Lyceum 239,Saint Petersburg,Russia,11,ru,physics,
BG-01,Georgi Ivanov,m,SMG Sofia,Sofia,Bulgaria,11,en,math,Petar Dimitrov
BG-02,Elena Georgieva,f,SMG Sofia,Sofia,Bulgaria,10,en,informatics,
"""


def make_olympiad(venue: Venue, csv_text: str = OLYMPIAD_CSV) -> None:
    """The IZhO preset (math 2×3 problems of 7, physics, informatics) with a few schools."""
    venue.olympiad.create(ADMIN, "izho", "IZhO 2027", "izho", dates="15–21 January 2027",
                          place="Almaty")
    venue.olympiad.import_participants(ADMIN, csv_text)


def jury_member(venue: Venue, username: str, role: str = "jury") -> Actor:
    """A jury user (created on first use) signed in as an Actor with its user id."""
    from sqlalchemy import select

    from tournament.models import User

    with venue.db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
    if user is None:
        venue.create_user(ADMIN, username, f"{username}-password", role, username.title())
        with venue.db.session() as session:
            user = session.scalar(select(User).where(User.username == username))
    return Actor(name=user.display_name, role=user.role, user_id=user.id, device="laptop")


def wait_until(predicate, timeout: float = 3.0, what: str = "condition") -> None:
    """Poll real I/O (a pty, a socket, a device's thread) until ``predicate()`` holds."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")
