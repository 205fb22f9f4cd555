"""FIRST LEGO League: SUBMERGED and UNEARTHED season files, the worked examples of fll.md §6,
and the schema extensions they use (team games, computed fields, constraints, unscored GP,
defaults, single-match timing, best-score ranking, judging)."""

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring

SUB = "fll-2024-submerged"
UNE = "fll-2025-unearthed"
SEASONS = (SUB, UNE)
LANGS = ("kk", "ru", "en")
SEASONS_DIR = Path(scoring.__file__).parent / "seasons"
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
MISSIONS = [f"m{n:02d}" for n in range(17)]


@pytest.fixture(scope="module")
def sub():
    return scoring.load_season(SUB)


@pytest.fixture(scope="module")
def une():
    return scoring.load_season(UNE)


def _season(season_id):
    return scoring.load_season(season_id)


# ---------------------------------------------------------------- fll.md §6 worked examples

SUB_A = {
    "m00_one_launch_area": True,
    "m01_coral_tree_hanging": "hanging",
    "m01_coral_buds_flipped": True,
    "m02_shark": "free",
    "m03_coral_reef_flipped_up": False,
    "m03_reef_segments": 2,
    "m04_scuba_diver": "released",
    "m05_angler_fish_latched": True,
    "m06_mast_raised": False,
    "m07_treasure_chest_removed": True,
    "m08_stack_segments": 2,
    "m09_creature": "released",
    "m10_yellow_flag_down": True,
    "m10_sub_closer_opposing_field": False,
    "m11_whales_revealed": "one",
    "m12_krill": 3,
    "m13_new_shipping_lane": True,
    "m14_water_sample": True,
    "m14_seabed_sample": True,
    "m14_plankton_sample": False,
    "m14_trident_pieces": 1,
    "m15b_water_sample": True,
    "m15b_seabed_sample": False,
    "m15b_plankton_sample": False,
    "m15b_treasure": True,
    "m15b_trident": 1,
    "m15b_port_latch": True,
    "m16_precision_tokens": "t4",
}
SUB_A_PARTS = [20, 40, 20, 10, 20, 30, 0, 20, 20, 20, 30, 20, 30, 20, 35, 35, 35]
SUB_A_RUNNING = [20, 60, 80, 90, 110, 140, 140, 160, 180, 200, 230, 250, 280, 300, 335, 370, 405]

SUB_B = {
    "m00_one_launch_area": False,
    "m02_shark": "free",
    "m06_mast_raised": True,
    "m08_stack_segments": 1,
    "m10_yellow_flag_down": True,
    "m10_sub_closer_opposing_field": True,
    "m13_new_shipping_lane": True,
    "m14_seabed_sample": True,
    "m15b_seabed_sample": True,
    "m16_precision_tokens": "t2",
}

SUB_C = {
    "m00_one_launch_area": True,
    "m01_coral_tree_hanging": "in_holder",
    "m01_coral_buds_flipped": True,
    "m02_shark": "in_habitat",
    "m03_coral_reef_flipped_up": True,
    "m03_reef_segments": 3,
    "m04_scuba_diver": "hanging",
    "m05_angler_fish_latched": True,
    "m06_mast_raised": True,
    "m07_treasure_chest_removed": True,
    "m08_stack_segments": 4,
    "m09_creature": "in_cold_seep",
    "m10_yellow_flag_down": True,
    "m10_sub_closer_opposing_field": True,
    "m11_whales_revealed": "two",
    "m12_krill": 5,
    "m13_new_shipping_lane": True,
    "m14_water_sample": True,
    "m14_seabed_sample": True,
    "m14_plankton_sample": True,
    "m14_trident_pieces": 2,
    "m15b_water_sample": True,
    "m15b_seabed_sample": True,
    "m15b_plankton_sample": True,
    "m15b_treasure": True,
    "m15b_trident": 2,
    "m15b_port_latch": True,
    "m16_precision_tokens": "t6",
}

UNE_A = {
    "m00_one_launch_area": True,
    "m01_soil_deposits": 2,
    "m01_brush_not_touching_dig_site": True,
    "m02_topsoil_sections": 2,
    "m03_team_cart_on_opposing_field": True,
    "m03_opposing_cart_on_your_field": True,
    "m04_artifact_not_touching_mine": True,
    "m04_supports_standing": True,
    "m05_structure_floor_upright": False,
    "m06_ore_blocks": 2,
    "m07_millstone_not_touching": True,
    "m08_preserved_pieces": 1,
    "m09_roof_raised": True,
    "m09_market_wares_raised": False,
    "m10_scale_tipped": True,
    "m10_pan_removed": True,
    "m11_artifacts_raised": False,
    "m11_flag_partly_lowered": False,
    "m12_sand_cleared": True,
    "m12_ship_raised": False,
    "m13_statue_raised": False,
    "m14_brush": True,
    "m14_topsoil": True,
    "m14_precious_artifact": True,
    "m14_opposing_minecart": False,
    "m14_ore_with_fossil": True,
    "m14_millstone": False,
    "m14_scale_pan": True,
    "m15_flags": 2,
    "m16_precision_tokens": "t5",
}
UNE_A_PARTS = [20, 30, 20, 40, 40, 0, 20, 30, 10, 20, 30, 0, 20, 0, 25, 20, 50]
UNE_A_RUNNING = [20, 50, 70, 110, 150, 150, 170, 200, 210, 230, 260, 260, 280, 280, 305, 325, 375]

UNE_B = {  # m04_supports_standing left at its default (yes)
    "m01_soil_deposits": 1,
    "m02_topsoil_sections": 1,
    "m03_team_cart_on_opposing_field": False,
    "m03_opposing_cart_on_your_field": True,
    "m04_artifact_not_touching_mine": False,
    "m05_structure_floor_upright": True,
    "m13_statue_raised": True,
    "m15_flags": 1,
    "m16_precision_tokens": "t3",
}


def _max_value(field):
    """The input value worth most points (bool True, count max, best choice)."""
    if field.kind == "bool":
        return True
    if field.kind == "count":
        return field.max
    return max(field.choices, key=lambda c: c.points).id


