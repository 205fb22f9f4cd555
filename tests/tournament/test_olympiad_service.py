"""The olympiad from registration to results: import, blind double marking, contest import,
appeals with their window and audit, medals, the school rating, freeze and ceremony."""

from __future__ import annotations

import json

import pytest
from factories import ADMIN, OLYMPIAD_CSV, SCOREKEEPER, jury_member, make_olympiad
from sqlalchemy import func, select

from tournament.accounts import Actor
from tournament.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tournament.models import AuditEntry, Participant
from tournament.olympiad import parse_cover_qr


@pytest.fixture
def desk(venue):
    make_olympiad(venue)
    return venue.olympiad


def codes(desk, number):
    return next(p["codes"] for p in desk.participants(ADMIN) if p["number"] == number)


def problem(desk, subject, label):
    return next(p["id"] for p in desk.jury_problems(ADMIN)
                if p["subject"] == subject and p["label"] == label)


def agree(desk, a, b, number, subject, label, value, second=None):
    """Two markers give ``value`` (and ``second``) to a participant's problem."""
    pid = problem(desk, subject, label)
    code = codes(desk, number)[0 if int(label[1:]) <= 3 else 1]  # rounds of 3 problems
    desk.enter_mark(a, pid, code, value)
    return desk.enter_mark(b, pid, code, value if second is None else second)


# -- structure and registration ------------------------------------------------------------------
def test_structure_errors_name_the_path(venue):
    bad = {"subjects": [{"code": "math", "names": {"kk": "М", "ru": "М", "en": "M"},
                         "rounds": [{"kind": "oral", "problems": [{"max": -1}]}]}]}
    with pytest.raises(ValidationError) as err:
        venue.olympiad.create(ADMIN, "x", "X", bad)
    where = dict(err.value.errors)
    assert "subjects[0].rounds[0].kind" in where
    assert "subjects[0].rounds[0].problems[0].max" in where
    with pytest.raises(PermissionDenied):
        venue.olympiad.create(SCOREKEEPER, "x", "X", "izho")


def test_import_gives_every_work_a_code_and_keeps_kazakh_names(desk):
    people = desk.participants(ADMIN)
    assert len(people) == 8
    aliya = next(p for p in people if p["number"] == "KZ-01")
    assert aliya["name"] == "Әлия Құрманғалиқызы" and aliya["gender"] == "f"
    assert len(aliya["codes"]) == 2 and aliya["codes"][0].startswith("M1-")
    every = [c for p in people for c in p["codes"]]
    assert len(every) == len(set(every)) == 16
    schools = desk.schools(ADMIN)
    assert [s["name"] for s in schools] == ["RPMS Almaty", "Lyceum 239", "SMG Sofia"]
    assert schools[0]["leaders"][0]["name"] == "Ғалым Сейітқали"


def test_a_bad_csv_names_each_row_and_imports_nothing(desk, venue):
    bad = ("number,name,gender,school,city,country,grade,language,subject\n"
           "KZ-10,Good Row,f,RPMS Almaty,Алматы,Қазақстан,9,kk,math\n"
           "KZ-01,Taken Number,m,X,Y,Z,9,kk,math\n"
           "KZ-11,,m,X,Y,Z,9,kk,chemistry\n"
           "KZ-12,Third Too Many,x,RPMS Almaty,Алматы,Қазақстан,9,kk,Математика\n"
           "KZ-13,Short row\n")
    with pytest.raises(ValidationError) as err:
        desk.import_participants(ADMIN, bad)
    by_row = {}
    for where, message in err.value.errors:
        by_row.setdefault(where, []).append(message)
    assert "row 2" not in by_row
    assert any("already registered" in m for m in by_row["row 3"])
    assert any("name is empty" in m for m in by_row["row 4"])
    assert any("chemistry" in m for m in by_row["row 4"])
    assert any("gender" in m for m in by_row["row 5"])
    assert any("quota" in m for m in by_row["row 5"]), "RPMS already has 2 + 1 in the file"
    assert any("cells" in m for m in by_row["row 6"])
    with venue.db.session() as session:
        assert session.scalar(select(func.count(Participant.id))) == 8
    with pytest.raises(ValidationError, match="missing column"):
        desk.import_participants(ADMIN, "number,name\n1,A\n")


