"""Devices at the event: a timer console over a real pty starts, pauses and aborts the match on
its field and shows its clock; sensor counts reach the live score in the period the device
timestamp says; an e-stop reaches the field display and the head referee and is logged."""

from __future__ import annotations

import gc
import time

import pytest
from factories import ADMIN, SCOREKEEPER, wait_until
from sqlalchemy import func, select

from hardware import Clock
from hardware.simulator import PtyEndpoint, SimulatedDevice
from tournament.collector import FullCollectionHold
from tournament.errors import ValidationError
from tournament.models import AuditEntry, ScoreSheet

CHANNELS = {"red_high": {"alliance": "red", "auto": "autoSampleHigh",
                         "teleop": "teleopSampleHigh"}}


@pytest.fixture
def db_url(tmp_path):  # the serial side is what is tested here: SQLite is enough
    return f"sqlite:///{tmp_path / 'devices.sqlite3'}"


@pytest.fixture
def console(venue, tmp_path):
    sim = SimulatedDevice("console", "TC-01", PtyEndpoint(str(tmp_path / "tc")))
    sim.start()
    venue.devices.bind(SCOREKEEPER, "TC-01", 1)
    venue.devices.start([sim.endpoint.url()], lock_path=str(tmp_path / "devices.lock"))
    wait_until(lambda: venue.devices.manager.link("TC-01") is not None, what="HELLO")
    yield sim
    venue.devices.stop()
    sim.stop()
    sim.endpoint.unplug()


def red_sheet(venue, match_id):
    with venue.db.session() as session:
        return session.scalar(select(ScoreSheet).where(ScoreSheet.match_id == match_id,
                                                       ScoreSheet.alliance == "red")).data


def test_the_console_starts_the_match_once_the_field_is_ready(venue, console, clock):
    venue.load_match(SCOREKEEPER, 1)
    wait_until(lambda: console.display == "READY?", what="READY? on the console")
    console.press("start")
    wait_until(lambda: console.display == "NOT READY", what="the refusal")
    assert venue.controller(1).state == "loaded"
    console.press("ready")
    wait_until(lambda: console.display == "READY", what="READY")
    console.press("start")
    wait_until(lambda: venue.controller(1).state == "auto", what="the start")
    wait_until(lambda: console.display == "AUTO 0:30" and console.lamps.get("green") == "on",
               what="the clock and the green light")
    assert 600 in console.buzzes
    # The console counts down itself from what the server said at the start.
    assert console.acted[-1] == Clock("AUTO", 30000, "run") or Clock(
        "AUTO", 30000, "run") in console.acted
    clock.advance(3)
    console.press("pause")
    wait_until(lambda: venue.controller(1).paused, what="the pause")
    wait_until(lambda: console.display == "PAUSED 0:27", what="the held clock")
    clock.advance(60)
    assert venue.controller(1).state == "auto", "a held clock ends no phase"
    console.press("resume")
    wait_until(lambda: not venue.controller(1).paused, what="the resume")
    clock.advance(27.5)
    assert venue.controller(1).state == "transition"
    console.press("abort")
    wait_until(lambda: venue.controller(1).state == "aborted", what="the abort")

    def actions():
        with venue.db.session() as session:
            return [e.action for e in session.scalars(select(AuditEntry).where(
                AuditEntry.actor == "console TC-01").order_by(AuditEntry.id))]

    wait_until(lambda: len(actions()) == 4, what="the audit entry of the abort")
    assert actions() == ["match.start", "match.pause", "match.resume", "match.abort"]
    assert Clock("AUTO", 27000, "run") in console.acted, "the resume restarts the countdown"


def test_a_late_count_goes_to_the_period_its_device_time_says(venue, clock):
    venue.devices.bind(SCOREKEEPER, "FS-01", 1)
    venue.devices.set_channels(ADMIN, CHANNELS)
    info = venue.load_match(SCOREKEEPER, 1)
    venue.start_match(SCOREKEEPER, 1)
    start = venue.controller(1).start_mono
    clock.advance(30.2)  # autonomous is over when the frame arrives…
    assert venue.controller(1).state == "transition"
    # …but the goal was scored at 29.99 s (the links' clock is time.monotonic).
    at = time.monotonic() - (clock.monotonic() - (start + 29.99))
    venue.devices.count("FS-01", "red_high", 1, at)
    venue.devices.count("FS-01", "red_high", 2, time.monotonic())  # now: teleop
    sheet = red_sheet(venue, info["id"])
    assert sheet["autoSampleHigh"] == 1 and sheet["teleopSampleHigh"] == 2
    published = venue.bus.since("control", 0)
    assert any(m.topic == "sheet.updated" and m.payload["by"] == "sensor FS-01"
               for m in published)
    clock.advance(200)  # the match ended: counts after it are not scored
    venue.devices.count("FS-01", "red_high", 5, time.monotonic())
    assert red_sheet(venue, info["id"])["teleopSampleHigh"] == 2


def test_channels_must_name_count_inputs(venue):
    with pytest.raises(ValidationError) as err:
        venue.devices.set_channels(ADMIN, {"x": {"alliance": "green"},
                                           "y": {"alliance": "red", "auto": "robot1Auto"}})
    assert [w for w, _ in err.value.errors] == ["channels.x", "channels.y.auto"]


def test_an_estop_reaches_the_field_display_and_the_head_referee_and_is_logged(venue):
    venue.devices.bind(SCOREKEEPER, "FS-01", 1)
    venue.devices.estop("FS-01", "red1", True, time.monotonic())
    live = [m for m in venue.bus.since("live", 0) if m.topic == "field.estop"]
    referee = [m for m in venue.bus.since("referee:1", 0) if m.topic == "field.estop"]
    assert live[0].payload == {"field": 1, "station": "red1", "pressed": True,
                               "device": "FS-01"}
    assert referee and venue.devices.panel()["estops"] == [{"field": 1, "station": "red1"}]
    with venue.db.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "field.estop"))
    assert entry.subject == "field 1 red1" and entry.after == {"pressed": True}


def test_the_warm_up_count_stores_and_publishes_nothing(venue):
    def stored():
        with venue.db.session() as session:
            return (session.scalar(select(func.count()).select_from(AuditEntry)),
                    [(s.match_id, s.alliance, s.revision, s.data)
                     for s in session.scalars(select(ScoreSheet).order_by(ScoreSheet.id))])

    before, seqs = stored(), {c: venue.bus.last_seq(c) for c in ("live", "control")}
    assert venue.warm_up() is True
    assert stored() == before
    assert {c: venue.bus.last_seq(c) for c in ("live", "control")} == seqs


def test_full_collections_wait_while_a_match_runs(venue, clock):
    hold = FullCollectionHold()
    venue.bus.subscribe(hold)
    original = gc.get_threshold()
    try:
        venue.load_match(SCOREKEEPER, 1)
        assert not hold.holding and gc.get_threshold() == original
        venue.start_match(SCOREKEEPER, 1)
        assert hold.holding and gc.get_threshold()[2] > 100_000
        assert gc.get_threshold()[:2] == original[:2], "young passes go on as before"
        clock.advance(40)  # autonomous, then the transition: still running
        assert venue.controller(1).state == "teleop" and hold.holding
        venue.abort_match(SCOREKEEPER, 1)
        assert not hold.holding and gc.get_threshold() == original
    finally:
        gc.set_threshold(*original)
