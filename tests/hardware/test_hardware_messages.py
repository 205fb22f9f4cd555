"""Hardware messages (docs/hardware-protocol.md, "Messages"): every frame type of both tables,
its checks, which frames are acknowledged, and round trips through the framing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hardware import (
    BUTTONS,
    COLOURS,
    DEVICE_MESSAGES,
    KINDS,
    MESSAGE_TYPES,
    MODES,
    SERVER_MESSAGES,
    Ack,
    Beam,
    Button,
    Buzz,
    Clock,
    Count,
    Decoder,
    Display,
    EStop,
    Frame,
    Heartbeat,
    Hello,
    Lamp,
    MessageError,
    Nak,
    Ping,
    Pong,
    UnknownType,
    Who,
    encode,
    encode_message,
    needs_ack,
    parse,
)

T_MAX = 2**32 - 1
FIELD_CHARS = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "$,*")
names = st.text(alphabet=FIELD_CHARS, min_size=1, max_size=20)
ts = st.integers(0, T_MAX)
seqs = st.integers(0, 65535)

messages = st.one_of(
    st.builds(Hello, st.sampled_from(KINDS), names, names, ts),
    st.builds(Heartbeat, ts),
    st.builds(Pong, names, ts),
    st.builds(Button, ts, st.sampled_from(BUTTONS)),
    st.builds(Count, ts, names, st.integers(0, 10**12)),
    st.builds(Beam, ts, names, st.booleans()),
    st.builds(EStop, ts, names, st.booleans()),
    st.builds(Ack, seqs),
    st.builds(Nak, seqs, names),
    st.just(Who()),
    st.builds(Ping, st.text(alphabet=FIELD_CHARS, min_size=1, max_size=32)),
    st.builds(Display, st.text(alphabet=FIELD_CHARS, max_size=16)),
    st.builds(Buzz, st.integers(1, 5000)),
    st.builds(Lamp, st.sampled_from(COLOURS), st.sampled_from(MODES)),
)


# --- happy paths -------------------------------------------------------------------------


@pytest.mark.parametrize(("msg", "frame_type", "fields"), [
    (Hello("console", "TC-01", "1.0.0", 1234), "HELLO", ("console", "TC-01", "1.0.0", "1234")),
    (Hello("sensors", "FS-RED", "2.1", 0), "HELLO", ("sensors", "FS-RED", "2.1", "0")),
    (Hello("light", "SL-1", "1", T_MAX), "HELLO", ("light", "SL-1", "1", str(T_MAX))),
    (Heartbeat(500), "HB", ("500",)),
    (Pong("a7", 99), "PONG", ("a7", "99")),
    (Button(29990, "start"), "BTN", ("29990", "start")),
    (Button(1, "ready"), "BTN", ("1", "ready")),
    (Count(48213, "red_high", 12), "CNT", ("48213", "red_high", "12")),
    (Count(0, "blue_low", 0), "CNT", ("0", "blue_low", "0")),
    (Beam(7, "ramp", True), "BEAM", ("7", "ramp", "1")),
    (Beam(8, "ramp", False), "BEAM", ("8", "ramp", "0")),
    (EStop(9, "red1", True), "ESTOP", ("9", "red1", "1")),
    (EStop(10, "blue2", False), "ESTOP", ("10", "blue2", "0")),
    (Ack(17), "ACK", ("17",)),
    (Nak(18, "unknown"), "NAK", ("18", "unknown")),
    (Who(), "WHO", ()),
    (Ping("12345"), "PING", ("12345",)),
    (Display("AUTO 0:27"), "DISP", ("AUTO 0:27",)),
    (Display(""), "DISP", ("",)),
    (Display("x" * 16), "DISP", ("x" * 16,)),
    (Clock("AUTO", 27001, "run"), "CLK", ("AUTO", "27001", "run")),
    (Clock("PAUSED", 0, "hold"), "CLK", ("PAUSED", "0", "hold")),
    (Buzz(1), "BUZ", ("1",)),
    (Buzz(5000), "BUZ", ("5000",)),
    (Lamp("amber", "blink"), "LAMP", ("amber", "blink")),
])
def test_each_message(msg, frame_type, fields):
    assert msg.TYPE == frame_type
    assert msg.to_fields() == fields
    assert parse(Frame(3, frame_type, fields)) == msg
    assert encode_message(3, msg) == encode(3, frame_type, *fields)
    [frame] = Decoder().feed(encode_message(3, msg))
    assert parse(frame) == msg


def test_both_tables_are_covered():
    device = {"HELLO", "HB", "PONG", "BTN", "CNT", "BEAM", "ESTOP", "ACK", "NAK"}
    server = {"WHO", "PING", "DISP", "CLK", "BUZ", "LAMP", "ACK", "NAK"}
    assert {cls.TYPE for cls in DEVICE_MESSAGES} == device
    assert {cls.TYPE for cls in SERVER_MESSAGES} == server
    assert set(MESSAGE_TYPES) == device | server
    assert all(MESSAGE_TYPES[cls.TYPE] is cls for cls in DEVICE_MESSAGES + SERVER_MESSAGES)


def test_needs_ack_follows_the_tables():
    for frame_type in ("HELLO", "HB", "PONG", "ACK", "NAK", "WHO", "PING"):
        assert not needs_ack(frame_type), frame_type
    for frame_type in ("BTN", "CNT", "BEAM", "ESTOP", "DISP", "CLK", "BUZ", "LAMP"):
        assert needs_ack(frame_type), frame_type
    # an unknown type that needs an ack is answered NAK,<seq>,unknown
    assert needs_ack("FOO")


def test_plain_frames_parse_too():
    [frame] = Decoder(allow_plain=True).feed(b"$DISP,HELLO\r\n")
    assert frame.seq == -1 and parse(frame) == Display("HELLO")


# --- errors ------------------------------------------------------------------------------


def test_unknown_type():
    with pytest.raises(UnknownType, match="unknown frame type 'FOO'") as info:
        parse(Frame(1, "FOO", ("x",)))
    assert info.value.type == "FOO"
    assert isinstance(info.value, MessageError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(("frame_type", "fields", "problem"), [
    # wrong field counts
    ("HELLO", ("console", "TC-01", "1.0"), "HELLO takes 4 field"),
    ("HB", (), r"HB takes 1 field\(s\) \(t\), got 0"),
    ("HB", ("1", "2"), "got 2"),
    ("WHO", ("x",), r"WHO takes 0 field\(s\) \(none\), got 1"),
    ("CNT", ("1", "red_high"), "CNT takes 3"),
    ("LAMP", ("red",), "LAMP takes 2"),
    # numbers: not a number, out of range
    ("HB", ("",), "HB t '' is not a whole number"),
    ("HB", ("-1",), "not a whole number"),
    ("HB", ("+1",), "not a whole number"),
    ("HB", (" 1",), "not a whole number"),
    ("HB", ("1_000",), "not a whole number"),
    ("HB", ("0x10",), "not a whole number"),
    ("HB", (str(2**32),), r"HB t 4294967296 is out of range \(0–4294967295\)"),
    ("BTN", ("4294967296", "start"), "BTN t 4294967296 is out of range"),
    ("CNT", ("1", "red_high", "-3"), "CNT total '-3' is not a whole number"),
    ("CNT", ("1", "red_high", "many"), "not a whole number"),
    ("ACK", ("65536",), r"ACK seq 65536 is out of range \(0–65535\)"),
    ("NAK", ("x", "busy"), "NAK seq 'x' is not a whole number"),
    ("BUZ", ("0",), r"BUZ ms 0 is out of range \(1–5000\)"),
    ("BUZ", ("5001",), "out of range"),
    # flags
    ("BEAM", ("1", "ramp", "2"), "BEAM broken '2' is not 0 or 1"),
    ("ESTOP", ("1", "red1", "yes"), "ESTOP pressed 'yes' is not 0 or 1"),
    # sets
    ("HELLO", ("robot", "X", "1", "0"), "HELLO kind 'robot' is not one of console"),
    ("BTN", ("1", "START"), "BTN button 'START' is not one of start, pause"),
    ("LAMP", ("purple", "on"), "LAMP colour 'purple' is not one of red, amber"),
    ("LAMP", ("red", "flash"), "LAMP mode 'flash' is not one of off, on, blink"),
    # text
    ("DISP", ("x" * 17,), r"DISP text 'x{17}' is 17 characters long \(at most 16\)"),
    ("HELLO", ("console", "", "1", "0"), "HELLO id is empty"),
    ("HELLO", ("console", "TC-01", "", "0"), "HELLO firmware is empty"),
    ("CNT", ("1", "", "3"), "CNT channel is empty"),
    ("ESTOP", ("1", "", "1"), "ESTOP station is empty"),
    ("NAK", ("1", ""), "NAK reason is empty"),
    ("PING", ("",), "PING token is empty"),
    ("PONG", ("", "5"), "PONG token is empty"),
])
def test_parse_errors(frame_type, fields, problem):
    with pytest.raises(MessageError, match=problem):
        parse(Frame(1, frame_type, fields))


@pytest.mark.parametrize(("build", "problem"), [
    (lambda: Heartbeat(-1), "out of range"),
    (lambda: Heartbeat("5"), "must be a whole number"),
    (lambda: Heartbeat(True), "must be a whole number"),
    (lambda: Count(1, "c", -1), r"CNT total -1 is out of range \(≥ 0\)"),
    (lambda: Beam(1, "c", 1), "must be True or False"),
    (lambda: Display("a,b"), "forbidden character ','"),
    (lambda: Display("AUTO\n"), "forbidden character"),
    (lambda: Ping("x" * 33), "33 characters long"),
    (lambda: Hello("console", 5, "1", 0), "HELLO id must be text"),
    (lambda: Lamp("red", None), "LAMP mode None"),
    (lambda: Clock("AUTO", 3_600_001, "run"), "CLK ms 3600001 is out of range"),
    (lambda: Clock("TOOLONGLABEL", 1, "run"), "12 characters long"),
    (lambda: Clock("AUTO", 1, "stop"), "CLK mode"),
])
def test_building_a_bad_message_fails(build, problem):
    with pytest.raises(MessageError, match=problem):
        build()


def test_every_valid_message_fits_a_frame_except_an_absurd_total():
    assert len(encode_message(65535, Hello("sensors", "x" * 32, "y" * 32, T_MAX))) < 128
    # totals have no upper bound of their own; the framing's 32-character field limit is one
    with pytest.raises(ValueError, match="41 characters long"):
        encode_message(1, Count(1, "c", 10**40))


# --- properties --------------------------------------------------------------------------


@given(messages, seqs)
def test_messages_round_trip(msg, seq):
    assert type(msg).from_fields(msg.to_fields()) == msg
    data = encode_message(seq, msg)
    [frame] = Decoder().feed(data)
    assert frame == Frame(seq, msg.TYPE, msg.to_fields())
    assert parse(frame) == msg


@given(st.lists(st.tuples(messages, seqs), max_size=10), st.integers(1, 30))
def test_message_streams_round_trip_in_chunks(items, size):
    data = b"".join(encode_message(seq, msg) for msg, seq in items)
    d = Decoder()
    out = []
    for i in range(0, len(data), size):
        out += d.feed(data[i:i + size])
    assert [(parse(f), f.seq) for f in out] == items


def test_a_clock_shows_the_seconds_left_rounded_up():
    clock = Clock("AUTO", 27_001, "run")
    assert clock.text() == "AUTO 0:28" and clock.text(27_000) == "AUTO 0:27"
    assert clock.text(0) == "AUTO 0:00" and clock.text(-5) == "AUTO 0:00"
    assert Clock("TELEOP", 120_000, "run").text() == "TELEOP 2:00"
