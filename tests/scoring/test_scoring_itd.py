"""FTC 2024-25 INTO THE DEEP: the season file's content and the worked examples in ftc.md."""

import dataclasses
import json
import re

import pytest

import scoring

ITD = "ftc-2024-into-the-deep"
LANGS = ("kk", "ru", "en")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")

# ftc.md, "ITD example 1": red 166 (auto 34, NP 146), blue 159 (NP 149), red wins.
RED = {
    "robot1Auto": "OBSERVATION_ZONE",
    "robot2Auto": "ASCENT",
    "autoSampleNet": 1,
    "autoSampleHigh": 2,
    "autoSpecimenHigh": 1,
    "teleopSampleNet": 2,
    "teleopSampleLow": 1,
    "teleopSampleHigh": 5,
    "teleopSpecimenLow": 1,
    "teleopSpecimenHigh": 4,
    "robot1Teleop": "ASCENT_2",
    "robot2Teleop": "OBSERVATION_ZONE",
    "minorFouls": 2,  # committed by red, credited to blue
}
BLUE = {
    "robot1Auto": "OBSERVATION_ZONE",
    "robot2Auto": "OBSERVATION_ZONE",
    "autoSampleHigh": 1,
    "autoSpecimenHigh": 2,
    "teleopSampleNet": 3,
    "teleopSampleHigh": 2,
    "teleopSpecimenHigh": 6,
    "robot1Teleop": "ASCENT_3",
    "robot2Teleop": "ASCENT_1",
    "minorFouls": 1,  # committed by blue, credited to red
    "majorFouls": 1,
}

COUNT_POINTS = {
    "autoSampleNet": 2, "autoSampleLow": 4, "autoSampleHigh": 8,
    "autoSpecimenLow": 6, "autoSpecimenHigh": 10,
    "teleopSampleNet": 2, "teleopSampleLow": 4, "teleopSampleHigh": 8,
    "teleopSpecimenLow": 6, "teleopSpecimenHigh": 10,
    "minorFouls": 5, "majorFouls": 15,
}
AUTO_PARK = {"NONE": 0, "OBSERVATION_ZONE": 3, "ASCENT": 3}
END_PARK = {"NONE": 0, "OBSERVATION_ZONE": 3, "ASCENT_1": 3, "ASCENT_2": 15, "ASCENT_3": 30}
CHOICE_POINTS = {
    "robot1Auto": AUTO_PARK, "robot2Auto": AUTO_PARK,
    "robot1Teleop": END_PARK, "robot2Teleop": END_PARK,
}


@pytest.fixture(scope="module")
def season():
    return scoring.load_season(ITD)


def test_worked_example_match(season):
    result = season.score_match(RED, BLUE)
    red, blue = result.red, result.blue

    assert red.parts == {"auto": 34, "teleop": 94, "endgame": 18, "penalty": 20}
    assert (red.total, red.np_total) == (166, 146)
    assert red.parts["teleop"] + red.parts["endgame"] == 112  # ftc-scout dcPoints

    assert blue.parts == {"auto": 34, "teleop": 82, "endgame": 33, "penalty": 10}
    assert (blue.total, blue.np_total) == (159, 149)
    assert blue.parts["teleop"] + blue.parts["endgame"] == 115

    assert result.winner == "red"  # on totals, although blue's NP is higher

    keys = {k.id: k for k in season.ranking.keys}
    assert (keys["tbp1"].of, keys["tbp2"].of) == ("auto", "endgame")
    assert red.value(keys["tbp1"].of) == blue.value(keys["tbp1"].of) == 34
    assert red.value(keys["tbp2"].of) == 18
    assert blue.value(keys["tbp2"].of) == 33
    assert season.ranking.record_points("win") == 2
    assert season.ranking.record_points("loss") == 0


