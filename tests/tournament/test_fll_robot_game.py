"""FLL robot game at the event: the planned day, table sheets the team agrees to, automatic
commit, head-referee reopen, best-score rankings, GP kept out of the score, and head-to-head
playoffs through the bracket engine."""

from collections import Counter
from datetime import timedelta

import pytest
from factories import (
    ADMIN,
    BLUE_REF,
    FLL_DAY,
    HEAD_REF,
    RED_REF,
    SCOREKEEPER,
    make_csv,
    make_fll_event,
)

from tournament.bus import Bus
from tournament.errors import Conflict, PermissionDenied, ValidationError
from tournament.venue import Venue

# SUBMERGED worked example A (rules/fll.md): 405 points.
SHEET_A = {
    "m00_one_launch_area": True, "m01_coral_tree_hanging": "hanging",
    "m01_coral_buds_flipped": True, "m02_shark": "free", "m03_reef_segments": 2,
    "m04_scuba_diver": "released", "m05_angler_fish_latched": True,
    "m07_treasure_chest_removed": True, "m08_stack_segments": 2, "m09_creature": "released",
    "m10_yellow_flag_down": True, "m11_whales_revealed": "one", "m12_krill": 3,
    "m13_new_shipping_lane": True, "m14_water_sample": True, "m14_seabed_sample": True,
    "m14_trident_pieces": 1, "m15b_water_sample": True, "m15b_treasure": True,
    "m15b_trident": 1, "m15b_port_latch": True, "m16_precision_tokens": "t4",
}
# Example B: 150 points.
SHEET_B = {
    "m02_shark": "free", "m06_mast_raised": True, "m08_stack_segments": 1,
    "m10_yellow_flag_down": True, "m10_sub_closer_opposing_field": True,
    "m13_new_shipping_lane": True, "m14_seabed_sample": True, "m15b_seabed_sample": True,
    "m16_precision_tokens": "t2",
}


@pytest.fixture
def fll(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=8)
    yield v
    v.shutdown()


def robot_matches(v):
    return [m for m in v.schedule() if m["level"] in ("practice", "qual")]


def play(v, match, sheets, *, agree=True):
    """Load ``match`` on its field, run the 2:30 and have each table submit its sheet.

    ``sheets``: {"red": sheet, "blue": sheet}; a side missing here is left unsubmitted.
    """
    field = match["field"]
    v.load_match(SCOREKEEPER, field, match["id"])
    v.start_match(SCOREKEEPER, field)
    v.clock.advance(151)
    for side, ref in (("red", RED_REF), ("blue", BLUE_REF)):
        if side in sheets and match[side]:  # a table without a team has no sheet
            ref = ref.__class__(**{**ref.__dict__, "field": field})
            v.submit_sheet(ref, match["id"], side, sheets[side],
                           key=f"{side}-final-{match['id']}", final=True,
                           agreed="AB" if agree else None)


def test_the_day_gives_every_team_practice_and_three_rounds_on_the_tables(fll):
    matches = robot_matches(fll)
    per_team = Counter(s["number"] for m in matches for side in ("red", "blue")
                       for s in m[side])
    assert set(per_team.values()) == {4} and len(per_team) == 8
    rounds = Counter(m.get("label")[:2] for m in matches)
    assert rounds["P1"] + sum(1 for m in matches if m["level"] == "practice") >= 1
    assert {m["level"] for m in matches} == {"practice", "qual"}
    assert all(len(m["red"]) <= 1 and len(m["blue"]) <= 1 for m in matches)
    assert matches[0]["label"] == "P1" and matches[-1]["label"].startswith("R3-")
    day = fll.fll.day()
    assert day["conflicts"] == []
    kinds = Counter((i["team"], i["what"]) for i in day["items"] if i["kind"] == "judging")
    assert len(kinds) == 16 and set(kinds.values()) == {1}  # IP and RD for each team