# -- blind double marking -------------------------------------------------------------------------
def test_marks_within_tolerance_agree_on_their_mean(desk, venue):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    pid, code = problem(desk, "math", "P1"), codes(desk, "KZ-01")[0]
    desk.enter_mark(a, pid, code, 3)
    assert desk.enter_mark(a, pid, code, 5)["mine"] == 5.0  # corrected before b marks
    row = desk.enter_mark(b, pid, code, 6)
    assert row["status"] == "agreed" and row["agreed"] == 6.0  # the mean 5.5 rounds up
    assert (row["first"], row["second"]) == (5.0, 6.0)
    # Both marks are now shown to both: neither may move any more.
    with pytest.raises(Conflict, match="both markers have marked"):
        desk.enter_mark(a, pid, code, 6)
    assert desk.enter_mark(a, pid, code, 5)["status"] == "agreed", "a resend is harmless"
    total = {r["number"]: r["total"] for r in desk.results("math", public=False)["rows"]}
    assert total["KZ-01"] == 6.0


def test_a_disagreement_blocks_the_agreed_mark_until_a_third_marker_settles_it(desk, venue):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    c = jury_member(venue, "juror3")
    pid = problem(desk, "math", "P2")
    code = codes(desk, "RU-01")[0]
    first = desk.enter_mark(a, pid, code, 2)
    assert first["status"] == "first" and first["first"] is None, "marking stays independent"
    row = desk.enter_mark(b, pid, f"ZHW:{code}:P2", 7)
    assert row["status"] == "disputed" and row["agreed"] is None and row["final"] is None
    results = desk.results("math", public=False)
    ivan = next(r for r in results["rows"] if r["number"] == "RU-01")
    assert ivan["marks"][1] is None and ivan["pending"]
    with pytest.raises(Conflict, match="two marks"):
        desk.enter_mark(c, pid, code, 4)
    with pytest.raises(PermissionDenied, match="marker of this work"):
        desk.resolve(a, pid, code, 4)
    settled = desk.resolve(c, pid, code, 5, "partial proof of the lemma")
    assert settled["status"] == "resolved" and settled["agreed"] == 5.0
    assert settled["agreed_by"] == c.name
    with pytest.raises(Conflict, match="agreed mark"):
        desk.enter_mark(a, pid, code, 3)
    # Only the problem's chief changes a settled mark.
    with pytest.raises(Conflict, match="not disputed"):
        desk.resolve(jury_member(venue, "juror4"), pid, code, 6)
    chief = jury_member(venue, "chief")
    desk.set_problem(ADMIN, pid, chief="juror1")
    with pytest.raises(PermissionDenied, match="marker of this work"):
        desk.resolve(a, pid, code, 6)  # a chief who marked the work does not settle it
    desk.set_problem(ADMIN, pid, chief="chief")
    assert desk.resolve(chief, pid, code, 6)["agreed"] == 6.0
    with venue.db.session() as session:
        kinds = [e.action for e in session.scalars(select(AuditEntry).where(
            AuditEntry.subject.like(f"work {code}%")).order_by(AuditEntry.id))]
    assert kinds == ["olympiad.mark", "olympiad.mark", "olympiad.agreed", "olympiad.agreed"]


def test_marks_are_checked_against_the_problem_and_the_cover_sheet(desk, venue):
    a = jury_member(venue, "juror1")
    math_p1, phys_p1 = problem(desk, "math", "P1"), problem(desk, "physics", "P1")
    code = codes(desk, "KZ-01")[0]
    for value in (7.5, 8, -1, "abc", True, 10**400, float("nan")):
        with pytest.raises(ValidationError, match="0 to 7 in steps of 1"):
            desk.enter_mark(a, math_p1, code, value)
    with pytest.raises(ValidationError, match="cover sheet is for P2"):
        desk.enter_mark(a, math_p1, f"ZHW:{code}:P2", 3)
    with pytest.raises(ValidationError, match="no work has the code"):
        desk.enter_mark(a, math_p1, "M1-ZZZZZ", 3)
    with pytest.raises(ValidationError, match="not from the round"):
        desk.enter_mark(a, math_p1, codes(desk, "KZ-01")[1], 3)
    physics = codes(desk, "KZ-03")[0]
    assert desk.enter_mark(a, phys_p1, physics, "7,3")["mine"] == 7.3  # fractional points
    with pytest.raises(ValidationError):
        desk.enter_mark(a, phys_p1, physics, 7.25)
    assert parse_cover_qr(" zhw:m1-abcde:p3 ") == ("M1-ABCDE", "P3")