UNE_C = {f.id: _max_value(f) for f in scoring.load_season(UNE).inputs if f.scored}


def test_submerged_example_a(sub):
    b = sub.score(SUB_A)
    assert list(b.parts) == MISSIONS
    assert list(b.parts.values()) == SUB_A_PARTS
    assert list(itertools.accumulate(b.parts.values())) == SUB_A_RUNNING
    assert b.total == b.np_total == 405
    assert b.items["m14_trident"] == 20 and b.items["m14_trident_pieces"] == 0
    assert b.items["m15b_trident"] == 5
    assert b.recorded == {"gp_score": 3}
    assert sub.violations(sub.validate(SUB_A)) == []


def test_submerged_example_b(sub):
    b = sub.score(SUB_B)
    assert b.total == 150
    assert {m: p for m, p in b.parts.items() if p} == {
        "m02": 20, "m06": 30, "m08": 10, "m10": 40, "m13": 20, "m14": 10, "m15": 5, "m16": 15,
    }


def test_submerged_example_b_invalid_variant_is_rejected(sub):
    message = "M15: the water sample can be in the vessel only if it was removed in M14"
    sheet = {**SUB_B, "m15b_water_sample": True}
    for call in (sub.validate, sub.score):
        with pytest.raises(scoring.ScoreSheetError) as info:
            call(sheet)
        assert info.value.errors == [
            ("m15b_water_sample", message), ("m14_water_sample", message),
        ]
        assert info.value.constraints == ["R1"]
        assert "m15b_water_sample" in str(info.value)
    assert [c.id for c in sub.violations(sheet)] == ["R1"]


def test_submerged_example_c_perfect(sub):
    b = sub.score(SUB_C)
    assert b.total == 620
    assert b.parts["m14"] == 55 and b.items["m14_trident"] == 30  # not 2 × something
    assert b.parts["m15"] == 50 and b.items["m15b_trident"] == 10  # R5 holds: 2 ≤ 2
    assert b.parts["m01"] == 50 and b.parts["m16"] == 50


def test_unearthed_example_a(une):
    b = une.score(UNE_A)
    assert list(b.parts) == MISSIONS
    assert list(b.parts.values()) == UNE_A_PARTS
    assert list(itertools.accumulate(b.parts.values())) == UNE_A_RUNNING
    assert b.total == 375
    assert b.items["m03_both_carts"] == 10


def test_unearthed_example_b_m03_edge_case(une):
    b = une.score(UNE_B)
    assert b.total == 125
    assert b.parts["m03"] == 0 and b.items["m03_both_carts"] == 0
    assert b.parts["m04"] == 10  # supports standing, by default
    assert {m: p for m, p in b.parts.items() if p} == {
        "m01": 10, "m02": 10, "m04": 10, "m05": 30, "m13": 30, "m15": 10, "m16": 25,
    }


def test_unearthed_example_c_perfect(une):
    b = une.score(UNE_C)
    assert b.total == 545
    assert list(b.parts.values()) == [
        20, 30, 30, 40, 40, 30, 30, 30, 30, 30, 30, 30, 30, 30, 35, 30, 50,
    ]


def _best_points(field):
    if field.kind == "computed":
        return max(0, *(c.points for c in field.cases))
    if field.kind == "bool":
        return max(field.score(False), field.score(True))
    if field.kind == "count":
        return max(field.score(v) for v in range(field.min, field.max + 1))
    return max(c.points for c in field.choices)


@pytest.mark.parametrize("season_id, maximum", [(SUB, 620), (UNE, 545)])
def test_maximum_by_enumerating_every_field(season_id, maximum):
    season = _season(season_id)
    assert sum(_best_points(f) for f in season.fields if f.scored) == maximum
    best = {f.id: _max_value(f) for f in season.inputs}
    assert season.score(best).total == maximum
    assert season.score(best).recorded == {"gp_score": 4}
    assert season.score(SUB_C if season_id == SUB else UNE_C).total == maximum


# ---------------------------------------------------------------- file content

SUB_IDS = {
    "m00": ["m00_one_launch_area"],
    "m01": ["m01_coral_tree_hanging", "m01_coral_buds_flipped"],
    "m02": ["m02_shark"],
    "m03": ["m03_coral_reef_flipped_up", "m03_reef_segments"],
    "m04": ["m04_scuba_diver"],
    "m05": ["m05_angler_fish_latched"],
    "m06": ["m06_mast_raised"],
    "m07": ["m07_treasure_chest_removed"],
    "m08": ["m08_stack_segments"],
    "m09": ["m09_creature"],
    "m10": ["m10_yellow_flag_down", "m10_sub_closer_opposing_field"],
    "m11": ["m11_whales_revealed"],
    "m12": ["m12_krill"],
    "m13": ["m13_new_shipping_lane"],
    "m14": ["m14_water_sample", "m14_seabed_sample", "m14_plankton_sample",
            "m14_trident_pieces", "m14_trident"],
    "m15": ["m15b_water_sample", "m15b_seabed_sample", "m15b_plankton_sample",
            "m15b_treasure", "m15b_trident", "m15b_port_latch"],
    "m16": ["m16_precision_tokens"],
    None: ["gp_score"],
}
UNE_IDS = {
    "m00": ["m00_one_launch_area"],
    "m01": ["m01_soil_deposits", "m01_brush_not_touching_dig_site"],
    "m02": ["m02_topsoil_sections"],
    "m03": ["m03_team_cart_on_opposing_field", "m03_opposing_cart_on_your_field",
            "m03_both_carts"],
    "m04": ["m04_artifact_not_touching_mine", "m04_supports_standing"],
    "m05": ["m05_structure_floor_upright"],
    "m06": ["m06_ore_blocks"],
    "m07": ["m07_millstone_not_touching"],
    "m08": ["m08_preserved_pieces"],
    "m09": ["m09_roof_raised", "m09_market_wares_raised"],
    "m10": ["m10_scale_tipped", "m10_pan_removed"],
    "m11": ["m11_artifacts_raised", "m11_flag_partly_lowered"],
    "m12": ["m12_sand_cleared", "m12_ship_raised"],
    "m13": ["m13_statue_raised"],
    "m14": ["m14_brush", "m14_topsoil", "m14_precious_artifact", "m14_opposing_minecart",
            "m14_ore_with_fossil", "m14_millstone", "m14_scale_pan"],
    "m15": ["m15_flags"],
    "m16": ["m16_precision_tokens"],
    None: ["gp_score"],
}

