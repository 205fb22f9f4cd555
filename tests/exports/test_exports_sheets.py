"""Paper score sheets (blank and pre-filled) and match result sheets, read back from the PDF
as a referee or a team would read them."""

from __future__ import annotations

import pytest
from factories import ADMIN, BLUE_REF, HEAD_REF, RED_REF, SCOREKEEPER, make_fll_event, play
from pdfcheck import flat, pages_text, render_page

import scoring
from exports.sheets import (
    WORDS,
    SheetError,
    blank_score_sheets_pdf,
    match_result_sheets_pdf,
    venue_score_sheets_pdf,
)
from tournament.bus import Bus
from tournament.venue import Venue

FTC = "ftc-2024-into-the-deep"
FLL = "fll-2024-submerged"
KAZAKH_TEAM = "Қыран-Әлем ұшқырлары Һ Ғ Ң Ө Ү І"


@pytest.mark.parametrize("season_id, pages", [(FTC, 2), (FLL, 1), ("fll-2025-unearthed", 1)])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_blank_sheet_is_one_page_per_alliance_with_every_input(season_id, pages, lang):
    season = scoring.load_season(season_id)
    texts = pages_text(blank_score_sheets_pdf(season_id, lang, event_name="Алматы 2026"))
    assert len(texts) == pages
    words = WORDS[lang]
    for text in texts:
        page = flat(text)
        for f in season.inputs:
            assert flat(f.title[lang]) in page, (f.id, lang)
            for choice in f.choices or ():
                assert flat(choice.title[lang]) in page, (f.id, choice.id)
        for word in ("total_scorekeeper", "referee", "signature"):
            assert words[word] in page
        assert "Алматы 2026" in page
    if season.game == "alliance":
        assert words["red"].upper() in texts[0] and words["blue"].upper() in texts[1]
        assert season.field("minorFouls").title[lang] in texts[0]  # the fouls section
    else:
        for c in season.constraints:  # what to check before signing
            assert flat(c.message[lang]) in flat(texts[0])


def test_prefilled_sheets_show_match_field_and_teams():
    matches = [{"label": "Q7", "field": 2, "red": [1001, {"number": 1002, "name": KAZAKH_TEAM}],
                "blue": [1003, 1004]},
               {"label": "Q8", "field": 1, "red": [1005], "blue": []}]
    texts = pages_text(blank_score_sheets_pdf(FTC, "en", matches=matches))
    assert len(texts) == 4
    red, blue, red8, blue8 = (flat(t) for t in texts)
    assert "Q7" in red and "1001" in red and "1002" in red and KAZAKH_TEAM in red
    assert "RED ALLIANCE" in red and "1003" not in red
    assert "Q7" in blue and "1003" in blue and "1004" in blue and "BLUE ALLIANCE" in blue
    assert "Q8" in red8 and "1005" in red8 and "Q8" in blue8  # missing teams: lines to fill


def test_fll_sheets_are_per_table():
    matches = [{"label": "R1-03", "field": 2, "red": [1001], "blue": [1002]},
               {"label": "R1-04", "table": 7, "team": 1003},
               {"label": "R1-05", "field": 1, "red": [1004], "blue": []}]  # empty table
    texts = [flat(t) for t in pages_text(blank_score_sheets_pdf(FLL, "kk", matches=matches))]
    assert len(texts) == 4
    assert "ҮСТЕЛ 3" in texts[0] and "1001" in texts[0] and "R1-03" in texts[0]
    assert "ҮСТЕЛ 4" in texts[1] and "1002" in texts[1]
    assert "ҮСТЕЛ 7" in texts[2] and "1003" in texts[2]
    assert "ҮСТЕЛ 1" in texts[3] and "1004" in texts[3]


def test_venue_sheets_follow_the_schedule(venue):
    schedule = venue.schedule()
    progress = []
    pdf = venue_score_sheets_pdf(venue, "ru", "all", progress=lambda d, t: progress.append(d))
    texts = [flat(t) for t in pages_text(pdf)]
    assert len(texts) == 2 * len(schedule) and progress[-1] == len(texts)
    first = schedule[0]
    for colour, text in zip(("red", "blue"), texts[:2], strict=True):
        assert first["label"] in text and "Test event" in text
        for team in first[colour]:
            assert str(team["number"]) in text and team["name"] in text
    play(venue)
    unplayed = pages_text(venue_score_sheets_pdf(venue, "ru", "unplayed"))
    assert len(unplayed) == 2 * (len(schedule) - 1)
    assert first["label"] not in flat(unplayed[0])
    one = pages_text(venue_score_sheets_pdf(venue, "ru", [schedule[2]["id"]]))
    assert len(one) == 2 and schedule[2]["label"] in flat(one[0])