def test_day_refuses_bad_settings_in_words(fll):
    with pytest.raises(ValidationError) as info:
        fll.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=0)
    assert info.value.errors[0][0] == "rooms"
    with pytest.raises(ValidationError, match="session"):
        fll.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=2,
                             session_length=timedelta(minutes=30),
                             session_cycle=timedelta(minutes=20))
    with pytest.raises(PermissionDenied):
        fll.fll.generate_day(SCOREKEEPER, start=FLL_DAY, match_cycle=timedelta(minutes=8),
                             rooms=2)


def test_a_final_sheet_needs_the_team_to_agree(fll):
    match = robot_matches(fll)[0]
    fll.load_match(SCOREKEEPER, match["field"], match["id"])
    with pytest.raises(ValidationError) as info:
        fll.submit_sheet(RED_REF, match["id"], "red", SHEET_A, key="no-initials-1", final=True)
    assert info.value.errors[0][0] == "agreed"
    with pytest.raises(ValidationError):
        fll.submit_sheet(RED_REF, match["id"], "red", SHEET_A, key="bad-initials-1",
                         final=True, agreed="12")


def test_a_broken_constraint_is_kept_as_a_draft_but_never_final(fll):
    match = robot_matches(fll)[0]
    fll.load_match(SCOREKEEPER, match["field"], match["id"])
    bad = {**SHEET_B, "m15b_water_sample": True}  # in the vessel, never removed (R1)
    # While the referee is still entering the sheet, the draft is saved (the tablet shows the
    # constraint's message on the M15 card).
    fll.submit_sheet(RED_REF, match["id"], "red", bad, key="draft-r1-1")
    with pytest.raises(ValidationError) as info:
        fll.submit_sheet(RED_REF, match["id"], "red", bad, key="final-r1-1", final=True,
                         agreed="AB")
    fields = [f for f, _ in info.value.errors]
    assert fields == ["m15b_water_sample", "m14_water_sample"]
    assert "water sample" in info.value.errors[0][1].lower()
    sheet = fll.referee_snapshot(match["field"])["sheets"]["red"]
    assert sheet["final"] is False and sheet["agreed_by"] is None
    # Counts out of range are refused even in a draft, and nothing stored changes.
    with pytest.raises(ValidationError) as info:
        fll.submit_sheet(RED_REF, match["id"], "red", {**bad, "m12_krill": 9}, key="krill-9-1")
    assert info.value.errors[0][0] == "m12_krill"
    assert fll.referee_snapshot(match["field"])["sheets"]["red"]["data"]["m12_krill"] == 0


def test_match_commits_when_both_tables_agreed_and_rankings_follow(fll):
    matches = [m for m in robot_matches(fll) if m["level"] == "qual"]
    first = next(m for m in matches if m["red"] and m["blue"])
    fll.load_match(SCOREKEEPER, first["field"], first["id"])
    fll.start_match(SCOREKEEPER, first["field"])
    ref_red = RED_REF.__class__(**{**RED_REF.__dict__, "field": first["field"]})
    ref_blue = BLUE_REF.__class__(**{**BLUE_REF.__dict__, "field": first["field"]})
    # Both tables agree before the 2:30 is over: the match commits when it ends.
    fll.submit_sheet(ref_red, first["id"], "red", SHEET_A, key="a-red-final", final=True,
                     agreed="ab")
    fll.submit_sheet(ref_blue, first["id"], "blue", SHEET_B, key="a-blue-final", final=True,
                     agreed="Ә.Қ.")
    assert fll.controller(first["field"]).state == "match"
    fll.clock.advance(151)
    assert fll.controller(first["field"]).state == "committed"
    done = next(m for m in fll.schedule() if m["id"] == first["id"])
    assert done["result"]["red_score"] == 405 and done["result"]["blue_score"] == 150
    rows = {r["team"]["number"]: r for r in fll.rankings()}
    red_team, blue_team = first["red"][0]["number"], first["blue"][0]["number"]
    assert rows[red_team]["rank"] == 1 and rows[red_team]["best"] == 405
    assert rows[blue_team]["rank"] == 2
    assert rows[red_team]["scores"][0] == 405
    snap = fll.referee_snapshot(first["field"])
    assert snap["sheets"]["blue"]["agreed_by"] == "ӘҚ"