def test_worked_example_items(season):
    red = season.score_match(RED, BLUE).red
    assert red.items["autoSampleHigh"] == 16
    assert red.items["robot1Teleop"] == 15
    assert red.items["minorFouls"] == 5 and red.items["majorFouls"] == 15  # blue's fouls
    assert sum(red.items.values()) == red.total


def test_worked_example_ranking(season):
    ranking = season.ranking
    outcomes = ["win", "win", "loss", "tie", "loss"]
    rp = sum(ranking.record_points(o) for o in outcomes)
    assert rp == 5 and rp / len(outcomes) == 1.00
    autos = [34, 20, 12, 40, 24]
    assert ranking.keys[0].agg == "mean" and sum(autos) / len(autos) == 26.0


def test_score_alone_leaves_fouls_out(season):
    alone = season.score(RED)
    assert alone.parts["penalty"] == 0
    assert alone.total == alone.np_total == 146
    assert alone.items["minorFouls"] == 0


def test_result_to_dict_is_json(season):
    data = season.score_match(RED, BLUE).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["winner"] == "red" and data["red"]["total"] == 166
    assert data["blue"]["parts"]["penalty"] == 10


def test_inputs_are_the_ftc_events_api_fields(season):
    assert [f.id for f in season.fields] == [
        "robot1Auto", "robot2Auto",
        "autoSampleNet", "autoSampleLow", "autoSampleHigh", "autoSpecimenLow", "autoSpecimenHigh",
        "teleopSampleNet", "teleopSampleLow", "teleopSampleHigh",
        "teleopSpecimenLow", "teleopSpecimenHigh",
        "robot1Teleop", "robot2Teleop",
        "minorFouls", "majorFouls",
    ]


@pytest.mark.parametrize("field_id, points", sorted(COUNT_POINTS.items()))
def test_count_points_as_declared(season, field_id, points):
    field = season.field(field_id)
    assert (field.kind, field.points, field.choices, field.min) == ("count", points, None, 0)
    assert field.max == (50 if "Fouls" in field_id else 99)
    assert field.default == 0


@pytest.mark.parametrize("field_id, expected", sorted(CHOICE_POINTS.items()))
def test_choice_points_as_declared(season, field_id, expected):
    field = season.field(field_id)
    assert (field.kind, field.points, field.min, field.max) == ("choice", None, None, None)
    assert {c.id: c.points for c in field.choices} == expected
    assert [c.id for c in field.choices] == list(expected)  # order kept from the file
    assert field.default == "NONE"
    assert field.robot == int(field_id[5])


def test_periods_parts_and_credit(season):
    assert [p for p, _ in season.periods] == ["auto", "teleop", "fouls"]
    assert [p for p, _ in season.parts] == ["auto", "teleop", "endgame", "penalty"]
    by_part = {}
    for field in season.fields:
        by_part.setdefault(field.part, []).append(field.id)
    assert by_part["endgame"] == ["robot1Teleop", "robot2Teleop"]
    assert by_part["penalty"] == ["minorFouls", "majorFouls"]
    assert all(f.period == "auto" for f in season.fields if f.part == "auto")
    assert {f.id for f in season.fields if f.credit == "opponent"} == {"minorFouls", "majorFouls"}
    assert {f.id: f.robot for f in season.fields if f.robot} == {
        "robot1Auto": 1, "robot2Auto": 2, "robot1Teleop": 1, "robot2Teleop": 2,
    }


