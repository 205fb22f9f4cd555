"""Printed schedules and tables (exports.schedules): FTC and FLL events built through the
venue, exported, and read back with pypdf the way a person reads the printout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from factories import ADMIN, SCOREKEEPER, make_csv, make_fll_event, play
from pdfcheck import flat, lines, pages_text, render_page

from exports.schedules import (
    WORDS,
    Column,
    ScheduleExportError,
    Section,
    TableDocument,
    awards_script_pdf,
    field_schedules_pdf,
    judging_room_schedules_pdf,
    playoff_schedule_pdf,
    qualification_schedule_pdf,
    rankings_pdf,
    table_pdf,
    team_schedules_pdf,
)
from tournament.bus import Bus
from tournament.errors import Conflict, NotFound
from tournament.venue import Venue

KAZAKH = "Қыран Өрлеу"
LABEL = re.compile(r"^(Q\d+|P\d+|R\d-\d+|M\d+|F\d?)$")


def rename(venue: Venue, number: int, name: str) -> None:
    venue.import_teams(ADMIN, f"number,name\n{number},{name}\n")


@pytest.fixture
def ftc(database, clock):
    """24 teams on two fields, five matches each: a schedule longer than one page."""
    v = Venue(database, Bus(), clock)
    v.create_event(ADMIN, "long", "Алматы FTC чемпионаты", "ftc-2024-into-the-deep", fields=2,
                   venue="Алматы")
    v.import_teams(ADMIN, make_csv(24))
    rename(v, 1001, KAZAKH)
    v.generate_schedule(ADMIN, 5, datetime(2026, 11, 22, 9), timedelta(minutes=6), seed=1)
    yield v
    v.shutdown()


@pytest.fixture
def fll(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=8)
    rename(v, 1001, KAZAKH)
    yield v
    v.shutdown()


def labels(text: str) -> list[str]:
    return [ln for ln in lines(text) if LABEL.match(ln)]


def quals(venue: Venue) -> list[dict]:
    return [m for m in venue.schedule() if m["level"] == "qual"]


# -- the qualification schedule ----------------------------------------------------------------
def test_every_qualification_match_appears_once_with_its_teams(ftc):
    pages = pages_text(qualification_schedule_pdf(ftc, "en"))
    matches = quals(ftc)
    assert len(matches) == 30
    found = [label for page in pages for label in labels(page)]
    assert found == [m["label"] for m in matches]  # once each, in playing order
    every_line = [ln for page in pages for ln in lines(page)]
    for m in matches:
        for slot in m["red"] + m["blue"]:
            assert f"{slot['number']} {slot['name']}" in every_line
    assert f"1001 {KAZAKH}" in every_line  # Kazakh letters come out exactly


def test_a_long_schedule_repeats_its_headers_and_numbers_its_pages(ftc):
    pages = pages_text(qualification_schedule_pdf(ftc, "kk"))
    assert len(pages) == 2
    words = WORDS["kk"]
    for n, page in enumerate(pages, 1):
        got = lines(page)
        for header in (words["match"], words["time"], words["field"], words["red"],
                       words["blue"]):
            assert header in got, (n, header)
        assert words["page"].format(n=n, total=2) in got
        assert "Алматы FTC чемпионаты · Алматы" in got  # the subtitle on every page
    assert "Басылған уақыты: " in pages[0]  # the print time


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_schedule_speaks_the_documents_language(ftc, lang):
    text = pages_text(qualification_schedule_pdf(ftc, lang))[0]
    assert WORDS[lang]["qualification"] in lines(text)
    assert WORDS[lang]["red"] in lines(text)


def test_nothing_scheduled_and_bad_arguments_are_named(database, clock):
    v = Venue(database, Bus(), clock)
    with pytest.raises(NotFound, match="no event"):
        qualification_schedule_pdf(v, "en")
    v.create_event(ADMIN, "empty", "Empty", "ftc-2024-into-the-deep")
    v.import_teams(ADMIN, make_csv(4))
    with pytest.raises(NotFound, match="no schedule yet"):
        qualification_schedule_pdf(v, "en")
    with pytest.raises(NotFound, match="no schedule yet"):
        team_schedules_pdf(v, "en")
    with pytest.raises(NotFound, match="playoffs have not been created"):
        playoff_schedule_pdf(v, "en")
    with pytest.raises(ScheduleExportError, match="lang: 'de'"):
        rankings_pdf(v, "de")
    with pytest.raises(NotFound, match="no divisions"):
        rankings_pdf(v, "en", division="A")
    v.shutdown()


def test_divisions_print_apart_and_one_can_be_chosen(database, clock):
    v = Venue(database, Bus(), clock)
    v.create_event(ADMIN, "div", "Divisions", "ftc-2024-into-the-deep", fields=2)
    v.import_teams(ADMIN, make_csv(16))
    divisions = v.set_divisions(ADMIN, 2, ["Абай", "Шоқан"], seed=1)
    for d in divisions:
        v.generate_schedule(ADMIN, 3, datetime(2026, 11, 22, 9), timedelta(minutes=6),
                            seed=1, division=d["code"])
    pages = pages_text(qualification_schedule_pdf(v, "kk"))
    assert len(pages) == 2  # each division on its own page
    for d, page in zip(divisions, pages, strict=True):
        assert f"Дивизион: {d['name']}" in lines(page)
        assert labels(page) == [m["label"] for m in quals(v) if m["division"] == d["code"]]
    one = pages_text(qualification_schedule_pdf(v, "en", division=divisions[1]["code"]))
    assert [ln for p in one for ln in labels(p)] == [
        m["label"] for m in quals(v) if m["division"] == divisions[1]["code"]]
    ranked = pages_text(rankings_pdf(v, "en", division=divisions[0]["code"]))
    assert len(ranked) == 1 and f"Division: {divisions[0]['name']}" in ranked[0]
    with pytest.raises(NotFound, match="no division 'X'"):
        qualification_schedule_pdf(v, "en", division="X")
    v.shutdown()


# -- per team, per field -----------------------------------------------------------------------
def test_each_team_gets_its_own_page_listing_exactly_its_matches(ftc):
    seen = []
    pdf = team_schedules_pdf(ftc, "ru", progress=lambda done, total: seen.append((done, total)))
    pages = pages_text(pdf)
    teams = sorted(t["number"] for t in ftc.teams())
    assert len(pages) == len(teams)  # one team a page
    assert seen[-1] == (24, 24) and len(seen) == 24
    schedule = quals(ftc)
    for number, page in zip(teams, pages, strict=True):
        mine = [m["label"] for m in schedule
                if number in [s["number"] for s in m["red"] + m["blue"]]]
        assert labels(page) == mine, number
        name = KAZAKH if number == 1001 else f"Team {number}"
        assert f"{number} {name}" in lines(page)


def test_a_team_page_names_alliance_partners_and_opponents(ftc):
    page = pages_text(team_schedules_pdf(ftc, "en", [1001]))[0]
    first = next(m for m in quals(ftc) if 1001 in [s["number"] for s in m["red"] + m["blue"]])
    colour = "red" if 1001 in [s["number"] for s in first["red"]] else "blue"
    other = "blue" if colour == "red" else "red"
    text = flat(page)
    partner = next(s for s in first[colour] if s["number"] != 1001)
    row = f"{first['label']} {first['field']} {colour.title()} {partner['number']} "
    assert row in text, text
    for s in first[other]:
        assert f"{s['number']} {s['name']}" in lines(page)


def test_chosen_teams_come_in_the_order_given_and_unknown_ones_are_named(ftc):
    pages = pages_text(team_schedules_pdf(ftc, "en", [1003, 1001]))
    assert len(pages) == 2
    assert "1003 Team 1003" in lines(pages[0]) and f"1001 {KAZAKH}" in lines(pages[1])
    with pytest.raises(NotFound, match="team 4242"):
        team_schedules_pdf(ftc, "en", [1001, 4242])
    with pytest.raises(ScheduleExportError, match="teams"):
        team_schedules_pdf(ftc, "en", [])


def test_each_field_gets_its_own_pages_with_only_its_matches(ftc):
    pages = pages_text(field_schedules_pdf(ftc, "en"))
    by_field: dict[int, list[str]] = {}
    for page in pages:
        heading = next(ln for ln in lines(page)
                       if re.fullmatch(r"Field \d+( \(continued\))?", ln))
        number = int(heading.split()[1])
        by_field.setdefault(number, []).extend(labels(page))
    assert sorted(by_field) == [1, 2]
    for number, found in by_field.items():
        assert found == [m["label"] for m in quals(ftc) if m["field"] == number]


# -- rankings and playoffs ---------------------------------------------------------------------
def test_rankings_show_the_venues_order_and_record(ftc):
    for _ in range(3):
        play(ftc, field=1)
    rows = ftc.rankings()
    text = pages_text(rankings_pdf(ftc, "en"))
    every = [ln for page in text for ln in lines(page)]
    assert every.index(rows[0]["team"]["name"]) < every.index(rows[-1]["team"]["name"])
    top = rows[0]
    assert f"{top['wins']}-{top['losses']}-{top['ties']}" == "1-0-0"
    assert "TBP1" in every and "W-L-T" in every
    assert KAZAKH in every


def test_the_playoff_schedule_shows_alliances_and_placeholders(ftc):
    ftc.playoffs.create(SCOREKEEPER, kind="first", top_teams=4)
    text = pages_text(playoff_schedule_pdf(ftc, "en"))[0]
    got = lines(text)
    top = ftc.rankings()[0]["team"]
    assert "Alliance 1" in got and f"{top['number']} {top['name']}" in got
    assert "Winner of M1" in got and "Loser of M1" in got
    assert labels(text)[:5] == ["M1", "M2", "M3", "M4", "M5"]
    assert "F2" in got and "(if needed)" in got


# -- FLL ---------------------------------------------------------------------------------------
def test_the_fll_day_lists_every_robot_match_once_and_every_judging_session(fll):
    pages = pages_text(qualification_schedule_pdf(fll, "kk"))
    robot = [m for m in fll.schedule() if m["level"] in ("practice", "qual")]
    assert [label for p in pages for label in labels(p)] == [m["label"] for m in robot]
    sessions = [i for i in fll.fll.day()["items"] if i["kind"] == "judging"]
    assert len(sessions) == 16  # two sessions per team
    judging_page = next(p for p in pages if WORDS["kk"]["judging_sessions"] in lines(p))
    assert lines(judging_page).count(KAZAKH) == 2


def test_an_fll_team_page_has_its_tables_and_its_judging_rooms(fll):
    page = pages_text(team_schedules_pdf(fll, "en", [1001]))[0]
    items = [i for i in fll.fll.day()["items"] if i["team"] == 1001]
    assert f"1001 {KAZAKH}" in lines(page)
    robot = [i for i in items if i["kind"] == "robot"]
    assert labels(page) == [i["match"] for i in robot]
    for i in robot:
        assert f"Table {i['table']}" in lines(page)
    for i in items:
        if i["kind"] == "judging":
            assert f"{i['start'][11:]}–{i['end'][11:]}" in lines(page)
            assert f"Room {i['room']}" in lines(page)


def test_table_schedules_split_each_match_by_table(fll):
    pages = pages_text(field_schedules_pdf(fll, "en"))
    assert len(pages) == 4  # four tables, a page each
    for table, page in enumerate(pages, 1):
        assert f"Table {table}" in lines(page)
        for i in fll.fll.day()["items"]:
            if i["kind"] == "robot" and i["table"] == table:
                assert f"{i['team']} {i['team_name']}" in lines(page)


def test_judging_rooms_list_their_sessions_in_time_order(fll):
    seen = []
    pages = pages_text(judging_room_schedules_pdf(fll, "kk",
                                                  progress=lambda d, t: seen.append(d)))
    assert len(pages) == 2 and seen == [1, 2]
    for room, page in enumerate(pages, 1):
        assert f"{room}-бөлме" in lines(page)
        mine = sorted((i for i in fll.fll.day()["items"]
                       if i["kind"] == "judging" and i["room"] == room),
                      key=lambda i: (i["start"], i["team"]))
        numbers = [ln for ln in lines(page) if re.fullmatch(r"10\d\d", ln)]
        assert numbers == [str(i["team"]) for i in mine]


def test_fll_rankings_show_the_rounds(fll):
    got = lines(pages_text(rankings_pdf(fll, "ru"))[0])
    assert "Раунд 1" in got and "Раунд 3" in got and KAZAKH in got


def test_the_awards_script_announces_places_from_last_to_first(fll):
    fll.fll.set_awards(ADMIN, counts={"champions": 3}, advancing=2)
    winners = next(a for a in fll.fll.results(ADMIN)["awards"]
                   if a["id"] == "champions")["winners"]
    assert len(winners) == 3
    pages = pages_text(awards_script_pdf(fll, "kk"))
    text = flat(" ".join(pages))
    places = [text.index(f"{p}-орын… {t['number']} нөмірлі «{t['name']}» командасы")
              for p, t in ((3, winners[2]), (2, winners[1]), (1, winners[0]))]
    assert places == sorted(places)
    # The Champion's award comes last of the awards (the page reads the list backwards), the
    # advancing teams after it.
    award_titles = {a.id: a.title["kk"] for a in fll.season().judging.awards}
    assert text.index(award_titles["innovation_project"]) < text.index(
        award_titles["champions"]) < text.index("Келесі турнирге мына командалар өтеді:")
    assert f"«{KAZAKH}»" in text
    assert "бағалау парағы жетіспейді" in text  # no rubric is in yet


def test_the_awards_script_and_judging_rooms_are_for_fll_only(ftc):
    with pytest.raises(Conflict, match="FLL"):
        awards_script_pdf(ftc, "en")
    with pytest.raises(Conflict, match="FLL"):
        judging_room_schedules_pdf(ftc, "en")


# -- the table renderer ------------------------------------------------------------------------
def test_a_section_that_runs_over_continues_under_its_heading(tmp_path):
    rows = tuple((str(i), ("first line", "second line")) for i in range(60))
    doc = TableDocument("Title", "Subtitle", "en", (
        Section((Column("No."), Column("Text", 4)), rows, heading="Long section"),))
    pdf = table_pdf(doc)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    assert "Long section (continued)" in lines(pages[1]) and "Text" in lines(pages[1])
    assert render_page(pdf, tmp_path, page=2, dpi=40).stat().st_size > 0
    with pytest.raises(ScheduleExportError, match=r"rows\[0\]"):
        table_pdf(TableDocument("T", "", "en", (Section((Column("A"),), (("a", "b"),)),)))