def test_jury_messages_carry_codes_never_names(desk, venue):
    seen = []
    venue.bus.subscribe(lambda m: seen.append(m) if m.channel == "jury" else None)
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    agree(desk, a, b, "KZ-01", "math", "P1", 4)
    view = desk.jury_problem(a, problem(desk, "math", "P1"))
    text = json.dumps([m.as_dict() for m in seen] + [view], ensure_ascii=False)
    assert codes(desk, "KZ-01")[0] in text
    for person in desk.participants(ADMIN):
        assert person["name"] not in text and person["number"] not in text
        assert person["school"] not in text
    with pytest.raises(PermissionDenied):
        desk.jury_problem(SCOREKEEPER, problem(desk, "math", "P1"))


def test_contest_results_import_as_agreed_marks_all_or_nothing(desk):
    good = "login,P1,P2,P3,P4,P5,P6\nBG-02,100,37.5,0,12,,100\n"
    assert desk.import_contest_results(ADMIN, "informatics", good) == {"marks": 5, "changed": 5}
    row = desk.results("informatics", public=False)["rows"][0]
    assert row["marks"] == [100, 37.5, 0, 12, None, 100] and row["total"] == 249.5
    bad = "login,P1,P9\nBG-02,101,1\nKZ-01,1,1\n"
    with pytest.raises(ValidationError) as err:
        desk.import_contest_results(ADMIN, "informatics", bad)
    assert ("row 1", "column 3 'P9' is not a problem of informatics (P1, P2, P3, P4, P5, P6)") \
        in err.value.errors
    bad = "login,P1,P2\nBG-02,101,1\nKZ-01,1,1\n"
    with pytest.raises(ValidationError) as err:
        desk.import_contest_results(ADMIN, "informatics", bad)
    assert [w for w, _ in err.value.errors] == ["row 2, P1", "row 3"]
    assert desk.results("informatics", public=False)["rows"][0]["total"] == 249.5


# -- appeals ------------------------------------------------------------------------------------
def leader_of(desk, school):
    found = next(s for s in desk.schools(ADMIN) if s["name"] == school)
    info = desk.leader(found["leaders"][0]["token"])
    return Actor(name=info["name"], role="leader", school=info["school_id"])


def test_an_appeal_inside_the_window_changes_the_result_and_leaves_a_trail(desk, venue, clock):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    for number, value in (("KZ-01", 3), ("KZ-02", 4), ("RU-01", 5), ("RU-02", 2),
                          ("BG-01", 1)):
        agree(desk, a, b, number, "math", "P1", value)
    pid = problem(desk, "math", "P1")
    leader = leader_of(desk, "RPMS Almaty")
    with pytest.raises(Conflict, match="open with its provisional results"):
        desk.file_appeal(leader, "KZ-01", pid, "the inequality was proved")
    with pytest.raises(Conflict, match="without an agreed mark"):
        desk.publish_provisional(ADMIN, "math", 2)
    desk.publish_provisional(ADMIN, "math", 2, force=True)
    with pytest.raises(Conflict, match="only through appeals"):
        desk.enter_mark(a, pid, codes(desk, "KZ-01")[0], 7)
    with pytest.raises(PermissionDenied, match="own school"):
        desk.file_appeal(leader, "RU-01", pid, "not ours")
    with pytest.raises(ValidationError, match="say what"):
        desk.file_appeal(leader, "KZ-01", pid, "  ")
    filed = desk.file_appeal(leader, "KZ-01", pid, "the inequality was proved in full")
    with pytest.raises(Conflict, match="already open"):
        desk.file_appeal(leader, "KZ-01", pid, "again")
    jury_view = desk.appeals(a)
    assert jury_view[0]["code"] == codes(desk, "KZ-01")[0] and "name" not in jury_view[0]
    c = jury_member(venue, "juror3")
    with pytest.raises(PermissionDenied, match="does not decide"):
        desk.decide_appeal(a, filed["id"], True, 6, "I marked it myself")
    with pytest.raises(ValidationError, match="reason"):
        desk.decide_appeal(c, filed["id"], True, 6, "")
    with pytest.raises(ValidationError, match="already 3"):
        desk.decide_appeal(c, filed["id"], True, 3, "same")
    decided = desk.decide_appeal(c, filed["id"], True, 6, "step 2 is complete after all")
    assert (decided["status"], decided["before"], decided["after"]) == ("accepted", 3.0, 6.0)
    rows = {r["number"]: r for r in desk.results("math", public=False)["rows"]}
    assert rows["KZ-01"]["total"] == 6.0 and rows["KZ-01"]["place"] == 1
    view = desk.leader_view(leader)
    assert view["appeals"][0]["name"] == "Әлия Құрманғалиқызы"
    assert next(m for m in view["members"] if m["number"] == "KZ-01")["total"] == 6.0
    # The window closes.
    clock.advance(2 * 3600 + 1)
    with pytest.raises(Conflict, match="closed"):
        desk.file_appeal(leader, "KZ-02", pid, "late")
    with venue.db.session() as session:
        trail = [(e.action, e.before, e.after) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("olympiad.appeal%")))]
    assert trail[0][0] == "olympiad.appeal"
    assert trail[1] == ("olympiad.appeal_decided", {"mark": 3.0},
                        {"status": "accepted", "mark": 6.0})