# field id -> (kind, min, max, points) or (kind, {choice: points}); fll.md §2 and §3
SUB_POINTS = {
    "m00_one_launch_area": ("bool", 20),
    "m01_coral_tree_hanging": ("choice", {"not_hanging": 0, "hanging": 20, "in_holder": 30}),
    "m01_coral_buds_flipped": ("bool", 20),
    "m02_shark": ("choice", {"in_cave": 0, "free": 20, "in_habitat": 30}),
    "m03_coral_reef_flipped_up": ("bool", 20),
    "m03_reef_segments": ("count", 3, 5),
    "m04_scuba_diver": ("choice", {"on_nursery": 0, "released": 20, "hanging": 40}),
    "m05_angler_fish_latched": ("bool", 30),
    "m06_mast_raised": ("bool", 30),
    "m07_treasure_chest_removed": ("bool", 20),
    "m08_stack_segments": ("count", 4, 10),
    "m09_creature": ("choice", {"not_released": 0, "released": 20, "in_cold_seep": 30}),
    "m10_yellow_flag_down": ("bool", 30),
    "m10_sub_closer_opposing_field": ("bool", 10),
    "m11_whales_revealed": ("choice", {"none": 0, "one": 20, "two": 30}),
    "m12_krill": ("count", 5, 10),
    "m13_new_shipping_lane": ("bool", 20),
    "m14_water_sample": ("bool", 5),
    "m14_seabed_sample": ("bool", 10),
    "m14_plankton_sample": ("bool", 10),
    "m14_trident_pieces": ("count", 2, 0),
    "m15b_water_sample": ("bool", 5),
    "m15b_seabed_sample": ("bool", 5),
    "m15b_plankton_sample": ("bool", 5),
    "m15b_treasure": ("bool", 5),
    "m15b_trident": ("count", 2, 5),
    "m15b_port_latch": ("bool", 20),
}
UNE_POINTS = {
    "m00_one_launch_area": ("bool", 20),
    "m01_soil_deposits": ("count", 2, 10),
    "m01_brush_not_touching_dig_site": ("bool", 10),
    "m02_topsoil_sections": ("count", 3, 10),
    "m03_team_cart_on_opposing_field": ("bool", 30),
    "m03_opposing_cart_on_your_field": ("bool", 0),
    "m04_artifact_not_touching_mine": ("bool", 30),
    "m04_supports_standing": ("bool", 10),
    "m05_structure_floor_upright": ("bool", 30),
    "m06_ore_blocks": ("count", 3, 10),
    "m07_millstone_not_touching": ("bool", 30),
    "m08_preserved_pieces": ("count", 3, 10),
    "m09_roof_raised": ("bool", 20),
    "m09_market_wares_raised": ("bool", 10),
    "m10_scale_tipped": ("bool", 20),
    "m10_pan_removed": ("bool", 10),
    "m11_artifacts_raised": ("bool", 20),
    "m11_flag_partly_lowered": ("bool", 10),
    "m12_sand_cleared": ("bool", 20),
    "m12_ship_raised": ("bool", 10),
    "m13_statue_raised": ("bool", 30),
    **{f: ("bool", 5) for f in UNE_IDS["m14"]},
    "m15_flags": ("count", 3, 10),
}
TOKENS = {"t0": 0, "t1": 10, "t2": 15, "t3": 25, "t4": 35, "t5": 50, "t6": 50}


@pytest.mark.parametrize("season_id, ids", [(SUB, SUB_IDS), (UNE, UNE_IDS)])
def test_field_ids_by_mission(season_id, ids):
    season = _season(season_id)
    by_part = {}
    for f in season.fields:
        by_part.setdefault(f.part, []).append(f.id)
    assert by_part == ids
    assert [f.id for f in season.fields] == [i for ids_ in ids.values() for i in ids_]
    assert [p for p, _ in season.parts] == MISSIONS
    assert [p for p, _ in season.periods] == ["missions", "gp"]
    for f in season.fields:
        assert f.period == ("gp" if f.id == "gp_score" else "missions"), f.id
        assert f.robot is None and f.credit == "self"
    for (pid, titles), n in zip(season.parts, range(17), strict=True):
        assert titles["en"].startswith(f"M{n:02d} "), pid


@pytest.mark.parametrize("season_id, table", [(SUB, SUB_POINTS), (UNE, UNE_POINTS)])
def test_points_as_in_fll_md(season_id, table):
    season = _season(season_id)
    for field_id, spec in table.items():
        f = season.field(field_id)
        assert f.kind == spec[0] and f.scored, field_id
        if f.kind == "bool":
            assert f.points == spec[1], field_id
        elif f.kind == "count":
            assert (f.min, f.max, f.points) == (0, spec[1], spec[2]), field_id
        else:
            assert {c.id: c.points for c in f.choices} == spec[1], field_id
    tokens = season.field("m16_precision_tokens")
    assert {c.id: c.points for c in tokens.choices} == TOKENS
    assert [c.id for c in tokens.choices] == list(TOKENS) and tokens.default == "t6"
    computed = {f.id for f in season.fields if not f.is_input}
    assert set(table) | computed | {"m16_precision_tokens", "gp_score"} == {
        f.id for f in season.fields
    }


