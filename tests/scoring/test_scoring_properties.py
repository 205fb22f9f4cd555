"""Property tests: breakdowns add up, and fouls only ever help the other alliance."""

from hypothesis import given
from hypothesis import strategies as st

import scoring

SEASON = scoring.load_season("ftc-2024-into-the-deep")


def _value(field):
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "count":
        return st.integers(field.min, field.max)
    return st.sampled_from([c.id for c in field.choices])


# Any valid sheet; some inputs left out to exercise defaults.
sheets = st.fixed_dictionaries({}, optional={f.id: _value(f) for f in SEASON.fields})


def _check_additive(b):
    assert b.total == sum(b.parts.values()) == sum(b.items.values())
    assert list(b.parts) == [p for p, _ in SEASON.parts]
    assert b.np_total == b.total - b.parts["penalty"]
    assert all(v >= 0 for v in b.parts.values())


@given(sheets)
def test_single_breakdown_adds_up(sheet):
    b = SEASON.score(sheet)
    _check_additive(b)
    assert b.parts["penalty"] == 0 and b.np_total == b.total
    assert SEASON.validate(SEASON.validate(sheet)) == SEASON.validate(sheet)


@given(sheets, sheets)
def test_match_breakdowns_add_up(red, blue):
    result = SEASON.score_match(red, blue)
    for ours, theirs, alone in ((result.red, blue, red), (result.blue, red, blue)):
        _check_additive(ours)
        assert ours.np_total == SEASON.score(alone).total
        fouls = SEASON.validate(theirs)
        assert ours.parts["penalty"] == 5 * fouls["minorFouls"] + 15 * fouls["majorFouls"]
    totals = (result.red.total, result.blue.total)
    expected = "red" if totals[0] > totals[1] else "blue" if totals[1] > totals[0] else "tie"
    assert result.winner == expected
    flipped = SEASON.score_match(blue, red)
    assert (flipped.red, flipped.blue) == (result.blue, result.red)


@given(sheets, sheets, st.integers(0, 10), st.integers(0, 10))
def test_fouls_raise_only_the_other_total(red, blue, extra_minor, extra_major):
    before = SEASON.score_match(red, blue)
    clean = SEASON.validate(blue)
    more = dict(
        clean,
        minorFouls=min(clean["minorFouls"] + extra_minor, 50),
        majorFouls=min(clean["majorFouls"] + extra_major, 50),
    )
    after = SEASON.score_match(red, more)
    added = 5 * (more["minorFouls"] - clean["minorFouls"])
    added += 15 * (more["majorFouls"] - clean["majorFouls"])
    assert after.blue == before.blue  # the offender neither gains nor loses
    assert after.red.total == before.red.total + added
    assert after.red.np_total == before.red.np_total