def test_a_rejected_appeal_changes_nothing(desk, venue):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    agree(desk, a, b, "RU-01", "math", "P1", 4)
    desk.publish_provisional(ADMIN, "math", 1, force=True)
    pid = problem(desk, "math", "P1")
    filed = desk.file_appeal(ADMIN, "RU-01", pid, "please look again")
    c = jury_member(venue, "juror3")
    decided = desk.decide_appeal(c, filed["id"], False, None, "the proof has a gap")
    assert decided["status"] == "rejected" and decided["after"] is None
    assert desk.results("math", public=False)["rows"][0]["total"] == 4.0
    with pytest.raises(Conflict, match="already rejected"):
        desk.decide_appeal(c, filed["id"], True, 5, "changed my mind")


# -- results, medals, rating ------------------------------------------------------------------
def score_math(desk, venue, marks):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    for number, values in marks.items():
        for i, value in enumerate(values):
            agree(desk, a, b, number, "math", f"P{i + 1}", value)


def test_results_places_medals_winners_and_the_best_girl(desk, venue):
    score_math(desk, venue, {"KZ-01": [7, 7], "KZ-02": [7, 3], "RU-01": [7, 7],
                             "RU-02": [5, 0], "BG-01": [1, 0]})
    results = desk.results("math", public=False)
    table = [(r["number"], r["total"], r["place"]) for r in results["rows"]]
    assert table == [("KZ-01", 14, 1), ("RU-01", 14, 1), ("KZ-02", 10, 3), ("RU-02", 5, 4),
                     ("BG-01", 1, 5)]
    assert results["winners"] == ["KZ-01", "RU-01"]
    assert results["best_girls"] == ["KZ-01"]
    # IMO: at most half medalled, ties never split; HM for a full-marks problem.
    awards = {r["number"]: r["award"] for r in results["rows"]}
    assert awards["KZ-01"] == awards["RU-01"] != "none"
    assert awards["KZ-02"] == "hm" or awards["KZ-02"] != "none"
    # The jury fixes its own cut-offs; an inverted set is refused.
    preview = desk.medal_preview(ADMIN, "math")
    assert set(preview["policies"]) == {"ioi", "ioi-2010", "imo"}
    with pytest.raises(ValidationError, match="cut-off"):
        desk.set_medals(ADMIN, "math", "jury", {"gold": 5, "silver": 10, "bronze": 1})
    desk.set_medals(ADMIN, "math", "jury", {"gold": 14, "silver": "", "bronze": 5}, hm=None)
    awards = {r["number"]: r["award"] for r in desk.results("math", public=False)["rows"]}
    assert awards == {"KZ-01": "gold", "RU-01": "gold", "KZ-02": "bronze", "RU-02": "bronze",
                      "BG-01": "none"}