@pytest.mark.parametrize("season_id", SEASONS)
def test_gp_is_recorded_not_scored(season_id):
    season = _season(season_id)
    gp = season.field("gp_score")
    assert (gp.kind, gp.min, gp.max, gp.default, gp.scored, gp.part) == (
        "count", 2, 4, 3, False, None,
    )
    sheet = SUB_A if season_id == SUB else UNE_A
    totals = set()
    for value in (2, 3, 4):
        b = season.score({**sheet, "gp_score": value})
        totals.add(b.total)
        assert b.recorded == {"gp_score": value}
        assert "gp_score" not in b.items
        assert b.total == sum(b.parts.values()) == sum(b.items.values())
    assert totals == {405 if season_id == SUB else 375}
    for bad in (1, 5, True):
        with pytest.raises(scoring.ScoreSheetError) as info:
            season.score({"gp_score": bad})
        assert [name for name, _ in info.value.errors] == ["gp_score"]
        assert info.value.constraints == []


def test_blank_sheets_and_defaults(sub, une):
    assert sub.blank_sheet()["m16_precision_tokens"] == "t6"
    assert sub.blank_sheet()["gp_score"] == 3
    assert "m14_trident" not in sub.blank_sheet()
    blank = sub.score({})
    assert blank.total == 50 and blank.parts["m16"] == 50
    assert blank.recorded == {"gp_score": 3}

    assert une.blank_sheet()["m04_supports_standing"] is True
    assert une.field("m04_supports_standing").default is True
    assert "m03_both_carts" not in une.blank_sheet()
    # fll.md: every goal starts at 0 except tokens (6 → 50) and M04 supports standing (yes → 10)
    blank = une.score({})
    assert blank.total == 10 + 50 == 60
    assert {m: p for m, p in blank.parts.items() if p} == {"m04": 10, "m16": 50}
    for season in (sub, une):
        assert season.validate({}) == season.blank_sheet()
        assert list(season.blank_sheet()) == [f.id for f in season.inputs]


# ---------------------------------------------------------------- computed fields

@pytest.mark.parametrize("pieces, points", [(0, 0), (1, 20), (2, 30)])
def test_trident_is_computed_from_the_pieces(sub, pieces, points):
    b = sub.score({"m14_trident_pieces": pieces})
    assert b.items["m14_trident"] == points and b.items["m14_trident_pieces"] == 0
    assert b.parts["m14"] == points


@pytest.mark.parametrize("own, theirs", list(itertools.product([False, True], repeat=2)))
def test_m03_bonus_needs_both_carts(une, own, theirs):
    b = une.score({"m03_team_cart_on_opposing_field": own,
                   "m03_opposing_cart_on_your_field": theirs})
    assert b.items["m03_both_carts"] == (10 if own and theirs else 0)
    assert b.parts["m03"] == 30 * own + (10 if own and theirs else 0)


def test_computed_field_description(sub, une):
    trident = sub.field("m14_trident")
    assert (trident.kind, trident.part, trident.default, trident.is_input) == (
        "computed", "m14", None, False,
    )
    assert [(c.when, c.points) for c in trident.cases] == [
        ({"m14_trident_pieces": 1}, 20), ({"m14_trident_pieces": 2}, 30),
    ]
    data = trident.to_dict("en")
    assert data["cases"] == [
        {"when": {"m14_trident_pieces": 1}, "points": 20},
        {"when": {"m14_trident_pieces": 2}, "points": 30},
    ]
    assert data["scored"] is True and data["kind"] == "computed"
    carts = une.field("m03_both_carts").cases
    assert len(carts) == 1 and carts[0].points == 10
    assert set(carts[0].when) == {
        "m03_team_cart_on_opposing_field", "m03_opposing_cart_on_your_field",
    }
    assert sub.field("m12_krill").to_dict()["cases"] is None
    with pytest.raises(ValueError):
        trident.score(1)
    with pytest.raises(ValueError):
        sub.field("m12_krill").compute({})


@pytest.mark.parametrize("season_id, field_id", [(SUB, "m14_trident"), (UNE, "m03_both_carts")])
def test_a_sheet_may_not_set_a_computed_field(season_id, field_id):
    season = _season(season_id)
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.validate({field_id: 10})
    assert info.value.errors == [(field_id, "computed from other fields, not an input")]
    assert field_id not in season.validate({})


# ---------------------------------------------------------------- constraints

SUB_CONSTRAINTS = {
    "R1": ("m15b_water_sample", "m14_water_sample"),
    "R2": ("m15b_seabed_sample", "m14_seabed_sample"),
    "R3": ("m15b_plankton_sample", "m14_plankton_sample"),
    "R4": ("m15b_treasure", "m07_treasure_chest_removed"),
    "R5": ("m15b_trident", "m14_trident_pieces"),
}
UNE_CONSTRAINTS = {
    "R1": ("m14_brush", "m01_brush_not_touching_dig_site"),
    "R2": ("m14_topsoil", "m02_topsoil_sections"),
    "R3": ("m14_precious_artifact", "m04_artifact_not_touching_mine"),
    "R4": ("m14_ore_with_fossil", "m06_ore_blocks"),
    "R5": ("m14_millstone", "m07_millstone_not_touching"),
    "R6": ("m14_scale_pan", "m10_pan_removed"),
    "R7": ("m11_flag_partly_lowered", "m11_artifacts_raised"),
}
ALL_CONSTRAINTS = [(SUB, cid, terms) for cid, terms in SUB_CONSTRAINTS.items()] + [
    (UNE, cid, terms) for cid, terms in UNE_CONSTRAINTS.items()
]


def _high(field):
    return True if field.kind == "bool" else field.max


def _low(field):
    return False if field.kind == "bool" else 0


@pytest.mark.parametrize("season_id, cid, terms", ALL_CONSTRAINTS,
                         ids=[f"{s}-{c}" for s, c, _ in ALL_CONSTRAINTS])