def test_final_sheet_is_closed_until_the_head_referee_reopens_it(fll):
    first = next(m for m in robot_matches(fll) if m["level"] == "qual" and m["red"]
                 and m["blue"])
    play(fll, first, {"red": SHEET_A, "blue": SHEET_B})
    ref_red = RED_REF.__class__(**{**RED_REF.__dict__, "field": first["field"]})
    with pytest.raises(Conflict, match="reopen"):
        fll.submit_sheet(ref_red, first["id"], "red", SHEET_B, key="late-change-1")
    with pytest.raises(PermissionDenied):
        fll.fll.reopen_sheet(RED_REF, first["id"], "red")
    fll.fll.reopen_sheet(HEAD_REF, first["id"], "red", note="M12 krill miscounted")
    sheet = fll.referee_snapshot(first["field"])["sheets"]["red"]
    assert sheet["final"] is False and sheet["agreed_by"] is None
    # The result stands until the corrected sheet is agreed and final again.
    corrected = {**SHEET_A, "m12_krill": 5}
    fll.submit_sheet(ref_red, first["id"], "red", corrected, key="corrected-1")
    result = next(m for m in fll.schedule() if m["id"] == first["id"])["result"]
    assert result["red_score"] == 405
    fll.submit_sheet(ref_red, first["id"], "red", corrected, key="corrected-2", final=True,
                     agreed="CD")
    result = next(m for m in fll.schedule() if m["id"] == first["id"])["result"]
    assert result["red_score"] == 425


def test_an_empty_table_scores_nothing_and_gp_is_never_added(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=5, pairs=2)  # odd: some matches have an empty table
    try:
        lonely = next(m for m in robot_matches(v) if bool(m["red"]) != bool(m["blue"]))
        side = "red" if lonely["red"] else "blue"
        play(v, lonely, {side: {**SHEET_B, "gp_score": 4}})
        done = next(m for m in v.schedule() if m["id"] == lonely["id"])
        other = "blue" if side == "red" else "red"
        assert done["result"][f"{side}_score"] == 150  # GP 4 adds nothing
        assert done["result"][f"{other}_score"] == 0
    finally:
        v.shutdown()


def test_ranking_best_then_second_then_third_with_shared_ranks(database, clock):
    v = Venue(database, Bus(), clock)
    make_fll_event(v, teams=4, pairs=1, rooms=1)
    try:
        quals = [m for m in robot_matches(v) if m["level"] == "qual"]
        # Both tables of every ranked match score the same: each pair of opponents ties
        # on every round's score, so teams share ranks.
        by_round = {}
        for m in quals:
            by_round.setdefault(m["label"][:2], []).append(m)
        plan = {"R1": (SHEET_A, SHEET_A), "R2": (SHEET_B, SHEET_B), "R3": (SHEET_A, SHEET_B)}
        for prefix, matches in by_round.items():
            red, blue = plan[prefix]
            for m in matches:
                play(v, m, {"red": red, "blue": blue})
        rows = v.rankings()
        assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
        best = {r["team"]["number"]: (r["best"], sorted(x for x in r["scores"] if x)) for r in rows}
        # Everyone has 405 best; teams with two 405s rank above those with one.
        assert all(b == 405 for b, _ in best.values())
        top = [r for r in rows if r["rank"] == 1]
        assert all(sorted(r["scores"], reverse=True)[:2] == [405, 405] for r in top)
        ranks = [r["rank"] for r in rows]
        assert ranks[0] == 1 and (ranks.count(1) == 1 or ranks[ranks.count(1)] ==
                                  ranks.count(1) + 1)
    finally:
        v.shutdown()


