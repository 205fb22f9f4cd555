"""Charts: PNGs of a fixed size that decode, readers that give the service's numbers (olympiad
cut-offs, a team's committed matches, FTC and FLL rounds), report PDFs whose text keeps the
Kazakh letters, and no exception where there is nothing to draw yet."""

from __future__ import annotations

import math
from collections import Counter

import cv2
import numpy as np
import pytest
from factories import (
    ADMIN,
    BLUE_REF,
    BLUE_SHEET,
    RED_REF,
    RED_SHEET,
    SCOREKEEPER,
    make_fll_event,
    play,
)
from pdfcheck import flat, pages_text, render_page
from pypdf import PdfReader

import scoring
from exports.charts import (
    DPI,
    HEIGHT_PX,
    WIDTH_PX,
    ChartError,
    EventRounds,
    MatchScore,
    RoundScores,
    SubjectDistribution,
    TeamScores,
    all_team_scores,
    cutoff_label,
    distribution_png,
    event_rounds,
    event_rounds_png,
    event_scores_report_pdf,
    olympiad_subject_report_pdf,
    subject_distribution,
    team_scores,
    team_scores_png,
)
from tournament.errors import NotFound

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def decode(png: bytes) -> np.ndarray:
    assert png.startswith(PNG_SIGNATURE)
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None, "OpenCV could not decode the PNG"
    return image


def assert_chart(png: bytes) -> np.ndarray:
    image = decode(png)
    assert image.shape[:2] == (HEIGHT_PX, WIDTH_PX)
    assert (image < 128).any(), "the chart has no dark pixels (no text, no axes)"
    return image


# -- renderers on plain data -------------------------------------------------------------------
DIST = SubjectDistribution(
    subject="Қазақ әдебиеті", totals=(19.0, 17.0, 12.0, 9.0, 5.0, 0.0), max_total=20,
    cutoffs={"gold": 17, "silver": 12, "bronze": 8},
    counts={"gold": 2, "silver": 1, "bronze": 1, "hm": 0, "none": 2}, olympiad="Олимпиада")
FTC_TEAM = TeamScores(1001, "Әлем роботтары", "ftc",
                      (MatchScore("Q1", 166, 159), MatchScore("Q4", 159, 166),
                       MatchScore("M1", 180, 120, "playoff")), rank=2)
FLL_TEAM = TeamScores(1002, "Ұшқыр", "fll", (MatchScore("R1", 150), MatchScore("R2", None),
                                               MatchScore("R3", 405)))
ROUNDS = EventRounds("Жарыс", "ftc", (RoundScores(1, (166.0, 159.0, 120.0)),
                                      RoundScores(2, (10.0,)), RoundScores(3, ())))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_chart_is_a_png_of_the_promised_size(lang):
    assert (WIDTH_PX, HEIGHT_PX, DPI) == (1600, 900, 200)
    for png in (distribution_png(DIST, lang), team_scores_png(FTC_TEAM, lang),
                team_scores_png(FLL_TEAM, lang), event_rounds_png(ROUNDS, lang),
                distribution_png(DIST, lang, titled=False)):
        assert_chart(png)


def test_the_same_data_draws_the_same_png():
    assert distribution_png(DIST, "kk") == distribution_png(DIST, "kk")


def test_no_data_and_one_value_draw_a_chart_instead_of_raising():
    empty = SubjectDistribution(subject="Физика", totals=(), max_total=50, step=0.1)
    one = SubjectDistribution(subject="Informatics", totals=(249.5,), max_total=600,
                              cutoffs={"gold": 249.5, "silver": None, "bronze": None},
                              counts={"gold": 1}, step=0.01)
    for png in (distribution_png(empty, "ru"), distribution_png(one, "en"),
                distribution_png(SubjectDistribution("X", (), 0), "en"),
                team_scores_png(TeamScores(1, "X", "ftc", ()), "kk"),
                team_scores_png(TeamScores(1, "X", "fll", (MatchScore("R1", None),)), "kk"),
                event_rounds_png(EventRounds("E", "fll", ()), "en"),
                event_rounds_png(EventRounds("E", "fll", (RoundScores(1, (7.0,)),)), "en")):
        assert_chart(png)


