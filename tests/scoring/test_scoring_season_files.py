"""Season files: discovery, caching, schema errors naming file and key, and package purity."""

import ast
import sys
from pathlib import Path

import pytest

import scoring

ITD = "ftc-2024-into-the-deep"
ITD_FILE = Path(scoring.__file__).parent / "seasons" / f"{ITD}.toml"


def test_available_seasons_lists_itd():
    seasons = scoring.available_seasons()
    assert ITD in seasons and seasons == sorted(seasons)
    assert {"fll-2024-submerged", "fll-2025-unearthed"} <= set(seasons)


def test_ftc_season_has_none_of_the_team_game_extras():
    season = scoring.load_season(ITD)
    assert season.constraints == [] and season.judging is None
    assert all(f.scored and f.cases is None and f.is_input for f in season.fields)
    assert season.inputs == season.fields
    assert (season.timing.match, season.ranking.ranked_rounds) == (0, 0)
    data = season.to_dict("en")
    assert (data["constraints"], data["judging"], data["timing"]["match"]) == ([], None, 0)
    assert data["ranking"]["ranked_rounds"] == data["ranking"]["practice_rounds"] == 0
    assert all(f["scored"] is True and f["cases"] is None for f in data["fields"])
    assert season.score({}).recorded == {} and season.score({}).to_dict()["recorded"] == {}


def test_load_season_is_cached():
    assert scoring.load_season(ITD) is scoring.load_season(ITD)


@pytest.mark.parametrize("bad_id", ["ftc-1999", "../seasons/" + ITD, ""])
def test_unknown_season_id(bad_id):
    with pytest.raises(LookupError, match="unknown season"):
        scoring.load_season(bad_id)


def test_shipped_file_loads_by_path():
    assert scoring.load_season_file(ITD_FILE).fields == scoring.load_season(ITD).fields


# (text in the shipped file, its replacement, the key the error must name)
BREAKAGES = [
    ('id = "ftc-2024-into-the-deep"', 'id = "ftc-2024"', "id"),
    ("alliance_size = 2", "alliance_size = 0", "alliance_size"),
    ('game = "alliance"', 'game = "duel"', "game"),
    ("teleop = 120", "teleop = 20", "timing.endgame"),
    ("transition = 8", "transition = 8.5", "timing.transition"),
    ('en = "Autonomous" }\n\n[[periods]]', 'en = "Autonomous" }\nextra = 1\n\n[[periods]]',
     "periods[0].extra"),
    ("points = 8\n", 'points = "8"\n', "fields[autoSampleHigh].points"),
    ("max = 50\n", "", "fields[minorFouls].max"),
    ("min = 0\nmax = 99\npoints = 2", "min = 5\nmax = 3\npoints = 2", "fields[autoSampleNet].max"),
    ('part = "endgame"', 'part = "endgme"', "fields[robot1Teleop].part"),
    ('period = "fouls"', 'period = "foul"', "fields[minorFouls].period"),
    ('kind = "count"', 'kind = "number"', "fields[autoSampleNet].kind"),
    ('credit = "opponent"', 'credits = "opponent"', "fields[minorFouls].credits"),
    ('credit = "opponent"', 'credit = "them"', "fields[minorFouls].credit"),
    ("robot = 2", "robot = 3", "fields[robot2Auto].robot"),
    ('kind = "choice"\nperiod = "auto"', 'kind = "choice"\nmin = 0\nperiod = "auto"',
     "fields[robot1Auto].min"),
    ('id = "autoSampleLow"', 'id = "autoSampleNet"', "fields[3].id"),
    ('id = "autoSampleLow"', 'id = "auto sample low"', "fields[3].id"),
    ('{ id = "ASCENT_3", points = 30,', '{ id = "ASCENT_3", points = 30.0,',
     "fields[robot1Teleop].choices[4].points"),
    ('{ id = "ASCENT_3", points = 30,', '{ id = "ASCENT_2", points = 30,',
     "fields[robot1Teleop].choices[4].id"),
    ('kk = "Жеңіл ереже бұзушылықтар", ', "", "fields[minorFouls].title.kk"),
    ('en = "Major fouls"', 'en = ""', "fields[majorFouls].title.en"),
    ('en = "Committed by this alliance; 5 points each go to the opponent"', 'de = "x"',
     "fields[minorFouls].hint.de"),
    ("win = 2", "win = true", "ranking.win"),
    ('rp = "record"', 'rp = "elo"', "ranking.rp"),
    ('of = "endgame"', 'of = "end"', "ranking.keys[1].of"),
    ('agg = "max"', 'agg = "median"', "ranking.keys[2].agg"),
    ('tiebreakers = ["penalty", "auto"', 'tiebreakers = ["penalties", "auto"',
     "playoff.tiebreakers[0]"),
    ("[playoff]\ntiebreakers", "[playoff]\ntie_breakers", "playoff.tie_breakers"),
    ("teleop = 120", "teleop = 120\nmatch = 150", "timing.auto"),  # one form or the other
    ('rp = "record"', 'rp = "record"\nranked_rounds = 3', "ranking.ranked_rounds"),
    ('rp = "record"', 'rp = "best"', "ranking.practice_rounds"),
    ("points = 8\n", "points = 8\ndefault = 100\n", "fields[autoSampleHigh].default"),
    ("points = 8\n", "points = 8\nscored = 0\n", "fields[autoSampleHigh].scored"),
    ('kind = "count"', 'kind = "computed"', "fields[autoSampleNet].max"),
    ('[ranking]', '[judging]\n\n[ranking]', "judging"),
]


@pytest.mark.parametrize("old, new, key", BREAKAGES, ids=[b[2] for b in BREAKAGES])
def test_broken_season_file_names_the_key(tmp_path, old, new, key):
    text = ITD_FILE.read_text(encoding="utf-8")
    assert old in text, "the breakage no longer applies to the shipped file"
    path = tmp_path / f"{ITD}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(scoring.SeasonFileError) as info:
        scoring.load_season_file(path)
    assert info.value.key == key
    assert str(path) in str(info.value) and key in str(info.value)


@pytest.mark.parametrize(
    "old, new, key",
    [('game = "alliance"\n', "", "game"), ("[timing]", "[timings]", "timings")],
)
def test_missing_or_misspelt_top_level_key(tmp_path, old, new, key):
    path = tmp_path / f"{ITD}.toml"
    path.write_text(ITD_FILE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(scoring.SeasonFileError) as info:
        scoring.load_season_file(path)
    assert info.value.key == key
    assert info.value.message in ("missing", "unknown key")


def test_invalid_toml(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('id = "x"\ntitle = {', encoding="utf-8")
    with pytest.raises(scoring.SeasonFileError, match="not valid TOML") as info:
        scoring.load_season_file(path)
    assert info.value.path == str(path)


def test_missing_file(tmp_path):
    with pytest.raises(scoring.SeasonFileError, match="cannot read"):
        scoring.load_season_file(tmp_path / "nope.toml")


def test_scoring_imports_only_the_standard_library():
    package = Path(scoring.__file__).parent
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", (source, name)
