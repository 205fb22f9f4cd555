"""Score-sheet validation: defaults, and every kind of bad value named by its field."""

import pytest

import scoring

ITD = "ftc-2024-into-the-deep"

MINI = """
id = "mini-game"
title = { kk = "Шағын ойын", ru = "Мини-игра", en = "Mini game" }
game = "team"
alliance_size = 1

[timing]
auto = 0
transition = 0
teleop = 150
endgame = 0

[[periods]]
id = "match"
title = { kk = "Матч", ru = "Матч", en = "Match" }

[[parts]]
id = "mission"
title = { kk = "Миссия", ru = "Миссия", en = "Mission" }

[[fields]]
id = "flagRaised"
kind = "bool"
points = 20
period = "match"
part = "mission"
title = { kk = "Ту көтерілді", ru = "Флаг поднят", en = "Flag raised" }

[ranking]
rp = "record"
win = 1
tie = 0
loss = 0
title = { kk = "Ұпай", ru = "Очки", en = "Points" }

[[ranking.keys]]
id = "best"
of = "total"
agg = "max"
title = { kk = "Ең жақсы", ru = "Лучший", en = "Best" }
"""


@pytest.fixture(scope="module")
def season():
    return scoring.load_season(ITD)


@pytest.fixture
def mini(tmp_path):
    path = tmp_path / "mini-game.toml"
    path.write_text(MINI, encoding="utf-8")
    return scoring.load_season_file(path)


def test_blank_sheet_has_every_input_at_its_default(season):
    blank = season.blank_sheet()
    assert list(blank) == [f.id for f in season.fields]
    assert blank["robot1Auto"] == blank["robot2Teleop"] == "NONE"
    assert blank["autoSampleNet"] == blank["majorFouls"] == 0
    assert season.score(blank).total == 0


def test_validate_fills_defaults(season):
    clean = season.validate({"teleopSampleHigh": 3, "robot2Teleop": "ASCENT_3"})
    assert clean == {**season.blank_sheet(), "teleopSampleHigh": 3, "robot2Teleop": "ASCENT_3"}
    assert season.validate({}) == season.blank_sheet()
    assert season.validate(clean) == clean


def test_validate_accepts_the_limits(season):
    clean = season.validate({"autoSampleNet": 99, "majorFouls": 50, "minorFouls": 0})
    assert (clean["autoSampleNet"], clean["majorFouls"]) == (99, 50)


@pytest.mark.parametrize(
    "sheet, field, fragment",
    [
        ({"autoSampleMid": 1}, "autoSampleMid", "unknown field"),
        ({"autoSampleNet": -1}, "autoSampleNet", "at least 0"),
        ({"autoSampleNet": 2.0}, "autoSampleNet", "whole number"),
        ({"autoSampleNet": 2.5}, "autoSampleNet", "whole number"),
        ({"autoSampleNet": "2"}, "autoSampleNet", "whole number"),
        ({"autoSampleNet": True}, "autoSampleNet", "whole number"),
        ({"autoSampleNet": None}, "autoSampleNet", "whole number"),
        ({"teleopSampleHigh": 100}, "teleopSampleHigh", "at most 99"),
        ({"majorFouls": 51}, "majorFouls", "at most 50"),
        ({"robot1Auto": "ASCENT_2"}, "robot1Auto", "unknown choice"),  # a teleop-only level
        ({"robot1Teleop": "ascent_3"}, "robot1Teleop", "unknown choice"),
        ({"robot1Teleop": 3}, "robot1Teleop", "unknown choice"),
    ],
)
def test_each_bad_value_names_its_field(season, sheet, field, fragment):
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.validate(sheet)
    assert len(info.value.errors) == 1
    name, message = info.value.errors[0]
    assert name == field and fragment in message
    assert field in str(info.value)


def test_unknown_choice_lists_the_options(season):
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.validate({"robot1Auto": "ASCENT_3"})
    assert "NONE, OBSERVATION_ZONE, ASCENT" in info.value.errors[0][1]


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_bool_input_accepts_only_bools(mini, value):
    with pytest.raises(scoring.ScoreSheetError) as info:
        mini.validate({"flagRaised": value})
    assert info.value.errors == [("flagRaised", f"must be true or false, got {value!r}")]


def test_bool_input_scores(mini):
    assert mini.blank_sheet() == {"flagRaised": False}
    assert mini.score({"flagRaised": True}).total == 20
    assert mini.score({}).total == 0
    assert mini.score_match({"flagRaised": True}, {}).winner == "red"  # team games score alone


def test_every_bad_field_is_reported_at_once(season):
    sheet = {
        "autoSampleNet": -3,
        "autoSampleHigh": 4.0,
        "robot2Auto": "PARKED",
        "teleopSpecimenHigh": 1000,
        "bogus": 1,
        "teleopSampleLow": 2,  # fine
    }
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.validate(sheet)
    names = [name for name, _ in info.value.errors]
    assert sorted(names) == sorted(
        ["autoSampleNet", "autoSampleHigh", "robot2Auto", "teleopSpecimenHigh", "bogus"]
    )
    text = str(info.value)
    assert all(name in text for name in names)
    assert all(isinstance(m, str) and m for _, m in info.value.errors)


def test_score_validates_too(season):
    with pytest.raises(scoring.ScoreSheetError):
        season.score({"autoSampleNet": -1})


def test_score_match_reports_both_sheets(season):
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.score_match({"minorFouls": -1}, {"robot1Teleop": "FLYING", "x": 0})
    assert sorted(name for name, _ in info.value.errors) == [
        "blue.robot1Teleop", "blue.x", "red.minorFouls",
    ]


@pytest.mark.parametrize("sheet", [None, [("autoSampleNet", 1)], "autoSampleNet=1"])
def test_sheet_must_be_a_mapping(season, sheet):
    with pytest.raises(scoring.ScoreSheetError, match="mapping"):
        season.validate(sheet)


def test_error_type():
    err = scoring.ScoreSheetError([("a", "unknown field"), ("b", "must be at least 0, got -1")])
    assert err.errors == [("a", "unknown field"), ("b", "must be at least 0, got -1")]
    assert str(err) == "a: unknown field; b: must be at least 0, got -1"
    assert isinstance(err, Exception)