def test_the_gold_band_is_drawn_where_the_cut_off_says():
    image = assert_chart(distribution_png(DIST, "en", titled=False))
    # Gold's band is a pale gold (B < G < R) filling the plot to the right of the cut-off.
    b, g, r = (int(v) for v in image[HEIGHT_PX // 3, int(WIDTH_PX * 0.70)])
    assert r > g > b and r - b > 20, (b, g, r)


def test_bad_input_names_the_field():
    with pytest.raises(ChartError, match=r"lang: 'de'"):
        distribution_png(DIST, "de")
    bad = SubjectDistribution("X", (1.0, float("nan")), 10)
    with pytest.raises(ChartError, match=r"totals\[1\]"):
        distribution_png(bad, "en")
    with pytest.raises(ChartError, match=r"matches\[0\]\.score"):
        team_scores_png(TeamScores(1, "X", "ftc", (MatchScore("Q1", "many", 3),)), "en")
    with pytest.raises(ChartError, match=r"rounds\[0\]\.scores\[0\]"):
        event_rounds_png(EventRounds("E", "ftc", (RoundScores(1, (True,)),)), "en")
    assert isinstance(ChartError("x"), ValueError)


def test_cut_off_labels_are_in_the_document_language():
    assert cutoff_label("kk", "bronze", 8) == "Қола ≥ 8"
    assert cutoff_label("ru", "silver", 25.5) == "Серебро ≥ 25.5"
    assert cutoff_label("en", "gold", 31.0) == "Gold ≥ 31"


# -- olympiad ----------------------------------------------------------------------------------
NAMES = {"kk": "Қазақ әдебиеті", "ru": "Казахская литература", "en": "Kazakh literature"}
STRUCTURE = {"subjects": [
    {"code": "kazlit", "names": NAMES, "step": 1, "team_quota": 3, "policy": "ioi", "hm": None,
     "rounds": [{"kind": "theoretical", "problems": [{"max": 10}, {"max": 10}]}]},
    {"code": "chem", "names": {"kk": "Химия", "ru": "Химия", "en": "Chemistry"}, "step": 0.5,
     "team_quota": 3, "policy": "imo", "hm": None,
     "rounds": [{"kind": "theoretical", "problems": [{"max": 25}]}]},
]}
PEOPLE = """number,name,school,country,subject
KZ-01,Әлия Құрманғалиқызы,RPMS Almaty,Қазақстан,kazlit
KZ-02,Ұлан Үсенов,RPMS Almaty,Қазақстан,kazlit
KZ-03,Іңкәр Өмірбекова,RPMS Almaty,Қазақстан,kazlit
RU-01,Ivan Petrov,Lyceum 239,Russia,kazlit
RU-02,Maria Orlova,Lyceum 239,Russia,kazlit
RU-03,Pavel Sokolov,Lyceum 239,Russia,kazlit
"""
MARKS = "number,P1,P2\nKZ-01,10,9\nKZ-02,9,8\nKZ-03,6,6\nRU-01,5,4\nRU-02,5,0\nRU-03,0,0\n"


@pytest.fixture
def olympiad(venue):
    venue.olympiad.create(ADMIN, "lit", "Әдебиет олимпиадасы", STRUCTURE)
    venue.olympiad.import_participants(ADMIN, PEOPLE)
    venue.olympiad.import_contest_results(ADMIN, "kazlit", MARKS)
    return venue


def test_the_distribution_has_the_services_totals_and_cut_offs(olympiad):
    service = olympiad.olympiad.results("kazlit", public=False)
    data = subject_distribution(olympiad, "kazlit", "kk")
    assert data.subject == "Қазақ әдебиеті" and data.olympiad == "Әдебиет олимпиадасы"
    assert sorted(data.totals) == [0, 5, 9, 12, 17, 19]
    assert data.max_total == 20 and data.step == 1 and data.policy == "ioi"
    assert dict(data.cutoffs) == service["cutoffs"]  # what IOI's rule computed
    assert sum(data.counts.values()) == 6

    olympiad.olympiad.set_medals(ADMIN, "kazlit", "jury",
                                 {"gold": 17, "silver": 12, "bronze": 8})
    data = subject_distribution(olympiad, "kazlit", "en")
    assert data.subject == "Kazakh literature"
    assert dict(data.cutoffs) == {"gold": 17, "silver": 12, "bronze": 8}
    assert dict(data.counts) == {"gold": 2, "silver": 1, "bronze": 1, "hm": 0, "none": 2}
    assert_chart(distribution_png(data, "en"))


def test_an_unknown_subject_is_named(olympiad):
    with pytest.raises(NotFound, match="history"):
        subject_distribution(olympiad, "history", "kk")


def test_the_subject_report_reads_back_in_kazakh(olympiad, tmp_path):
    olympiad.olympiad.set_medals(ADMIN, "kazlit", "jury",
                                 {"gold": 17, "silver": 12, "bronze": 8})
    pdf = olympiad_subject_report_pdf(olympiad, "kazlit", "kk")
    texts = pages_text(pdf)
    assert len(texts) == 1
    text = flat(texts[0])
    for expected in ("Қазақ әдебиеті", "Әдебиет олимпиадасы", "Алтын", "Күміс", "Қола",
                     "≥ 17", "≥ 12", "≥ 8", "Шекті ұпай", "Марапатсыз",
                     "шекті ұпайларды қазылар белгіледі"):
        assert expected in text, (expected, text)
    assert PdfReader(__import__("io").BytesIO(pdf)).metadata.title.startswith("Қазақ әдебиеті")
    page = cv2.imread(str(render_page(pdf, tmp_path, dpi=60)))
    assert page is not None and (page < 128).any()


def test_a_subject_without_participants_still_reports(olympiad):
    data = subject_distribution(olympiad, "chem", "ru")
    assert data.totals == () and data.step == 0.5
    assert_chart(distribution_png(data, "ru"))
    text = flat(pages_text(olympiad_subject_report_pdf(olympiad, "chem", "ru"))[0])
    assert "Химия" in text and "Все участники 0" in text


# -- FTC ---------------------------------------------------------------------------------------
KAZAKH_TEAMS = ["Әлем роботтары", "Ұшқыр", "Қыран", "Өркен", "Іскер", "Һелий", "Ғарыш",
                "Үміт"]


def ftc_event(venue, teams=KAZAKH_TEAMS):
    from datetime import datetime, timedelta

    venue.create_event(ADMIN, "ftc", "Жарыс 2026", "ftc-2024-into-the-deep", fields=1)
    rows = [f"{1001 + i},{name},School {i},Астана,Қазақстан" for i, name in enumerate(teams)]
    venue.import_teams(ADMIN, "number,name,organization,city,country\n" + "\n".join(rows))
    venue.generate_schedule(ADMIN, 3, datetime(2026, 11, 22, 9, 0), timedelta(minutes=6),
                            seed=1)


def red_blue_scores():
    result = scoring.load_season("ftc-2024-into-the-deep").score_match(RED_SHEET, BLUE_SHEET)
    return result.red.total, result.blue.total


def test_a_teams_scores_are_its_committed_matches_in_order(venue):
    ftc_event(venue)
    for _ in range(3):
        play(venue)
    red, blue = red_blue_scores()
    played = [m for m in venue.schedule() if m["result"] is not None]
    assert len(played) == 3
    for number in range(1001, 1009):
        expected = []
        for m in played:
            if any(s["number"] == number for s in m["red"]):
                expected.append((m["label"], red, blue))
            elif any(s["number"] == number for s in m["blue"]):
                expected.append((m["label"], blue, red))
        got = team_scores(venue, number)
        assert [(s.label, s.score, s.opponent) for s in got.matches] == expected
        assert got.kind == "ftc" and got.name == KAZAKH_TEAMS[number - 1001]
        assert got.rank is not None
    assert [t.matches for t in all_team_scores(venue)] == [
        team_scores(venue, n).matches for n in range(1001, 1009)]
    with pytest.raises(NotFound):
        team_scores(venue, 4242)


def test_ftc_rounds_are_each_teams_nth_match(venue):
    ftc_event(venue)
    for _ in range(3):
        play(venue)
    red, blue = red_blue_scores()
    data = event_rounds(venue)
    assert data.event == "Жарыс 2026" and data.kind == "ftc"
    assert [r.number for r in data.rounds] == [1, 2, 3]  # three matches a team
    every = [s for r in data.rounds for s in r.scores]
    assert Counter(every) == Counter({red: 6, blue: 6})  # 3 matches × 4 teams
    # Independently: the n-th appearance of each team in the played schedule.
    seen: Counter = Counter()
    by_round: dict[int, list] = {}
    for m in venue.schedule():
        for side, score in (("red", red), ("blue", blue)):
            for slot in m[side]:
                seen[slot["number"]] += 1
                if m["result"] is not None:
                    by_round.setdefault(seen[slot["number"]], []).append(score)
    assert {r.number: sorted(r.scores) for r in data.rounds if r.scores} == {
        n: sorted(v) for n, v in by_round.items()}


class StubVenue:
    """Just what ``event_rounds`` reads: two teams a side, one surrogate appearance."""

    def __init__(self, schedule):
        self._schedule = schedule

    def season(self):
        return scoring.load_season("ftc-2024-into-the-deep")

    def event_info(self):
        return {"name": "Stub"}

    def schedule(self):
        return self._schedule


def slot(number, surrogate=False):
    return {"number": number, "surrogate": surrogate}


def test_a_surrogate_appearance_starts_no_new_round():
    schedule = [
        {"level": "qual", "red": [slot(1), slot(2)], "blue": [slot(3), slot(4)],
         "result": {"red_score": 10, "blue_score": 20}},
        {"level": "qual", "red": [slot(1), slot(3)], "blue": [slot(2), slot(4, True)],
         "result": {"red_score": 30, "blue_score": 40}},
        {"level": "qual", "red": [slot(4)], "blue": [], "result": None},
        {"level": "playoff", "red": [slot(1)], "blue": [slot(2)],
         "result": {"red_score": 99, "blue_score": 98}},
    ]
    data = event_rounds(StubVenue(schedule))
    assert [(r.number, sorted(r.scores)) for r in data.rounds] == [
        (1, [10, 10, 20, 20]), (2, [30, 30, 40])]


def test_the_event_report_has_the_rounds_then_two_teams_a_page(venue, tmp_path):
    ftc_event(venue)
    for _ in range(2):
        play(venue)
    calls = []
    pdf = event_scores_report_pdf(venue, "kk", progress=lambda d, t: calls.append((d, t)))
    texts = pages_text(pdf)
    assert len(texts) == 1 + math.ceil(len(KAZAKH_TEAMS) / 2)
    first = flat(texts[0])
    assert "Жарыс 2026" in first and "Раундтар бойынша ұпайлар" in first
    assert "1-раунд" in first and "3-раунд" in first
    for i, name in enumerate(KAZAKH_TEAMS):
        page = flat(texts[1 + i // 2])
        assert f"{1001 + i} · {name}" in page, (name, page)
    assert calls[-1] == (9, 9) and [d for d, _ in calls] == list(range(1, 10))
    for page in (1, 2):
        image = cv2.imread(str(render_page(pdf, tmp_path, page, dpi=60)))
        assert image is not None and (image < 128).any()


def test_an_event_before_its_first_match_still_reports(venue):
    ftc_event(venue, KAZAKH_TEAMS[:5])
    data = event_rounds(venue)
    assert all(r.scores == () for r in data.rounds)
    assert all(t.matches == () for t in all_team_scores(venue))
    pdf = event_scores_report_pdf(venue, "en")
    assert len(pages_text(pdf)) == 1 + 3


# -- FLL ---------------------------------------------------------------------------------------
SHEET = {"m02_shark": "free", "m06_mast_raised": True, "m08_stack_segments": 1,
         "m10_yellow_flag_down": True, "m13_new_shipping_lane": True,
         "m16_precision_tokens": "t2"}


def play_robot_game(venue, match):
    field = match["field"]
    venue.load_match(SCOREKEEPER, field, match["id"])
    venue.start_match(SCOREKEEPER, field)
    venue.clock.advance(151)
    for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
        if match[side]:
            ref = ref.__class__(**{**ref.__dict__, "field": field})
            venue.submit_sheet(ref, match["id"], side, SHEET, key=f"{side}-final-{match['id']}",
                               final=True, agreed="AB")


def test_fll_scores_come_by_robot_game_round(venue):
    make_fll_event(venue, teams=4)
    points = scoring.load_season("fll-2024-submerged").score(SHEET).total
    ranked = [m for m in venue.schedule() if m["level"] == "qual"]
    round_one = [m for m in ranked if m["label"].startswith("R1-")]
    for match in round_one:
        play_robot_game(venue, match)
    played = {s["number"] for m in round_one for side in ("red", "blue") for s in m[side]}
    assert played, "round 1 has teams"
    for number in played:
        got = team_scores(venue, number)
        assert got.kind == "fll"
        assert [(s.label, s.score) for s in got.matches] == [
            ("R1", points), ("R2", None), ("R3", None)]
    data = event_rounds(venue)
    assert data.kind == "fll"
    assert [(r.number, r.scores) for r in data.rounds] == [
        (1, tuple([float(points)] * len(played))), (2, ()), (3, ())]
    assert_chart(event_rounds_png(data, "kk"))
    assert_chart(team_scores_png(team_scores(venue, min(played)), "kk"))
    pdf = event_scores_report_pdf(venue, "ru")
    assert len(pages_text(pdf)) == 1 + 2
    assert "Раунд 1" in flat(pages_text(pdf)[0])


def test_charts_render_alike_in_parallel_threads():
    from concurrent.futures import ThreadPoolExecutor

    alone = distribution_png(DIST, "kk")
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: distribution_png(DIST, "kk"), range(6)))
    assert all(png == alone for png in results)
