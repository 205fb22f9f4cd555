"""A demo FTC event: 24 teams from Kazakhstan and neighbours, 6 matches each, one field."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

import brackets

from .accounts import Actor
from .errors import Conflict
from .models import Event, User
from .venue import Venue

DEMO_CODE = "demo"
DEMO_TEAMS = [
    (11001, "Жарқын Роботтар", "НЗМ ФМБ", "Астана", "Қазақстан"),
    (11002, "Qyran", "Лицей №8", "Алматы", "Қазақстан"),
    (11003, "Алтын Тұлпар", "БИЛ", "Шымкент", "Қазақстан"),
    (11004, "Көкжиек", "Гимназия №1", "Қарағанды", "Қазақстан"),
    (11005, "Ұшқыр", "НЗМ ХБН", "Өскемен", "Қазақстан"),
    (11006, "Steppe Wolves", "Haileybury", "Астана", "Қазақстан"),
    (11007, "Ақжелкен", "Мектеп №45", "Ақтөбе", "Қазақстан"),
    (11008, "Һаuа Tech", "Лицей №165", "Алматы", "Қазақстан"),
    (11009, "Іңкәр", "НЗМ", "Павлодар", "Қазақстан"),
    (11010, "Самұрық", "Гимназия №3", "Атырау", "Қазақстан"),
    (11011, "Nomad Bots", "QSI", "Алматы", "Қазақстан"),
    (11012, "Бәйтерек", "Лицей №62", "Астана", "Қазақстан"),
    (11013, "Ғарыш", "НЗМ", "Қостанай", "Қазақстан"),
    (11014, "Өрлеу", "Мектеп-лицей №2", "Тараз", "Қазақстан"),
    (11015, "Ілгері", "Лицей №134", "Алматы", "Қазақстан"),
    (11016, "Тау Самалы", "Гимназия №159", "Алматы", "Қазақстан"),
    (11017, "Samarkand Sparks", "Presidential School", "Samarkand", "Uzbekistan"),
    (11018, "Tashkent Titans", "School №110", "Tashkent", "Uzbekistan"),
    (11019, "Ala-Too Robotics", "Lyceum №61", "Bishkek", "Kyrgyzstan"),
    (11020, "Pamir Eagles", "Lyceum №1", "Dushanbe", "Tajikistan"),
    (11021, "Дала Инженерлері", "НЗМ", "Семей", "Қазақстан"),
    (11022, "Caspian Coders", "Лицей №9", "Ақтау", "Қазақстан"),
    (11023, "Шұғыла", "Мектеп №17", "Орал", "Қазақстан"),
    (11024, "Novosibirsk Polar", "Лицей №130", "Новосибирск", "Россия"),
]
DEMO_USERS = [
    ("admin", "Әкімші", "admin", "zharys-admin"),
    ("scorekeeper", "Есепші", "scorekeeper", "zharys-score"),
    ("headref", "Бас төреші", "head_referee", "zharys-headref"),
    ("referee", "Төреші", "referee", "zharys-referee"),
]


def seed_demo(venue: Venue, start: datetime | None = None) -> dict:
    """Create the demo event with teams, schedule, users and join codes. Refuses to run twice."""
    system = Actor.system()
    with venue.db.session() as session:
        if session.scalar(select(Event).where(Event.code == DEMO_CODE)):
            raise Conflict("the demo event already exists")
    venue.create_event(system, DEMO_CODE, "Zharys FTC Demo — INTO THE DEEP",
                       "ftc-2024-into-the-deep", fields=1, venue="Астана", language="kk")
    venue.import_teams(system, _teams_csv())
    start = start or datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    count = venue.generate_schedule(system, 6, start, timedelta(minutes=7),
                                    [brackets.Break(after_match=18, duration=timedelta(minutes=45),
                                                    name="Lunch")], seed=2024)
    _create_users(venue, DEMO_USERS)
    for device in DEMO_DEVICES:
        venue.devices.bind(system, device[1], 1)
    venue.devices.set_channels(system, DEMO_CHANNELS)
    codes = {
        "referee_red": venue.create_join_code(system, "referee", 1, "red", "Red referee tablet"),
        "referee_blue": venue.create_join_code(system, "referee", 1, "blue",
                                               "Blue referee tablet"),
        "head_referee": venue.create_join_code(system, "head_referee", 1, None,
                                               "Head referee tablet"),
    }
    return {"matches": count, "teams": len(DEMO_TEAMS), "join_codes": codes,
            "users": [(u, p, r) for u, _, r, p in DEMO_USERS]}


# The demo field's simulated devices (kind, id) and what its goal counters count.
DEMO_DEVICES = [("console", "TC-01"), ("sensors", "FS-01"), ("light", "SL-01")]
DEMO_CHANNELS = {
    f"{alliance}_{goal}": {"alliance": alliance, "auto": f"autoSample{goal.title()}",
                           "teleop": f"teleopSample{goal.title()}"}
    for alliance in ("red", "blue") for goal in ("net", "low", "high")}


def start_simulated_devices(venue: Venue, folder: str, rate: float = 0.3) -> list:
    """The demo's devices, simulated in this process on pty pairs (stable links in
    ``folder``): a timer console, a sensor board scoring a random basket about ``rate``
    times a second, and a stack light; the venue opens them like real ones."""
    import os
    import random
    import threading
    import time

    from hardware.simulator import PtyEndpoint, SimulatedDevice

    sims = []
    for kind, device_id in DEMO_DEVICES:
        endpoint = PtyEndpoint(os.path.join(folder, f"device-{device_id}"))
        sim = SimulatedDevice(kind, device_id, endpoint)
        sim.start()
        sims.append(sim)
    venue.devices.start([sim.endpoint.url() for sim in sims],
                        lock_path=os.path.join(folder, "devices.lock"))
    sensors = sims[1]

    def play() -> None:
        rng = random.Random(11)
        while True:
            time.sleep(rng.expovariate(rate))
            sensors.count(rng.choice(sorted(DEMO_CHANNELS)))

    threading.Thread(target=play, name="demo sensors", daemon=True).start()
    return sims


FLL_DEMO_CODE = "demo-fll"
FLL_DEMO_USERS = [("judge", "Қазылар алқасы", "judge", "zharys-judge")]


def seed_fll_demo(venue: Venue, start: datetime | None = None) -> dict:
    """Create the FLL demo: the same 24 teams at a SUBMERGED tournament day on two table
    pairs with three judging rooms, plus the demo users, a judge and table join codes.
    Refuses to run twice."""
    system = Actor.system()
    with venue.db.session() as session:
        if session.scalar(select(Event).where(Event.code == FLL_DEMO_CODE)):
            raise Conflict("the FLL demo event already exists")
    venue.event_code = FLL_DEMO_CODE
    venue.create_event(system, FLL_DEMO_CODE, "Zharys FLL Demo — SUBMERGED",
                       "fll-2024-submerged", fields=2, venue="Алматы", language="kk")
    venue.import_teams(system, _teams_csv())
    start = start or datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    lunch = start.replace(hour=12, minute=30)
    day = venue.fll.generate_day(system, start=start, match_cycle=timedelta(minutes=8),
                                 rooms=3, judging="separate",
                                 session_length=timedelta(minutes=30),
                                 session_cycle=timedelta(minutes=35),
                                 travel=timedelta(minutes=10),
                                 breaks=[(lunch, lunch + timedelta(minutes=45))], seed=2024)
    users = DEMO_USERS + FLL_DEMO_USERS
    _create_users(venue, users)
    codes = {}
    for pair in (1, 2):
        for side, table in (("red", 2 * pair - 1), ("blue", 2 * pair)):
            codes[f"table_{table}"] = venue.create_join_code(system, "referee", pair, side,
                                                             f"Table {table} tablet")
    codes["head_referee"] = venue.create_join_code(system, "head_referee", 1, None,
                                                   "Head referee tablet")
    codes["judge"] = venue.create_join_code(system, "judge", None, None, "Judging room tablet")
    return {"matches": day["matches"], "teams": len(DEMO_TEAMS), "join_codes": codes,
            "users": [(u, p, r) for u, _, r, p in users]}


def _create_users(venue: Venue, users: list[tuple[str, str, str, str]]) -> None:
    """Create the demo accounts that do not exist yet (both demos share them)."""
    with venue.db.session() as session:
        existing = set(session.scalars(select(User.username)))
    for username, name, role, password in users:
        if username not in existing:
            venue.create_user(Actor.system(), username, password, role, name)


def _teams_csv() -> str:
    """The demo teams as the CSV an organiser would import."""
    return "number,name,organization,city,country\n" + "\n".join(
        ",".join(str(v) for v in row) for row in DEMO_TEAMS)


# -- the olympiad demo -----------------------------------------------------------------------
OLYMPIAD_DEMO_CODE = "demo-izho"
OLYMPIAD_DEMO_USERS = [("jury1", "Айгүл Сәрсенова", "jury", "zharys-jury1"),
                       ("jury2", "Mikhail Volkov", "jury", "zharys-jury2"),
                       ("jurychief", "Нұрлан Қасымов", "jury", "zharys-chief")]
_GIVEN = {"f": ["Әлия", "Іңкәр", "Аружан", "Дана", "Ұлжан", "Maria", "Elena", "Aigerim",
                "Жанель", "Сабина", "Anna", "Гүлназ"],
          "m": ["Ұлан", "Нұрсұлтан", "Әлихан", "Дәулет", "Ivan", "Timur", "Бекзат",
                "Georgi", "Ерасыл", "Aziz", "Қайрат", "Пётр"]}
_FAMILY = ["Құрманғали", "Өмірбек", "Сейітқали", "Нұрланов", "Petrov", "Ivanov", "Ғабит",
           "Үсенов", "Karimov", "Смагулов", "Orlov", "Жақсылық", "Абенов", "Dimitrov"]
_SCHOOLS = [("РФМ мектебі", "Алматы", "Қазақстан"), ("НЗМ ФМБ", "Астана", "Қазақстан"),
            ("БИЛ", "Шымкент", "Қазақстан"), ("Лицей №239", "Санкт-Петербург", "Россия"),
            ("Presidential School", "Tashkent", "Uzbekistan"),
            ("Lyceum №61", "Bishkek", "Kyrgyzstan"), ("SMG", "Sofia", "Bulgaria"),
            ("Lyceum №1", "Dushanbe", "Tajikistan"), ("Tuymaada", "Yakutsk", "Россия"),
            ("Anatolian High School", "Ankara", "Türkiye"), ("НЗМ", "Өскемен", "Қазақстан"),
            ("Лицей №165", "Алматы", "Қазақстан")]


def olympiad_csv(schools: int, quotas: dict[str, int], seed: int = 2027) -> str:
    """A registration CSV: ``schools`` school teams, each with ``quotas[subject]`` members
    per subject and one leader; names mix Kazakh, Russian and Latin spellings."""
    import random

    rng = random.Random(seed)
    lines = ["number,name,gender,school,city,country,grade,language,subject,leaders"]
    serial = 0
    for s in range(schools):
        name, city, country = _SCHOOLS[s % len(_SCHOOLS)]
        if s >= len(_SCHOOLS):
            name = f"{name} {s // len(_SCHOOLS) + 1}"
        leader = f"{rng.choice(_GIVEN['m'] + _GIVEN['f'])} {rng.choice(_FAMILY)}"
        for subject, count in quotas.items():
            for _ in range(count):
                serial += 1
                gender = rng.choice("fm")
                person = f"{rng.choice(_GIVEN[gender])} {rng.choice(_FAMILY)}"
                lang = rng.choice(["kk", "ru", "en"])
                lines.append(f"P{serial:05d},{person},{gender},{name},{city},{country},"
                             f"{rng.choice([9, 10, 11])},{lang},{subject},{leader}")
                leader = ""
    return "\n".join(lines) + "\n"


def seed_olympiad_demo(venue: Venue) -> dict:
    """The olympiad demo: IZhO's three subjects, 12 school teams (84 students), jury
    accounts, round 1 of mathematics marked twice (one work disputed) and informatics
    imported from the contest system. Refuses to run twice."""
    import random

    from .models import Olympiad

    system = Actor.system()
    with venue.db.session() as session:
        if session.scalar(select(Olympiad).where(Olympiad.code == OLYMPIAD_DEMO_CODE)):
            raise Conflict("the olympiad demo already exists")
    desk = venue.olympiad
    desk.create(system, OLYMPIAD_DEMO_CODE, "Жәутіков олимпиадасы — Zharys demo", "izho",
                dates="15–21.01.2027", place="Алматы")
    desk.import_participants(system, olympiad_csv(12, {"math": 3, "physics": 2,
                                                       "informatics": 2}))
    _create_users(venue, DEMO_USERS + OLYMPIAD_DEMO_USERS)
    jury = {}
    with venue.db.session() as session:
        for username, name, role, _ in OLYMPIAD_DEMO_USERS:
            user = session.scalar(select(User).where(User.username == username))
            jury[username] = Actor(name=name, role=role, user_id=user.id, device="demo")
    problems = [p for p in desk.jury_problems(system) if p["subject"] == "math"
                and p["round"] == 1]
    desk.set_problem(system, problems[0]["id"], chief="jurychief")
    rng = random.Random(7)
    people = [p for p in desk.participants(system) if p["subject"] == "math"]
    for i, person in enumerate(people):
        for problem in problems:
            mark = rng.choice([0, 0, 1, 2, 3, 5, 6, 7, 7])
            other = mark if i % 9 else min(7, mark + 3)  # every ninth work is disputed
            desk.enter_mark(jury["jury1"], problem["id"], person["codes"][0], mark)
            desk.enter_mark(jury["jury2"], problem["id"], person["codes"][0], other)
    informatics = [p for p in desk.participants(system) if p["subject"] == "informatics"]
    rows = ["login,P1,P2,P3,P4,P5,P6"] + [
        ",".join([p["number"]] + [str(rng.choice([0, 20, 37, 50, 64, 100, 100]))
                                  for _ in range(6)]) for p in informatics]
    desk.import_contest_results(system, "informatics", "\n".join(rows) + "\n")
    leaders = [(s["name"], s["leaders"][0]["token"]) for s in desk.schools(system)
               if s["leaders"]]
    return {"participants": len(desk.participants(system)), "leaders": leaders,
            "users": [(u, p, r) for u, _, r, p in OLYMPIAD_DEMO_USERS]}