def test_each_constraint_trips_and_names_its_fields(season_id, cid, terms):
    season = _season(season_id)
    c = next(c for c in season.constraints if c.id == cid)
    later, earlier = terms  # "later ≤ earlier"; the later mission's card shows the message
    assert c.terms == ((later, -1), (earlier, 1)) and (c.min, c.max) == (0, None)
    assert set(c.message) == set(LANGS) and all(c.message.values())
    assert c.message["en"].startswith(season.field(later).part.upper() + ": ")
    assert c.message["kk"].startswith(season.field(later).part.upper() + ": ")

    high_later = _high(season.field(later))
    bad = {later: high_later, earlier: _low(season.field(earlier))}
    with pytest.raises(scoring.ScoreSheetError) as info:
        season.score(bad)
    assert info.value.errors == [(later, c.message["en"]), (earlier, c.message["en"])]
    assert info.value.constraints == [cid]
    assert season.violations(bad) == [c]

    # equal is fine: the later value may match the earlier one
    ok = {later: high_later, earlier: _high(season.field(earlier))}
    if season.field(earlier).kind == "count" and season.field(later).kind == "bool":
        ok[earlier] = 1  # at least ONE (R2 topsoil, R4 ore)
    assert season.violations(ok) == []
    season.score(ok)


def test_constraints_in_declaration_order(sub, une):
    assert [c.id for c in sub.constraints] == list(SUB_CONSTRAINTS)
    assert [c.id for c in une.constraints] == list(UNE_CONSTRAINTS)


def test_several_violations_reported_together(une):
    sheet = {"m14_brush": True, "m11_flag_partly_lowered": True}
    with pytest.raises(scoring.ScoreSheetError) as info:
        une.validate(sheet)
    assert info.value.constraints == ["R1", "R7"]
    assert [name for name, _ in info.value.errors] == [
        "m14_brush", "m01_brush_not_touching_dig_site",
        "m11_flag_partly_lowered", "m11_artifacts_raised",
    ]


def test_field_problems_come_before_constraints(sub):
    sheet = {"m15b_water_sample": True, "m12_krill": 6}  # breaks R1 and a range
    with pytest.raises(scoring.ScoreSheetError) as info:
        sub.validate(sheet)
    assert [name for name, _ in info.value.errors] == ["m12_krill"]
    assert info.value.constraints == []


# ---------------------------------------------------------------- team matches, ranking

def test_score_match_for_a_team_game(sub):
    result = sub.score_match(SUB_A, SUB_B)
    assert (result.red.total, result.blue.total, result.winner) == (405, 150, "red")
    assert result.red == sub.score(SUB_A) and result.blue == sub.score(SUB_B)
    assert sub.score_match(SUB_B, SUB_A).winner == "blue"
    tie = sub.score_match(SUB_B, {**SUB_B, "gp_score": 4})
    assert tie.winner == "tie" and sub.playoff_winner(tie) == "tie"
    assert json.loads(json.dumps(result.to_dict()))["red"]["recorded"] == {"gp_score": 3}


def test_score_match_reports_both_team_sheets(sub):
    with pytest.raises(scoring.ScoreSheetError) as info:
        sub.score_match({"m15b_treasure": True}, {"m12_krill": -1})
    assert [name for name, _ in info.value.errors] == [
        "red.m15b_treasure", "red.m07_treasure_chest_removed", "blue.m12_krill",
    ]
    assert info.value.constraints == ["red.R4"]


@pytest.mark.parametrize("season_id", SEASONS)
def test_timing_and_ranking(season_id):
    season = _season(season_id)
    t = season.timing
    assert (t.match, t.auto, t.transition, t.teleop, t.endgame) == (150, 0, 0, 0, 0)
    assert t.phases() == [("match", 150)]
    r = season.ranking
    assert (r.rp, r.ranked_rounds, r.practice_rounds, r.keys) == ("best", 3, 1, ())
    assert (r.win, r.tie, r.loss) == (0, 0, 0)
    assert (season.game, season.alliance_size, season.playoff_tiebreakers) == ("team", 1, ())


# ---------------------------------------------------------------- judging

IP_ROWS = ["ip_identify", "ip_design", "ip_create", "ip_iterate", "ip_communicate"]
RD_ROWS = ["rd_identify", "rd_design", "rd_create", "rd_iterate", "rd_communicate"]
CV_ROWS = ["cv_discovery", "cv_innovation", "cv_impact", "cv_inclusion", "cv_teamwork", "cv_fun"]
AWARDS = {  # id: (basis, area, judged, count)
    "champions": ("champions", None, True, 1),
    "innovation_project": ("area", "innovation_project", True, 1),
    "robot_design": ("area", "robot_design", True, 1),
    "core_values": ("area", "core_values", True, 1),
    "robot_performance": ("robot_game", None, False, 3),
    "coach_mentor": ("nomination", None, False, 1),
    "breakthrough": ("nomination", None, True, 1),
    "rising_all_star": ("nomination", None, True, 1),
    "motivate": ("nomination", None, True, 1),
    "engineering_excellence": ("nomination", None, True, 1),
}


@pytest.mark.parametrize("season_id", SEASONS)
def test_judging(season_id):
    j = _season(season_id).judging
    assert isinstance(j, scoring.Judging)
    assert [lid for lid, _ in j.levels] == ["beginning", "developing", "accomplished", "exceeds"]
    assert [(a.id, a.include_gp) for a in j.areas] == [
        ("innovation_project", False), ("robot_design", False), ("core_values", True),
    ]
    assert [r.id for r in j.rows_of("innovation_project")] == IP_ROWS
    assert [r.id for r in j.rows_of("robot_design")] == RD_ROWS
    assert [r.id for r in j.rows_of("core_values")] == CV_ROWS
    assert [r.id for r in j.rows] == IP_ROWS + RD_ROWS + CV_ROWS
    for row in j.rows:
        assert len(row.levels) == 4 and len({lv["en"] for lv in row.levels}) == 4, row.id
        assert row.core_values == (row.area == "core_values")
    assert {a.id: (a.basis, a.area, a.judged, a.count) for a in j.awards} == AWARDS
    assert j.area("core_values").title["en"] == "Core Values"
    assert j.rubric_total("core_values", dict.fromkeys(CV_ROWS, 3)) == 18
    with pytest.raises(scoring.ScoreSheetError) as info:
        j.rubric_total("robot_design", {**dict.fromkeys(RD_ROWS[1:], 4), "rd_bogus": 2,
                                        "rd_iterate": 5})
    assert sorted(name for name, _ in info.value.errors) == [
        "rd_bogus", "rd_identify", "rd_iterate",
    ]
    with pytest.raises(KeyError):
        j.rubric_total("robots", {})


