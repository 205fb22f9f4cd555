"""The match controller under a fake clock: phases at the right moments, abort, review, replay."""

import pytest

from tournament.clock import FakeClock
from tournament.controller import MatchController, MatchStateError, PhasePlan

PLAN = PhasePlan.from_timing(auto=30, transition=8, teleop=120, endgame=30)


@pytest.fixture
def published():
    return []


@pytest.fixture
def ctl(published):
    clock = FakeClock()
    c = MatchController(1, clock, lambda topic, payload: published.append((topic, payload)))
    c.load({"id": 7, "label": "Q7"}, PLAN)
    return c


def states(published):
    return [p["state"] for t, p in published if t == "match.state"]


def test_phases_follow_the_itd_timing(ctl, published):
    ctl.start()
    clock = ctl.clock
    assert ctl.state == "auto"
    clock.advance(29.999)
    assert ctl.state == "auto"
    clock.advance(0.001)
    assert ctl.state == "transition"
    clock.advance(8)
    assert ctl.state == "teleop"
    clock.advance(89.999)
    assert ctl.state == "teleop"
    clock.advance(0.001)
    assert ctl.state == "endgame"
    clock.advance(30)
    assert ctl.state == "ended"
    assert states(published) == ["loaded", "auto", "transition", "teleop", "endgame", "ended"]


def test_timing_is_published_once_at_start(ctl, published):
    ctl.start()
    ctl.clock.advance(200)
    timings = [p for t, p in published if t == "match.timing"]
    assert len(timings) == 1 and timings[0]["running"]
    assert [ph["name"] for ph in timings[0]["phases"]] == ["auto", "transition", "teleop",
                                                           "endgame"]
    assert sum(ph["duration_ms"] for ph in timings[0]["phases"]) == 158_000
    assert timings[0]["started_at_ms"] == round(ctl.clock.wall() * 1000) - 200_000


def test_transitions_are_stamped_at_their_deadline(ctl, published):
    ctl.start()
    start_ms = next(p["at_ms"] for t, p in published if t == "match.state"
                    and p["state"] == "auto")
    ctl.clock.advance(45)  # one advance passes two deadlines
    stamps = {p["state"]: p["at_ms"] - start_ms for t, p in published if t == "match.state"}
    assert stamps["transition"] == 30_000
    assert stamps["teleop"] == 38_000


def test_abort_cancels_the_remaining_phases(ctl, published):
    ctl.start()
    ctl.clock.advance(40)
    ctl.abort()
    ctl.clock.advance(500)
    assert ctl.state == "aborted"
    assert states(published)[-1] == "aborted"


def test_commit_is_refused_while_running_and_allowed_after_review(ctl):
    ctl.start()
    with pytest.raises(MatchStateError, match="cannot commit while the match is auto"):
        ctl.commit()
    ctl.clock.advance(158)
    ctl.hold_for_review()
    assert ctl.state == "review"
    ctl.commit()
    assert ctl.state == "committed"


def test_replay_loads_the_same_match_again(ctl):
    ctl.start()
    ctl.clock.advance(10)
    ctl.abort()
    ctl.replay()
    assert ctl.state == "loaded" and ctl.match["label"] == "Q7"
    ctl.start()
    ctl.clock.advance(30)
    assert ctl.state == "transition"


def test_cannot_load_over_a_running_match(ctl):
    ctl.start()
    with pytest.raises(MatchStateError, match="commit or abort"):
        ctl.load({"id": 8, "label": "Q8"}, PLAN)


def test_phase_at_attributes_a_moment_to_its_period(ctl):
    ctl.start()
    assert ctl.phase_at(29.99) == "auto"
    assert ctl.phase_at(30.0) == "transition"
    assert ctl.phase_at(157.9) == "endgame"
    assert ctl.phase_at(158.0) == "ended"


def test_a_pause_just_after_a_phase_ended_catches_up_on_resume(clock):
    from tournament.controller import MatchController, PhasePlan

    ctl = MatchController(1, clock, lambda topic, payload: None)
    ctl.load({"id": 1, "label": "Q1"}, PhasePlan.from_timing(30, 8, 120, 30))
    ctl.start()
    clock._now += 30.5  # the auto deadline passed, its timer has not run yet
    ctl.pause()
    clock.advance(100)
    assert ctl.state == "auto" and ctl.paused
    ctl.resume()
    assert ctl.state == "transition", "the missed phase change happens on resume"
    clock.advance(7.6)
    assert ctl.state == "teleop"
