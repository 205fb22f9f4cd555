"""The bus numbers messages per channel and replays what a reconnecting client missed."""

from tournament.bus import Bus


def test_sequence_numbers_rise_per_channel():
    bus = Bus()
    assert [bus.publish("live", "a", {}).seq for _ in range(3)] == [1, 2, 3]
    assert bus.publish("control", "a", {}).seq == 1


def test_since_returns_the_missed_messages_in_order():
    bus = Bus()
    for i in range(5):
        bus.publish("live", "score.live", {"i": i})
    missed = bus.since("live", 2)
    assert [m.seq for m in missed] == [3, 4, 5]
    assert bus.since("live", 5) == []


def test_since_asks_for_a_snapshot_when_the_gap_is_too_old():
    bus = Bus(history=3)
    for i in range(10):
        bus.publish("live", "score.live", {"i": i})
    assert bus.since("live", 1) is None
    assert [m.seq for m in bus.since("live", 7)] == [8, 9, 10]


def test_subscribers_get_every_message():
    bus = Bus()
    got = []
    bus.subscribe(got.append)
    bus.publish("live", "match.state", {"state": "auto"})
    assert got[0].as_dict() == {"seq": 1, "channel": "live", "topic": "match.state",
                                "payload": {"state": "auto"}}


def test_a_number_from_before_a_restart_gets_a_snapshot():
    bus = Bus()
    bus.publish("live", "a", {})
    assert bus.since("live", 40) is None