# ---------------------------------------------------------------- to_dict and translations

@pytest.mark.parametrize("season_id", SEASONS)
@pytest.mark.parametrize("lang", [None, *LANGS])
def test_to_dict(season_id, lang):
    season = _season(season_id)
    data = season.to_dict(lang)
    assert json.loads(json.dumps(data)) == data
    assert data["timing"]["match"] == 150 and data["timing"]["phases"] == [["match", 150]]
    assert [c["id"] for c in data["constraints"]] == [c.id for c in season.constraints]
    first = data["constraints"][0]
    assert first["min"] == 0 and first["max"] is None and list(first["terms"].values()) == [-1, 1]
    if lang is None:
        assert set(first["message"]) == set(LANGS)
    else:
        assert first["message"] == season.constraints[0].message[lang]
    gp = next(f for f in data["fields"] if f["id"] == "gp_score")
    assert (gp["scored"], gp["part"], gp["default"], gp["cases"]) == (False, None, 3, None)
    judging = data["judging"]
    assert [a["id"] for a in judging["awards"]] == list(AWARDS)
    assert len(judging["rows"]) == 16 and all(len(r["levels"]) == 4 for r in judging["rows"])
    if lang is not None:
        assert isinstance(judging["rows"][0]["levels"][0], str)
    r = data["ranking"]
    assert (r["rp"], r["ranked_rounds"], r["practice_rounds"], r["keys"]) == ("best", 3, 1, [])


def _all_titles(season):
    yield "title", season.title
    yield "ranking", season.ranking.title
    for pid, titles in season.periods + season.parts:
        yield pid, titles
    for f in season.fields:
        yield f.id, f.title
        if f.hint:
            yield f"{f.id} hint", f.hint
        for c in f.choices or ():
            yield f"{f.id}.{c.id}", c.title
    for c in season.constraints:
        yield c.id, c.message
    j = season.judging
    for lid, titles in j.levels:
        yield lid, titles
    for a in j.areas:
        yield a.id, a.title
    for r in j.rows:
        yield r.id, r.title
        for n, level in enumerate(r.levels):
            yield f"{r.id}[{n}]", level
    for a in j.awards:
        yield a.id, a.title


@pytest.mark.parametrize("season_id", SEASONS)
def test_every_user_string_in_kk_ru_en(season_id):
    season = _season(season_id)
    differ = 0
    titles = list(_all_titles(season))
    for where, t in titles:
        assert set(t) == set(LANGS), where
        assert all(isinstance(v, str) and v.strip() for v in t.values()), where
        assert not KAZAKH_ONLY.search(t["ru"]), f"{where}: Kazakh letters in the ru text"
        assert not re.search(r"[А-Яа-яЁё]", t["en"]), f"{where}: Cyrillic in the en text"
        differ += t["kk"] != t["ru"]
    assert differ > 0.9 * len(titles)
    kazakh = "".join(t["kk"] for _, t in titles)
    assert set("әғқңөұүі") <= set(kazakh.lower())  # proper Kazakh Cyrillic, not Russian
    for c in season.constraints:
        assert KAZAKH_ONLY.search(c.message["kk"]), c.id
    for r in season.judging.rows:
        assert all(KAZAKH_ONLY.search(level["kk"]) for level in r.levels), r.id


# ---------------------------------------------------------------- property: any sheet

def _value(field):
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "count":
        return st.integers(field.min, field.max)
    return st.sampled_from([c.id for c in field.choices])


def _sheets(season):
    return st.fixed_dictionaries({}, optional={f.id: _value(f) for f in season.inputs})


@pytest.mark.parametrize("season_id, maximum", [(SUB, 620), (UNE, 545)])
def test_any_field_valid_sheet_scores_or_names_its_constraints(season_id, maximum):
    season = _season(season_id)

    @settings(max_examples=150, deadline=None)
    @given(_sheets(season))
    def check(sheet):
        violated = season.violations(sheet)
        try:
            b = season.score(sheet)
        except scoring.ScoreSheetError as exc:
            assert violated and exc.constraints == [c.id for c in violated]
            named = [name for c in violated for name, _ in c.terms]
            assert [name for name, _ in exc.errors] == named
            return
        assert not violated
        assert b.total == sum(b.parts.values()) == sum(b.items.values()) == b.np_total
        assert 0 <= b.total <= maximum
        assert set(b.items) == {f.id for f in season.fields if f.scored}
        assert b.recorded == {"gp_score": season.validate(sheet)["gp_score"]}

    check()


# ---------------------------------------------------------------- schema errors

def _line(season_id, start):
    """The whole line of the shipped file that starts with ``start`` (newline included)."""
    text = (SEASONS_DIR / f"{season_id}.toml").read_text(encoding="utf-8")
    return next(line + "\n" for line in text.splitlines() if line.startswith(start))


TRIDENT_CASES = ("cases = [\n  { when = { m14_trident_pieces = 1 }, points = 20 },\n"
                 "  { when = { m14_trident_pieces = 2 }, points = 30 },\n]\n")
R1_MESSAGE_EN = ', en = "M15: the water sample can be in the vessel only if it was removed in M14"'