def test_school_rating_shares_places_and_gives_the_grand_prix(desk, venue):
    score_math(desk, venue, {"KZ-01": [7, 1], "KZ-02": [0, 0], "RU-01": [4, 0],
                             "RU-02": [4, 0], "BG-01": [3, 0]})
    desk.import_contest_results(ADMIN, "informatics", "login,P1\nBG-02,5\n")
    rating = desk.rating(public=False)["rows"]
    assert [(r["school"], r["total"], r["place"], r["award"]) for r in rating] == [
        ("RPMS Almaty", 8, 1, "grand_prix"), ("Lyceum 239", 8, 1, "grand_prix"),
        ("SMG Sofia", 8, 1, "grand_prix")]
    # As percentages of each subject's maximum, informatics' 5 of 600 weighs little.
    desk.set_rating(ADMIN, "percent", 2)
    rating = desk.rating(public=False)["rows"]
    assert [(r["school"], r["place"], r["award"]) for r in rating] == [
        ("RPMS Almaty", 1, "grand_prix"), ("Lyceum 239", 1, "grand_prix"),
        ("SMG Sofia", 3, "place1")]
    assert rating[0]["total"] == pytest.approx(800 / 42, abs=1e-3)
    with pytest.raises(ValidationError):
        desk.set_rating(ADMIN, "medals", 3)


# -- the board: freeze and ceremony ----------------------------------------------------------
def test_a_frozen_board_keeps_the_public_snapshot(desk, venue):
    published = []
    venue.bus.subscribe(lambda m: published.append(m.topic) if m.channel == "live" else None)
    score_math(desk, venue, {"KZ-01": [3]})
    desk.freeze(SCOREKEEPER, True)
    published.clear()
    score_math(desk, venue, {"RU-01": [6]})
    public = {r["number"]: r["total"] for r in desk.results("math")["rows"]}
    live = {r["number"]: r["total"] for r in desk.results("math", public=False)["rows"]}
    assert public["RU-01"] == 0 and live["RU-01"] == 6
    assert "olympiad.results" not in published, "nothing leaks while frozen"
    assert desk.board_state()["frozen"]
    desk.freeze(SCOREKEEPER, False)
    assert {r["number"]: r["total"] for r in desk.results("math")["rows"]}["RU-01"] == 6


def test_the_ceremony_reveals_medallists_from_the_bottom_up(desk, venue):
    score_math(desk, venue, {"KZ-01": [7, 7], "KZ-02": [7, 3], "RU-01": [7, 7],
                             "RU-02": [5, 0], "BG-01": [1, 0]})
    desk.set_medals(ADMIN, "math", "jury", {"gold": 14, "silver": 10, "bronze": 5})
    with pytest.raises(Conflict):
        desk.ceremony(SCOREKEEPER, "next")
    state = desk.ceremony(SCOREKEEPER, "start", "math")
    assert state["ceremony"]["revealed"] == 0 and state["ceremony"]["groups"] == 3
    assert desk.results("math")["rows"] == []
    assert desk.results("math")["winners"] == [] and desk.results("math")["cutoffs"] == {}
    state = desk.ceremony(SCOREKEEPER, "next")
    assert [r["number"] for r in state["ceremony"]["rows"]] == ["RU-02"]
    state = desk.ceremony(SCOREKEEPER, "next")
    assert [r["number"] for r in desk.results("math")["rows"]] == ["KZ-02", "RU-02"]
    state = desk.ceremony(SCOREKEEPER, "next")
    assert [r["number"] for r in state["ceremony"]["rows"]] == ["KZ-01", "RU-01", "KZ-02",
                                                               "RU-02"]
    assert desk.ceremony(SCOREKEEPER, "next")["ceremony"]["revealed"] == 3
    assert desk.ceremony(SCOREKEEPER, "back")["ceremony"]["revealed"] == 2
    desk.ceremony(SCOREKEEPER, "end")
    assert len(desk.results("math")["rows"]) == 5
    with pytest.raises(NotFound):
        desk.ceremony(SCOREKEEPER, "start", "chemistry")


def test_documents_follow_the_results_and_the_language_of_work(desk, venue):
    score_math(desk, venue, {"KZ-01": [7, 7], "RU-01": [2]})
    docs = desk.documents(ADMIN, "math")["documents"]
    assert [d["number"] for d in docs][:2] == ["KZ-01", "RU-01"]
    first = docs[0]
    assert first["lang"] == "kk" and first["subject"] == "Математика"
    assert first["award"] != "none" and first["max_total"] == 42
    english = desk.documents(ADMIN, "math", "certificates", "en")["documents"]
    assert all(d["award"] == "none" and d["lang"] == "en" for d in english)
    check = desk.verify(first["verify"])
    assert check["name"] == "Әлия Құрманғалиқызы" and check["award"] == first["award"]
    with pytest.raises(NotFound):
        desk.verify("forged")
    assert OLYMPIAD_CSV.count("\n") - 1 == len(desk.documents(ADMIN)["documents"])