def test_timing(season):
    t = season.timing
    assert (t.auto, t.transition, t.teleop, t.endgame) == (30, 8, 120, 30)
    assert t.phases() == [("auto", 30), ("transition", 8), ("teleop", 120)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.auto = 10


def test_game_and_ranking(season):
    assert (season.id, season.game, season.alliance_size) == (ITD, "alliance", 2)
    r = season.ranking
    assert (r.rp, r.win, r.tie, r.loss) == ("record", 2, 1, 0)
    assert [(k.id, k.of, k.agg) for k in r.keys] == [
        ("tbp1", "auto", "mean"), ("tbp2", "endgame", "mean"), ("high_score", "total", "max"),
    ]


def _all_titles(season):
    yield "title", season.title
    yield "ranking", season.ranking.title
    for key in season.ranking.keys:
        yield f"ranking.{key.id}", key.title
    for pid, titles in season.periods:
        yield f"period {pid}", titles
    for pid, titles in season.parts:
        yield f"part {pid}", titles
    for f in season.fields:
        yield f.id, f.title
        if f.hint:
            yield f"{f.id} hint", f.hint
        for c in f.choices or ():
            yield f"{f.id}.{c.id}", c.title


def test_every_user_string_has_kk_ru_en(season):
    for where, titles in _all_titles(season):
        assert set(titles) == set(LANGS), where
        assert all(titles[lang].strip() for lang in LANGS), where
        assert CYRILLIC.search(titles["kk"]), f"{where}: kk title is not Cyrillic"
        assert CYRILLIC.search(titles["ru"]), f"{where}: ru title is not Cyrillic"
        assert titles["kk"] != titles["ru"] or titles["kk"] == "", where


def test_fouls_explain_where_points_go(season):
    for field_id in ("minorFouls", "majorFouls"):
        assert "opponent" in season.field(field_id).hint["en"]


@pytest.mark.parametrize("lang", [None, *LANGS])
def test_to_dict_describes_the_tablet(season, lang):
    data = season.to_dict(lang)
    assert json.loads(json.dumps(data)) == data
    assert [f["id"] for f in data["fields"]] == [f.id for f in season.fields]
    assert data["timing"]["phases"] == [["auto", 30], ["transition", 8], ["teleop", 120]]
    assert [p["id"] for p in data["parts"]] == ["auto", "teleop", "endgame", "penalty"]
    park = next(f for f in data["fields"] if f["id"] == "robot1Teleop")
    assert [c["points"] for c in park["choices"]] == [0, 3, 3, 15, 30]
    title = data["fields"][2]["title"]
    if lang is None:
        assert set(title) == set(LANGS)
    else:
        assert title == season.fields[2].title[lang]


def test_to_dict_rejects_unknown_language(season):
    with pytest.raises(ValueError, match="lang"):
        season.to_dict("de")


def test_field_lookup_and_immutability(season):
    assert season.field("autoSampleHigh").points == 8
    with pytest.raises(KeyError):
        season.field("autoSampleMid")
    with pytest.raises(dataclasses.FrozenInstanceError):
        season.field("autoSampleHigh").points = 9
    season.fields.clear()  # a copy: the cached season is untouched
    assert len(season.fields) == 16


def test_playoff_ties_break_on_opponent_fouls_then_auto_then_endgame():
    season = scoring.load_season(ITD)
    assert season.playoff_tiebreakers == ("penalty", "auto", "endgame")
    # Red: one high sample in auto (8). Blue: one high sample in teleop (8) → 8-8.
    tied = season.score_match({"autoSampleHigh": 1}, {"teleopSampleHigh": 1})
    assert tied.winner == "tie"
    assert season.playoff_winner(tied) == "red"  # more autonomous points
    # Red scores 18 but commits two minor fouls (10 to blue); blue scores 8: 18-18, equal
    # auto, and blue has more points from the opponent's fouls → blue.
    fouled = season.score_match({"autoSampleHigh": 1, "minorFouls": 2, "teleopSampleHigh": 1,
                                 "teleopSampleNet": 1},
                                {"autoSampleHigh": 1})
    assert fouled.red.total == fouled.blue.total, (fouled.red.total, fouled.blue.total)
    assert season.playoff_winner(fouled) == "blue"
    mirror = season.score_match({"autoSampleHigh": 1}, {"autoSampleHigh": 1})
    assert season.playoff_winner(mirror) == "tie"  # a true tie is replayed
    clear = season.score_match({"autoSampleHigh": 2}, {"autoSampleHigh": 1})
    assert season.playoff_winner(clear) == "red"