# (season, text in the shipped file, its replacement, the key the error must name)
BREAKAGES = [
    # computed fields
    (SUB, "when = { m14_trident_pieces = 1 }", "when = { m14_trident_piece = 1 }",
     "fields[m14_trident].cases[0].when.m14_trident_piece"),
    (SUB, "when = { m14_trident_pieces = 2 }", "when = { m14_trident_pieces = 3 }",
     "fields[m14_trident].cases[1].when.m14_trident_pieces"),
    (SUB, "when = { m14_trident_pieces = 2 }", 'when = { m14_trident_pieces = "2" }',
     "fields[m14_trident].cases[1].when.m14_trident_pieces"),
    (SUB, "when = { m14_trident_pieces = 1 }", "when = { m14_trident = 1 }",
     "fields[m14_trident].cases[0].when.m14_trident"),
    (SUB, "when = { m14_trident_pieces = 1 }", "when = {}", "fields[m14_trident].cases[0].when"),
    (SUB, "when = { m14_trident_pieces = 1 }", "when = 1", "fields[m14_trident].cases[0].when"),
    (SUB, "points = 20 },", "points = 20.5 },", "fields[m14_trident].cases[0].points"),
    (SUB, "points = 20 },", "points = 20, bonus = 1 },", "fields[m14_trident].cases[0].bonus"),
    (SUB, TRIDENT_CASES, "", "fields[m14_trident].cases"),
    (SUB, TRIDENT_CASES, "cases = []\n", "fields[m14_trident].cases"),
    (SUB, 'kind = "computed"\n', 'kind = "computed"\npoints = 5\n', "fields[m14_trident].points"),
    (SUB, 'kind = "computed"\n', 'kind = "computed"\ndefault = 0\n',
     "fields[m14_trident].default"),
    (SUB, 'kind = "computed"\n', 'kind = "computed"\nscored = false\n',
     "fields[m14_trident].scored"),
    (SUB, 'id = "m12_krill"\nkind = "count"\n', 'id = "m12_krill"\nkind = "count"\ncases = []\n',
     "fields[m12_krill].cases"),
    (UNE, "m03_opposing_cart_on_your_field = true }", "m03_opposing_cart_on_your_field = 2 }",
     "fields[m03_both_carts].cases[0].when.m03_opposing_cart_on_your_field"),
    (UNE, "m03_opposing_cart_on_your_field = true }", 'm03_opposing_cart_on_your_field = "y" }',
     "fields[m03_both_carts].cases[0].when.m03_opposing_cart_on_your_field"),
    # constraints
    (SUB, "terms = { m15b_water_sample = -1, m14_water_sample = 1 }",
     "terms = { m15b_water_sample = -1, m14_water = 1 }", "constraints[R1].terms.m14_water"),
    (SUB, "terms = { m15b_water_sample = -1, m14_water_sample = 1 }",
     "terms = { m15b_water_sample = -1, m14_water_sample = 0 }",
     "constraints[R1].terms.m14_water_sample"),
    (SUB, "terms = { m15b_water_sample = -1, m14_water_sample = 1 }",
     "terms = { m15b_water_sample = -1, m14_water_sample = 1.0 }",
     "constraints[R1].terms.m14_water_sample"),
    (SUB, "terms = { m15b_water_sample = -1, m14_water_sample = 1 }",
     "terms = { m15b_water_sample = -1, m16_precision_tokens = 1 }",
     "constraints[R1].terms.m16_precision_tokens"),
    (SUB, "terms = { m15b_trident = -1, m14_trident_pieces = 1 }",
     "terms = { m15b_trident = -1, m14_trident = 1 }", "constraints[R5].terms.m14_trident"),
    (SUB, "terms = { m15b_water_sample = -1, m14_water_sample = 1 }", "terms = {}",
     "constraints[R1].terms"),
    (SUB, 'min = 0\nmessage = { kk = "M15: су', 'message = { kk = "M15: су', "constraints[R1].min"),
    (SUB, 'min = 0\nmessage = { kk = "M15: су', 'min = 0\nmax = -1\nmessage = { kk = "M15: су',
     "constraints[R1].max"),
    (SUB, 'min = 0\nmessage = { kk = "M15: су', 'min = "0"\nmessage = { kk = "M15: су',
     "constraints[R1].min"),
    (SUB, R1_MESSAGE_EN, "", "constraints[R1].message.en"),
    (SUB, 'id = "R2"', 'id = "R1"', "constraints[1].id"),
    (SUB, 'id = "R1"\n', 'id = "R1"\nseverity = 1\n', "constraints[R1].severity"),
    (SUB, "[[constraints]]  # M15 water", "[[constraint]]  # M15 water", "constraint"),
    # defaults
    (SUB, 'default = "t6"', 'default = "t7"', "fields[m16_precision_tokens].default"),
    (SUB, "default = 3", "default = 5", "fields[gp_score].default"),
    (SUB, "default = 3", 'default = "3"', "fields[gp_score].default"),
    (UNE, "default = true", "default = 1", "fields[m04_supports_standing].default"),
    # unscored fields
    (SUB, "scored = false", 'scored = "no"', "fields[gp_score].scored"),
    (SUB, "scored = false\n", "", "fields[gp_score].part"),
    (SUB, 'scored = false\nperiod = "gp"\n', 'scored = false\nperiod = "gp"\npart = "gp"\n',
     "fields[gp_score].part"),
    # timing and ranking
    (SUB, "match = 150", "match = 0", "timing.match"),
    (SUB, "match = 150", "match = 150\nendgame = 151", "timing.endgame"),
    (SUB, "match = 150", "match = 150\nauto = 30", "timing.auto"),
    (SUB, "ranked_rounds = 3", "ranked_rounds = 0", "ranking.ranked_rounds"),
    (SUB, "practice_rounds = 1\n", "", "ranking.practice_rounds"),
    (SUB, "practice_rounds = 1\n", "practice_rounds = -1\n", "ranking.practice_rounds"),
    (SUB, 'rp = "best"', 'rp = "record"', "ranking.ranked_rounds"),
    (SUB, 'rp = "best"', 'rp = "best"\nkeys = [1]', "ranking.keys[0]"),
    # judging
    (SUB, 'game = "team"', 'game = "alliance"', "judging"),
    (SUB, "[judging]\n", "[judging]\nscale = 4\n", "judging.scale"),
    (SUB, _line(SUB, '  { id = "exceeds"'), "", "judging.levels"),
    (SUB, 'id = "robot_design"\ntitle', 'id = "robotics"\ntitle', "judging.areas[1].id"),
    (SUB, "include_gp = true", 'include_gp = "yes"', "judging.areas[2].include_gp"),
    (SUB, '[[judging.areas]]\nid = "robot_design"\n',
     '[[judging.areas]]\nid = "robot_design"\ninclude_gp = true\n',
     "judging.areas[1].include_gp"),
    (SUB, 'id = "rd_identify"\narea = "robot_design"', 'id = "rd_identify"\narea = "robots"',
     "judging.rows[5].area"),
    (SUB, 'id = "rd_identify"', 'id = "ip_identify"', "judging.rows[5].id"),
    (SUB, _line(SUB, '  { kk = "Мәселе түсініксіз'), "", "judging.rows[0].levels"),
    (SUB, 'id = "cv_fun"\narea = "core_values"\n',
     'id = "cv_fun"\narea = "core_values"\ncore_values = false\n', "judging.rows[15].core_values"),
    (SUB, 'basis = "area"\narea = "robot_design"\n', 'basis = "area"\n',
     "judging.awards[2].area"),
    (SUB, 'basis = "robot_game"\n', 'basis = "robot_game"\narea = "robot_design"\n',
     "judging.awards[4].area"),
    (SUB, 'area = "core_values"\njudged', 'area = "values"\njudged', "judging.awards[3].area"),
    (SUB, 'basis = "nomination"', 'basis = "vote"', "judging.awards[5].basis"),
    (SUB, "count = 3", "count = -1", "judging.awards[4].count"),
    (SUB, "judged = false", 'judged = "no"', "judging.awards[4].judged"),
    (SUB, 'id = "motivate"', 'id = "breakthrough"', "judging.awards[8].id"),
]