def test_practice_round_does_not_rank(fll):
    practice = next(m for m in robot_matches(fll) if m["level"] == "practice"
                    and m["red"] and m["blue"])
    play(fll, practice, {"red": SHEET_A, "blue": SHEET_B})
    assert all(r["best"] is None for r in fll.rankings())
    board = fll.fll.scoreboard()
    assert board["rounds"] == 3 and board["round"] == 0 and board["practice"]


def test_head_to_head_playoffs_for_the_top_teams(database, clock):
    v = Venue(database, Bus(), clock)
    v.create_event(ADMIN, "h2h", "FLL with playoffs", "fll-2024-submerged", fields=1)
    v.import_teams(ADMIN, make_csv(4))
    v.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=1,
                       session_length=timedelta(minutes=20), seed=3)
    try:
        for m in [m for m in robot_matches(v) if m["level"] == "qual"]:
            # Odd-numbered teams score 405, even ones 150.
            play(v, m, {side: SHEET_A if m[side][0]["number"] % 2 else SHEET_B
                        for side in ("red", "blue") if m[side]})
        seeds = [r["team"]["number"] for r in v.rankings()][:4]
        v.playoffs.create(SCOREKEEPER, kind="single", top_teams=4)
        semis = [m for m in v.schedule() if m["level"] == "playoff"]
        assert len(semis) == 2
        first = next(m for m in semis if m["red"][0]["number"] == seeds[0])
        assert first["blue"][0]["number"] == seeds[3]
        info = v.load_match(SCOREKEEPER, 1, first["id"])
        v.start_match(SCOREKEEPER, 1)
        v.clock.advance(151)
        v.submit_sheet(RED_REF, info["id"], "red", SHEET_A, key="po-red-1", final=True,
                       agreed="AA")
        v.submit_sheet(BLUE_REF, info["id"], "blue", SHEET_B, key="po-blue-1", final=True,
                       agreed="BB")
        bracket = v.playoffs.snapshot(None)
        # The committed game (auto-committed once both tables agreed) advanced the bracket.
        semi = next(m for m in bracket["matches"] if m["key"] == first["bracket_key"])
        assert semi["red_wins"] == 1
        final = next(m for m in bracket["matches"] if m["key"] == "F")
        assert 1 in (final["red"], final["blue"])
    finally:
        v.shutdown()


def test_the_day_is_locked_once_judging_or_the_robot_game_has_started(fll):
    from factories import JUDGE

    session = next(i for i in fll.fll.day()["items"] if i["what"] == "innovation_project")
    fll.fll.submit_rubric(JUDGE, key="lock-day-1", team=session["team"],
                          area="innovation_project", room=session["room"], levels={})
    with pytest.raises(Conflict, match="rubrics"):
        fll.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=2)


def test_scorekeeper_commit_refuses_a_broken_draft_and_a_no_show_scores_nothing(fll):
    match = next(m for m in robot_matches(fll) if m["level"] == "qual" and m["red"]
                 and m["blue"])
    field = match["field"]
    ref_red = RED_REF.__class__(**{**RED_REF.__dict__, "field": field})
    fll.load_match(SCOREKEEPER, field, match["id"])
    fll.start_match(SCOREKEEPER, field)
    fll.clock.advance(151)
    fll.submit_sheet(ref_red, match["id"], "red", {"m15b_treasure": True}, key="broken-draft")
    with pytest.raises(ValidationError, match="fix it before committing"):
        fll.commit_match(HEAD_REF, field)
    fll.submit_sheet(ref_red, match["id"], "red", SHEET_B, key="fixed-draft1")
    # The blue team did not come: the head referee marks it, then commits by hand.
    absent = match["blue"][0]["number"]
    fll.set_disqualified(HEAD_REF, field, absent, True)
    fll.commit_match(HEAD_REF, field)
    rows = {r["team"]["number"]: r for r in fll.rankings()}
    assert rows[absent]["scores"][0] is None and rows[absent]["best"] is None
    assert rows[match["red"][0]["number"]]["best"] == 150


def _two_full_matches_on_one_field(v):
    quals = [m for m in robot_matches(v) if m["level"] == "qual" and m["red"] and m["blue"]]
    first = quals[0]
    second = next(m for m in quals[1:] if m["field"] == first["field"])
    return first, second