def test_an_excel_csv_with_semicolons_and_a_byte_order_mark_imports(desk):
    text = ("\ufeffnumber;name;school;country;subject;leaders\n"
            'KZ-20;Дәурен Әбілов;НЗМ Тараз;Қазақстан;Физика;"Ерлан Қасым; Ая Нұр"\n')
    assert desk.import_participants(ADMIN, text) == {"imported": 1, "schools": 1}
    school = next(s for s in desk.schools(ADMIN) if s["name"] == "НЗМ Тараз")
    assert [x["name"] for x in school["leaders"]] == ["Ерлан Қасым", "Ая Нұр"]
    result = desk.import_contest_results(ADMIN, "informatics", "\ufefflogin;P1\nBG-02;50\n")
    assert result == {"marks": 1, "changed": 1}


def test_a_new_tolerance_rechecks_the_automatic_agreements(desk, venue):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    assert agree(desk, a, b, "KZ-01", "math", "P3", 4, second=5)["status"] == "agreed"
    pid = problem(desk, "math", "P3")
    desk.set_problem(ADMIN, pid, tolerance=0)
    view = {w["code"]: w for w in desk.jury_problem(a, pid)["works"]}
    assert view[codes(desk, "KZ-01")[0]]["status"] == "disputed"
    desk.set_problem(ADMIN, pid, tolerance=2)
    assert {w["code"]: w for w in desk.jury_problem(a, pid)["works"]}[
        codes(desk, "KZ-01")[0]]["agreed"] == 5.0
    with pytest.raises(ValidationError, match="steps of 1"):
        desk.set_problem(ADMIN, pid, max_points=7.5)
    with pytest.raises(ValidationError, match="chief"):
        desk.set_problem(ADMIN, pid, chief=5)
    desk.publish_provisional(ADMIN, "math", 1, force=True)
    with pytest.raises(Conflict, match="provisional"):
        desk.set_problem(ADMIN, pid, tolerance=1)


def test_an_import_never_replaces_a_jury_mark_and_audits_each_change(desk, venue):
    a, b = jury_member(venue, "juror1"), jury_member(venue, "juror2")
    agree(desk, a, b, "BG-02", "informatics", "P1", 40)
    with pytest.raises(ValidationError, match="agreed mark from the jury"):
        desk.import_contest_results(ADMIN, "informatics", "login,P1,P2\nBG-02,50,10\n")
    desk.import_contest_results(ADMIN, "informatics", "login,P2\nBG-02,10\n")
    desk.import_contest_results(ADMIN, "informatics", "login,P2\nBG-02,20\n")
    with venue.db.session() as session:
        changes = [e.after["changed"] for e in session.scalars(select(AuditEntry).where(
            AuditEntry.action == "olympiad.import_results").order_by(AuditEntry.id))]
    code = codes(desk, "BG-02")[0]
    assert changes == [[[code, "P2", None, 10.0]], [[code, "P2", 10.0, 20.0]]]
    with pytest.raises(ValidationError, match="repeats P2"):
        desk.import_contest_results(ADMIN, "informatics", "login,P2,2\nBG-02,1,1\n")


def test_a_file_that_is_not_utf8_is_refused_with_its_row(desk):
    text = "number,name,school,country,subject\nKZ-30,\ufffd\ufffd,X,Y,math\n"
    with pytest.raises(ValidationError) as err:
        desk.import_participants(ADMIN, text)
    assert err.value.errors == [("row 2", 'the file is not UTF-8 text; save it as "CSV UTF-8" '
                                 "and import it again")]
    with pytest.raises(ValidationError, match="empty"):
        desk.import_participants(ADMIN, "\ufeff")
    long_grade = "number,name,school,country,subject,grade\nKZ-31,A,B,C,math," + "1" * 21
    with pytest.raises(ValidationError, match="grade is longer than 20"):
        desk.import_participants(ADMIN, long_grade + "\n")