@pytest.mark.parametrize("season_id, old, new, key", BREAKAGES,
                         ids=[f"{b[0][4:8]}-{b[3]}" for b in BREAKAGES])
def test_broken_fll_file_names_the_key(tmp_path, season_id, old, new, key):
    text = (SEASONS_DIR / f"{season_id}.toml").read_text(encoding="utf-8")
    assert old in text, "the breakage no longer applies to the shipped file"
    path = tmp_path / f"{season_id}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(scoring.SeasonFileError) as info:
        scoring.load_season_file(path)
    assert info.value.key == key
    assert str(path) in str(info.value) and key in str(info.value)


def test_best_ranking_takes_optional_record_keys(tmp_path):
    text = (SEASONS_DIR / f"{SUB}.toml").read_text(encoding="utf-8")
    path = tmp_path / f"{SUB}.toml"
    path.write_text(text.replace('rp = "best"', 'rp = "best"\nkeys = []\nwin = 1'),
                    encoding="utf-8")
    ranking = scoring.load_season_file(path).ranking
    assert (ranking.win, ranking.keys, ranking.ranked_rounds) == (1, (), 3)


# ---------------------------------------------------------------- a small custom team game

MINI = """
id = "mini-fll"
title = { kk = "Шағын ойын", ru = "Мини-игра", en = "Mini game" }
game = "team"
alliance_size = 1

[timing]
match = 150
endgame = 30

[[periods]]
id = "match"
title = { kk = "Матч", ru = "Матч", en = "Match" }

[[parts]]
id = "m01"
title = { kk = "Миссия", ru = "Миссия", en = "Mission" }

[[fields]]
id = "gate"
kind = "choice"
period = "match"
part = "m01"
title = { kk = "Қақпа", ru = "Ворота", en = "Gate" }
choices = [
  { id = "closed", points = 0, title = { kk = "Жабық", ru = "Закрыты", en = "Closed" } },
  { id = "open", points = 5, title = { kk = "Ашық", ru = "Открыты", en = "Open" } },
]

[[fields]]
id = "flag"
kind = "bool"
points = 0
default = true
period = "match"
part = "m01"
title = { kk = "Ту", ru = "Флаг", en = "Flag" }

[[fields]]
id = "combo"
kind = "computed"
period = "match"
part = "m01"
title = { kk = "Бонус", ru = "Бонус", en = "Bonus" }
hint = { kk = "Қақпа ашық және ту", ru = "Ворота открыты и флаг", en = "Gate open and flag" }
cases = [
  { when = { gate = "open", flag = 1 }, points = 15 },
  { when = { gate = "open" }, points = 3 },
]

[[constraints]]
id = "pair"
terms = { flag = 2, gate_pushes = -1 }
max = 1
message = { kk = "Тым көп", ru = "Слишком много", en = "Too many" }

[[fields]]
id = "gate_pushes"
kind = "count"
min = 0
max = 3
points = 1
period = "match"
part = "m01"
title = { kk = "Итеру", ru = "Толчки", en = "Pushes" }

[ranking]
rp = "best"
ranked_rounds = 1
practice_rounds = 0
title = { kk = "Ең жақсы", ru = "Лучший", en = "Best" }
"""


@pytest.fixture
def mini(tmp_path):
    path = tmp_path / "mini-fll.toml"
    path.write_text(MINI, encoding="utf-8")
    return scoring.load_season_file(path)


def test_cases_match_choices_and_ints_first_case_wins(mini):
    assert mini.timing.phases() == [("match", 150)] and mini.timing.endgame == 30
    assert mini.judging is None and mini.to_dict()["judging"] is None
    assert mini.blank_sheet() == {"gate": "closed", "flag": True, "gate_pushes": 0}
    assert mini.score({"gate": "open", "gate_pushes": 1}).items["combo"] == 15  # true == 1
    assert mini.score({"gate": "open", "flag": False}).items["combo"] == 3
    assert mini.score({"flag": False}).items["combo"] == 0


def test_constraint_with_a_max_and_coefficients(mini):
    # 2 × flag − pushes ≤ 1: a raised flag needs at least one push
    with pytest.raises(scoring.ScoreSheetError) as info:
        mini.validate({})
    assert info.value.errors == [("flag", "Too many"), ("gate_pushes", "Too many")]
    assert info.value.constraints == ["pair"]
    c = mini.constraints[0]
    assert (c.terms, c.min, c.max) == ((("flag", 2), ("gate_pushes", -1)), None, 1)
    assert c.value({"flag": True, "gate_pushes": 3}) == -1
    assert mini.violations({"gate_pushes": 1}) == []