def test_a_sheet_reopened_after_the_field_moved_on_is_corrected_and_recommitted(fll):
    from factories import referee

    first, second = _two_full_matches_on_one_field(fll)
    field = first["field"]
    play(fll, first, {"red": SHEET_A, "blue": SHEET_B})
    fll.load_match(SCOREKEEPER, field, second["id"])  # the pair moves on
    fll.fll.reopen_sheet(HEAD_REF, first["id"], "red")
    # The scorekeeper brings the committed match back for the correction; its sheets stay.
    fll.load_match(SCOREKEEPER, field, first["id"])
    snap = fll.referee_snapshot(field)
    assert snap["match"]["id"] == first["id"] and snap["sheets"]["red"]["final"] is False
    assert snap["sheets"]["red"]["data"]["m12_krill"] == 3
    fll.submit_sheet(referee("red", field), first["id"], "red", {**SHEET_A, "m12_krill": 4},
                     key="correct-after-move", final=True, agreed="EF")
    result = next(m for m in fll.schedule() if m["id"] == first["id"])["result"]
    assert result["red_score"] == 415
    # Without a reopened sheet a committed match still cannot be loaded again.
    with pytest.raises(Conflict, match="already committed"):
        fll.load_match(SCOREKEEPER, field, first["id"])


def test_held_for_review_the_head_referee_commits(fll):
    from factories import referee

    first, _ = _two_full_matches_on_one_field(fll)
    field = first["field"]
    fll.load_match(SCOREKEEPER, field, first["id"])
    fll.start_match(SCOREKEEPER, field)
    fll.clock.advance(140)
    fll.submit_sheet(referee("red", field), first["id"], "red", SHEET_A, key="review-red-1")
    fll.clock.advance(11)
    fll.hold_for_review(HEAD_REF, field)
    for side, sheet in (("red", SHEET_A), ("blue", SHEET_B)):
        fll.submit_sheet(referee(side, field), first["id"], side, sheet,
                         key=f"review-{side}-final", final=True, agreed="GH")
    assert fll.controller(field).state == "review"
    assert next(m for m in fll.schedule() if m["id"] == first["id"])["result"] is None
    fll.commit_match(HEAD_REF, field)
    assert next(m for m in fll.schedule() if m["id"] == first["id"])["result"]["red_score"] \
        == 405


def test_a_resent_final_is_answered_with_the_sheet_state_and_commits_once(fll):
    from factories import referee

    first, _ = _two_full_matches_on_one_field(fll)
    play(fll, first, {"red": SHEET_A, "blue": SHEET_B})
    again = fll.submit_sheet(referee("red", first["field"]), first["id"], "red", SHEET_A,
                             key=f"red-final-{first['id']}", final=True, agreed="AB")
    assert again["duplicate"] and again["final"] is True and again["agreed_by"] == "AB"
    fll.clock.advance(1)
    with fll.db.session() as session:
        from sqlalchemy import func, select

        from tournament.models import AuditEntry
        commits = session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "match.commit", AuditEntry.subject == first["label"]))
    assert commits == 1


def test_a_table_tablet_scores_only_its_own_pair(fll):
    from factories import referee

    match = next(m for m in robot_matches(fll) if m["field"] == 2 and m["red"])
    with pytest.raises(ValidationError) as info:
        fll.submit_sheet(referee("red", 1), match["id"], "red", SHEET_B, key="wrong-pair-1")
    assert info.value.errors[0][0] == "match_id" and "field 1" in info.value.errors[0][1]


def test_the_day_cannot_be_planned_again_under_a_loaded_match(fll):
    match = robot_matches(fll)[0]
    fll.load_match(SCOREKEEPER, match["field"], match["id"])
    with pytest.raises(Conflict, match="loaded"):
        fll.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=2)
    assert match["label"] == "P1" and fll.fll.scoreboard()["round"] == 0  # on the tables
