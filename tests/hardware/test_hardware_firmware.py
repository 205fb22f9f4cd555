"""The reference firmware (firmware/) against the Python side of the protocol.

The sketches are built for the host with g++ and the shim in firmware/host/, run on the
slave end of a pty, and spoken to from the master end with hardware.framing; their stdin
takes control lines (press start, pulse red_high 3, estop red1 1, ...) and their stdout
shows what the display, the buzzer and the lamps do."""

from __future__ import annotations

import os
import queue
import select
import shutil
import subprocess
import threading
import time
import tty
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hardware.framing import Decoder, Frame, encode

GXX = shutil.which("g++")
pytestmark = pytest.mark.skipif(
    GXX is None, reason="g++ not found: the firmware's host build needs a C++17 compiler")

FIRMWARE = Path(__file__).resolve().parents[2] / "firmware"
SKETCHES = ("timer_console", "sensor_board", "stack_light")
ACKED = {"BTN", "CNT", "BEAM", "ESTOP"}


def build(sketch: str, out: Path) -> Path:
    binary = out / sketch
    result = subprocess.run(
        [GXX, "-std=c++17", "-O2", "-I", str(FIRMWARE / "host"),
         "-I", str(FIRMWARE / "zharys_protocol"),
         "-x", "c++", str(FIRMWARE / sketch / f"{sketch}.ino"),
         str(FIRMWARE / "zharys_protocol" / "ZharysProtocol.cpp"),
         str(FIRMWARE / "host" / "host.cpp"), "-o", str(binary)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"building {sketch} failed:\n{result.stderr}"
    return binary


@pytest.fixture(scope="module")
def binaries(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("firmware")
    with ThreadPoolExecutor(len(SKETCHES)) as pool:
        built = pool.map(lambda sketch: build(sketch, out), SKETCHES)
    return dict(zip(SKETCHES, built, strict=True))


class Device:
    """A host-built sketch on a pty: frames in and out, control lines, stdout lines."""

    def __init__(self, binary: Path, auto_ack: bool = True) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no echo, no newline translation (the shim does it too)
        os.set_blocking(self.master, False)
        self.decoder = Decoder()
        self.frames: list[tuple[float, Frame]] = []  # received, not yet taken
        self.auto_ack = auto_ack
        self.seq = 100
        self.lines: queue.Queue[str] = queue.Queue()
        self.proc = subprocess.Popen(
            [str(binary), os.ttyname(self.slave)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, bufsize=1)
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def close(self) -> None:
        try:
            self.control("quit")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)

    # -- serial side

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def send(self, type_: str, *fields: str, seq: int | None = None) -> int:
        if seq is None:
            self.seq += 1
            seq = self.seq
        self.write(encode(seq, type_, *fields))
        return seq

    def pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return
        try:
            data = os.read(self.master, 4096)
        except BlockingIOError:
            return
        now = time.monotonic()
        for frame in self.decoder.feed(data):
            self.frames.append((now, frame))
            if self.auto_ack and frame.type in ACKED:
                self.send("ACK", str(frame.seq))

    def expect(self, type_: str, *fields: str, timeout: float = 2.0) -> Frame:
        """The first frame of that type whose first fields are ``fields`` (earlier ones of
        other kinds stay for later)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, (_, frame) in enumerate(self.frames):
                if frame.type == type_ and frame.fields[:len(fields)] == fields:
                    del self.frames[i]
                    return frame
            left = deadline - time.monotonic()
            if left <= 0:
                got = [f for _, f in self.frames]
                raise AssertionError(f"no {type_} {fields} within {timeout} s; got {got}")
            self.pump(left)

    def collect(self, duration: float) -> list[tuple[float, Frame]]:
        """Everything received during the next ``duration`` seconds (with receipt times)."""
        deadline = time.monotonic() + duration
        while (left := deadline - time.monotonic()) > 0:
            self.pump(left)
        got, self.frames = self.frames, []
        return got

    # -- control side

    def control(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect_line(self, wanted: str, timeout: float = 2.0) -> list[str]:
        """Reads stdout up to the line ``wanted``; returns the lines before it."""
        deadline = time.monotonic() + timeout
        before = []
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise AssertionError(
                    f"no line {wanted!r} within {timeout} s; got {before}") from None
            if line == wanted:
                return before
            before.append(line)

    def uptime(self) -> int:
        self.control("millis")
        while True:
            line = self.lines.get(timeout=2)
            if line.startswith("MILLIS "):
                return int(line.split()[1])


@pytest.fixture
def console(binaries):
    device = Device(binaries["timer_console"])
    yield device
    device.close()


@pytest.fixture
def sensors(binaries):
    device = Device(binaries["sensor_board"])
    yield device
    device.close()


@pytest.fixture
def light(binaries):
    device = Device(binaries["stack_light"])
    yield device
    device.close()


def test_console_says_hello_on_boot_and_on_who(console):
    hello = console.expect("HELLO", timeout=2.0)
    assert hello.fields[:3] == ("console", "TC-01", "1.0.0")
    assert 0 <= int(hello.fields[3]) < 2000

    console.send("WHO")
    again = console.expect("HELLO")
    assert again.fields[:3] == ("console", "TC-01", "1.0.0")
    assert int(again.fields[3]) >= int(hello.fields[3])
    assert again.seq != hello.seq

    console.write(b"$WHO\r\n")  # typed by hand in a serial terminal
    assert console.expect("HELLO").fields[0] == "console"
    console.write(b"$WHO\r")  # a terminal whose Enter sends a lone carriage return
    assert console.expect("HELLO").fields[0] == "console"


def test_console_sends_a_heartbeat_every_500_ms(console):
    console.expect("HELLO")
    beats = [(at, f) for at, f in console.collect(1.7) if f.type == "HB"]
    assert len(beats) >= 3
    ticks = [int(f.fields[0]) for _, f in beats]
    assert all(490 <= b - a <= 560 for a, b in zip(ticks, ticks[1:], strict=False)), ticks
    arrivals = [at for at, _ in beats]
    assert all(0.3 <= b - a <= 0.7 for a, b in zip(arrivals, arrivals[1:], strict=False))
    seqs = [f.seq for _, f in beats]
    assert seqs == sorted(set(seqs))


def test_console_acks_disp_once_and_ignores_a_resend(console):
    console.expect("HELLO")
    seq = console.send("DISP", "AUTO 0:27")
    console.expect("ACK", str(seq))
    console.expect_line("DISPLAY AUTO 0:27")

    console.send("DISP", "AUTO 0:27", seq=seq)  # our ACK was "lost": the same frame again
    console.expect("ACK", str(seq))
    later = console.send("DISP", "AUTO 0:26")
    console.expect("ACK", str(later))
    before = console.expect_line("DISPLAY AUTO 0:26")
    assert not [line for line in before if line.startswith("DISPLAY")], before

    console.control("screen")
    console.expect_line("SCREEN |AUTO 0:26       |")


def test_console_button_is_resent_until_acked(binaries):
    console = Device(binaries["timer_console"], auto_ack=False)
    try:
        console.expect("HELLO")
        console.control("press start")
        btn = console.expect("BTN", timeout=1.0)
        assert btn.fields[1:] == ("start",)
        assert abs(int(btn.fields[0]) - console.uptime()) < 500

        resent = [(at, f) for at, f in console.collect(0.6) if f.type == "BTN"]
        assert [f for _, f in resent] == [btn] * 3  # same seq, same t, 3 retries, then gives up
        gaps = [b - a for (a, _), (b, _) in zip(resent, resent[1:], strict=False)]
        assert all(0.06 <= gap <= 0.2 for gap in gaps), gaps

        console.control("press ready")
        ready = console.expect("BTN", timeout=1.0)
        assert ready.fields[1:] == ("ready",)
        assert ready.seq != btn.seq
        console.send("ACK", str(ready.seq))
        acked_at = time.monotonic()
        after = [at for at, f in console.collect(0.5) if f.type == "BTN"]
        assert not [at for at in after if at > acked_at + 0.05], "resent after its ACK"
    finally:
        console.close()


def test_console_finds_a_frame_after_garbage_and_truncation(console):
    console.expect("HELLO")
    good = encode(7, "DISP", "TELEOP 1:45")
    bad_crc = bytearray(encode(5, "DISP", "BADCRC"))
    bad_crc[4] ^= 0x01
    console.write(b"\x00\xffnoise\r\n*1234\n" + bytes(bad_crc)
                  + b"$6,DISP,TRUNCA" + b"$6,DISP,BIN\x01ARY*0000\n" + b"$8,DISP,CUT" + good)
    console.expect("ACK", "7")
    before = console.expect_line("DISPLAY TELEOP 1:45")
    assert not [line for line in before if line.startswith("DISPLAY")], before

    console.write(b"$DISP,HELLO\n")  # the hand-typed form: acted on, nothing to ACK
    console.expect_line("DISPLAY HELLO")


def test_console_answers_ping_with_its_clock(console):
    console.expect("HELLO")
    console.send("PING", "42")
    pong = console.expect("PONG", "42")
    uptime = console.uptime()
    assert uptime - 300 <= int(pong.fields[1]) <= uptime


def test_console_buzzer_and_lamps(console):
    console.expect("HELLO")
    seq = console.send("BUZ", "150")
    console.expect("ACK", str(seq))
    start = time.monotonic()
    console.expect_line("BUZZER 150")
    console.expect_line("BUZZER off")
    assert 0.1 <= time.monotonic() - start <= 0.6  # and the board kept talking meanwhile

    seq = console.send("LAMP", "green", "blink")
    console.expect("ACK", str(seq))
    console.expect_line("LAMP green blink")
    assert console.expect("NAK", str(console.send("LAMP", "blue", "on"))).fields[1] == "colour"
    assert console.expect("NAK", str(console.send("BUZ", "0"))).fields[1] == "range"
    assert console.expect("NAK", str(console.send("FOO", "x"))).fields[1] == "unknown"


def test_sensor_board_counts_running_totals_and_estops(sensors):
    hello = sensors.expect("HELLO")
    assert hello.fields[:3] == ("sensors", "FS-01", "1.0.0")

    sensors.control("pulse red_high 3")  # D2: an interrupt pin
    totals = [sensors.expect("CNT", timeout=1.0) for _ in range(3)]
    assert [f.fields[1:] for f in totals] == [("red_high", str(n)) for n in (1, 2, 3)]
    times = [int(f.fields[0]) for f in totals]
    assert times == sorted(times) and times[-1] - times[0] >= 80

    sensors.control("pulse blue_low 2")  # D5: read in loop() on an Uno
    assert [sensors.expect("CNT", timeout=1.0).fields[1:] for _ in range(2)] == [
        ("blue_low", "1"), ("blue_low", "2")]

    sensors.control("estop red1 1")
    press = sensors.expect("ESTOP", timeout=1.0)
    assert press.fields[1:] == ("red1", "1")
    sensors.send("WHO")  # a server that (re)connects learns the pressed e-stop again
    sensors.expect("HELLO")
    assert sensors.expect("ESTOP", timeout=1.0).fields[1:] == ("red1", "1")
    sensors.control("estop red1 0")
    assert sensors.expect("ESTOP", timeout=1.0).fields[1:] == ("red1", "0")

    sensors.control("beam red_park 1")
    assert sensors.expect("BEAM", timeout=1.0).fields[1:] == ("red_park", "1")
    assert not [f for _, f in sensors.collect(0.5) if f.type in ACKED]  # all acked: no resends


def display_lines(device: Device, duration: float) -> list[str]:
    """The DISPLAY lines the device prints during the next ``duration`` seconds."""
    deadline = time.monotonic() + duration
    got = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = device.lines.get(timeout=left)
        except queue.Empty:
            break
        if line.startswith("DISPLAY"):
            got.append(line)
    return got


def test_console_counts_the_match_clock_down_itself(console):
    console.expect("HELLO")
    seq = console.send("CLK", "AUTO", "2500", "run")
    sent = time.monotonic()
    console.expect("ACK", str(seq))
    shown = {}
    for text in ("AUTO 0:03", "AUTO 0:02", "AUTO 0:01", "AUTO 0:00"):  # seconds rounded up
        before = console.expect_line(f"DISPLAY {text}", timeout=2.0)
        shown[text] = time.monotonic() - sent
        assert not [line for line in before if line.startswith("DISPLAY")], before
    assert shown["AUTO 0:03"] < 0.3, shown
    # Never early; seen late only as much as a busy machine delays this test's reading of
    # the device's output (the suite runs a test on each core).
    for text, due in (("AUTO 0:02", 0.5), ("AUTO 0:01", 1.5), ("AUTO 0:00", 2.5)):
        assert due - 0.15 <= shown[text] <= due + 0.6, shown
    assert display_lines(console, 0.3) == []  # stays at 0:00

    seq = console.send("CLK", "PAUSED", "27400", "hold")
    console.expect("ACK", str(seq))
    console.expect_line("DISPLAY PAUSED 0:28", timeout=0.5)
    assert display_lines(console, 1.2) == []  # held: no countdown

    seq = console.send("CLK", "TELEOP", "1500", "run")
    console.expect("ACK", str(seq))
    console.expect_line("DISPLAY TELEOP 0:02", timeout=0.5)
    seq = console.send("DISP", "READY")  # fixed text stops the countdown
    console.expect("ACK", str(seq))
    console.expect_line("DISPLAY READY")
    assert display_lines(console, 0.7) == []
    console.control("screen")
    console.expect_line("SCREEN |READY           |")

    for fields in (("X", "99999999", "run"), ("TOOLONGLB", "1000", "run"), ("", "1000", "run"),
                   ("AUTO", "-5", "run"), ("AUTO", "1000", "go"), ("AUTO", "1000")):
        nak = console.expect("NAK", str(console.send("CLK", *fields)))
        assert nak.fields[1] == "range", fields
    assert display_lines(console, 0.1) == []  # a refused CLK changes nothing


def test_stack_light_says_hello_and_acts_on_a_lamp_once(light):
    hello = light.expect("HELLO")
    assert hello.fields[:3] == ("light", "SL-01", "1.0.0")
    assert 0 <= int(hello.fields[3]) < 2000
    light.send("WHO")
    assert light.expect("HELLO").fields[:2] == ("light", "SL-01")
    light.send("PING", "7")
    assert light.expect("PONG", "7").fields[1].isdigit()

    seq = light.send("LAMP", "blue", "blink")
    light.expect("ACK", str(seq))
    light.expect_line("LAMP blue blink")
    light.send("LAMP", "blue", "blink", seq=seq)  # our ACK was "lost": the same frame again
    light.expect("ACK", str(seq))
    later = light.send("LAMP", "white", "on")
    light.expect("ACK", str(later))
    before = light.expect_line("LAMP white on")
    assert not [line for line in before if line.startswith("LAMP")], before  # acted on once

    for colour in ("red", "amber", "green"):
        light.expect("ACK", str(light.send("LAMP", colour, "on")))
        light.expect_line(f"LAMP {colour} on")
    light.write(b"$LAMP,red,off\r\n")  # typed by hand: acted on, nothing to ACK
    light.expect_line("LAMP red off")
    assert {f.type for _, f in light.collect(0.6)} == {"HB"}  # beating; it has no events


def test_stack_light_buzzer_and_naks(light):
    light.expect("HELLO")
    seq = light.send("BUZ", "120")
    light.expect("ACK", str(seq))
    start = time.monotonic()
    light.expect_line("BUZZER 120")
    light.expect_line("BUZZER off")
    assert 0.08 <= time.monotonic() - start <= 0.6

    refused = {("LAMP", "purple", "on"): "colour", ("LAMP", "red", "flash"): "mode",
               ("LAMP",): "mode", ("BUZ", "0"): "range", ("BUZ", "9000"): "range",
               ("DISP", "READY"): "unknown", ("CLK", "AUTO", "1000", "run"): "unknown",
               ("FOO", "x"): "unknown"}
    for (type_, *fields), reason in refused.items():
        nak = light.expect("NAK", str(light.send(type_, *fields)))
        assert nak.fields[1] == reason, (type_, fields)
    light.expect("ACK", str(light.send("LAMP", "green", "off")))
    before = light.expect_line("LAMP green off")
    assert before == [], before  # a refused command changes nothing