def test_result_sheet_shows_totals_teams_and_winner(venue):
    venue.import_teams(ADMIN, f"number,name\n1003,{KAZAKH_TEAM}\n")
    final = play(venue)
    match = final["match"]
    texts = pages_text(match_result_sheets_pdf(venue, "en"))
    assert len(texts) == 1
    page = flat(texts[0])
    assert f"Match result {match['label']}" in page
    assert "166" in page and "159" in page
    assert "Winner: Red alliance" in page
    assert KAZAKH_TEAM in texts[0]
    for colour in ("red", "blue"):
        for team in match[colour]:
            assert str(team["number"]) in page
    assert "Committed" in page and "Head referee" in page
    # The referee's entries as entered, in the sheet's language, with the points they gave.
    assert "Ascent, level 2" in page and "Observation zone" in page
    assert "Minor fouls" in page and "→ 10" in page  # red's 2 minor fouls go to blue

    kk = flat(pages_text(match_result_sheets_pdf(venue, "kk", [match["id"]]))[0])
    assert "Жеңімпаз: Қызыл альянс" in kk and "166" in kk and KAZAKH_TEAM in kk


def test_result_sheets_default_to_every_committed_match_in_order(venue):
    first = play(venue)["match"]
    second = play(venue)["match"]
    progress = []
    texts = pages_text(match_result_sheets_pdf(venue, "ru",
                                               progress=lambda d, t: progress.append((d, t))))
    assert len(texts) == 2 and progress == [(1, 2), (2, 2)]
    assert first["label"] in flat(texts[0]) and second["label"] in flat(texts[1])


def test_dq_is_marked(venue):
    final = play(venue)
    dq = final["match"]["blue"][0]["number"]
    venue.set_disqualified(HEAD_REF, 1, dq, True)  # the head referee, after the match
    page = flat(pages_text(match_result_sheets_pdf(venue, "en"))[0])
    assert f"{dq} " in page and "DQ" in page and WORDS["en"]["dq_note"] in page


def test_fll_result_sheet_shows_both_tables(database, clock):
    fll = Venue(database, Bus(), clock)
    try:
        make_fll_event(fll, teams=8)
        match = next(m for m in fll.schedule() if m["red"] and m["blue"])
        sheet = {"m00_one_launch_area": True, "m01_coral_tree_hanging": "in_holder",
                 "m14_trident_pieces": 2, "m16_precision_tokens": "t2"}
        fll.load_match(SCOREKEEPER, match["field"], match["id"])
        fll.start_match(SCOREKEEPER, match["field"])
        fll.clock.advance(151)
        for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
            ref = ref.__class__(**{**ref.__dict__, "field": match["field"]})
            fll.submit_sheet(ref, match["id"], side, sheet, key=f"{side}-final-sheet",
                             final=True, agreed="AB")
        texts = pages_text(match_result_sheets_pdf(fll, "en"))
        assert len(texts) == 1
        page = flat(texts[0])
        total = str(20 + 30 + 30 + 15)  # M00, coral tree in holder, trident 2 pieces, 2 tokens
        assert page.count(total) >= 2
        tables = (2 * match["field"] - 1, 2 * match["field"])
        assert f"TABLE {tables[0]}" in page and f"TABLE {tables[1]}" in page
        assert "Hanging, and its bottom in the holder" in page
        assert "Winner" not in page  # each table is scored on its own
    finally:
        fll.shutdown()


def test_errors_name_the_bad_input(venue):
    with pytest.raises(SheetError, match="ftc-1999"):
        blank_score_sheets_pdf("ftc-1999", "en")
    with pytest.raises(SheetError, match="'de'"):
        blank_score_sheets_pdf(FTC, "de")
    with pytest.raises(SheetError, match=r"matches\[0\]\.red\[1\]"):
        blank_score_sheets_pdf(FTC, "en", matches=[{"label": "Q1", "red": [1, 2.5]}])
    schedule = venue.schedule()
    with pytest.raises(SheetError, match=f"match {schedule[0]['id']} .*not committed"):
        match_result_sheets_pdf(venue, "en", [schedule[0]["id"]])
    with pytest.raises(SheetError, match="no match 9999"):
        match_result_sheets_pdf(venue, "en", [9999])
    with pytest.raises(SheetError, match="9999"):
        venue_score_sheets_pdf(venue, "en", [9999])
    with pytest.raises(SheetError, match="'kz'"):
        match_result_sheets_pdf(venue, "kz")


def test_nothing_to_print_is_an_error_not_an_empty_page(venue):
    with pytest.raises(SheetError, match="no committed matches"):
        match_result_sheets_pdf(venue, "en")


def test_pages_render(tmp_path):
    png = render_page(blank_score_sheets_pdf(FLL, "kk"), tmp_path, dpi=40)
    assert png.stat().st_size > 1000
