"""A link to a simulated device over a real pty and over socket://: identification, events
acknowledged once, commands acknowledged and retried, the clock offset, faults on the wire,
and unplug/replug with reconnection."""

from __future__ import annotations

import os
import time

import pytest
from factories import wait_until

from hardware.devices import HardwareManager
from hardware.link import ClockOffset, Link
from hardware.messages import Button, Count, Display, Lamp
from hardware.simulator import Faults, PtyEndpoint, SimulatedDevice, TcpEndpoint


class Recorder:
    """A HardwareSink that keeps what it hears."""

    def __init__(self):
        self.events, self.statuses = [], []

    def device_changed(self, status):
        self.statuses.append(status)

    def button(self, device, button, at):
        self.events.append(("button", device, button, at))

    def count(self, device, channel, delta, at):
        self.events.append(("count", device, channel, delta, at))

    def beam(self, device, channel, broken, at):
        self.events.append(("beam", device, channel, broken, at))

    def estop(self, device, station, pressed, at):
        self.events.append(("estop", device, station, pressed, at))


@pytest.fixture
def pty_console(tmp_path):
    sim = SimulatedDevice("console", "TC-01", PtyEndpoint(str(tmp_path / "console")))
    sim.start()
    yield sim
    sim.stop()
    sim.endpoint.unplug()


def test_a_console_on_a_pty_identifies_itself_and_its_button_arrives_once(pty_console):
    got = []
    link = Link(pty_console.endpoint.url(), on_message=lambda lk, m, at: got.append(m))
    link.start()
    try:
        wait_until(lambda: link.connected, what="HELLO")
        assert (link.kind, link.device_id, link.hello.firmware) == ("console", "TC-01",
                                                                   "sim-1.0")
        pty_console.press("start")
        wait_until(lambda: got, what="the button")
        time.sleep(0.25)  # longer than a retry: the acknowledged button is not resent
        assert [type(m) for m in got] == [Button] and got[0].button == "start"
        seq = link.send(Display("AUTO 0:27"))
        wait_until(lambda: pty_console.display == "AUTO 0:27", what="the display")
        wait_until(lambda: seq not in link._pending, what="the acknowledgement")
        wait_until(lambda: link.offset.known, timeout=3, what="a clock sample")
        assert link.status()["latency_ms"] < 50
    finally:
        link.stop()


def test_commands_are_retried_until_acknowledged_and_acted_on_once(pty_console):
    link = Link(pty_console.endpoint.url(), on_message=lambda *a: None)
    link.start()
    try:
        wait_until(lambda: link.connected, what="HELLO")
        # The device's answers get lost twice: the command is resent with the same seq and
        # the device acts on it once.
        pty_console.faults = Faults(drop=1.0)
        link.send(Lamp("green", "blink"))
        time.sleep(0.25)
        pty_console.faults = Faults()
        wait_until(lambda: not link._pending, what="the acknowledgement after retries")
        assert [type(m) for m in pty_console.acted] == [Lamp]
        assert pty_console.lamps == {"green": "blink"}
        assert link.stats.gave_up == 0
    finally:
        link.stop()


def test_garbage_flips_and_drops_on_the_wire_lose_no_count(tmp_path):
    """Counters send running totals: whatever the wire does, the server ends on the total."""
    sim = SimulatedDevice("sensors", "FS-01", PtyEndpoint(str(tmp_path / "fs")),
                          faults=Faults(garbage=0.3, flip=0.1, drop=0.1, seed=3))
    sink = Recorder()
    manager = HardwareManager([sim.endpoint.url()], sink)
    sim.start()
    manager.start()
    try:
        wait_until(lambda: manager.link("FS-01") is not None, what="HELLO through the noise")
        for _ in range(30):
            sim.count("red_high")
            time.sleep(0.01)
        sim.faults = Faults()
        sim.count("red_high", 0)  # one clean frame with the final total
        counted = lambda: sum(e[3] for e in sink.events if e[0] == "count")  # noqa: E731
        wait_until(lambda: counted() == 30, what="every count")
        status = manager.link("FS-01").status()
        assert status["errors"] > 0 and status["connected"]
    finally:
        manager.stop()
        sim.stop()
        sim.endpoint.unplug()


def test_unplug_and_replug_reconnects_with_backoff(tmp_path):
    sim = SimulatedDevice("console", "TC-02", PtyEndpoint(str(tmp_path / "tc")))
    sink = Recorder()
    manager = HardwareManager([sim.endpoint.url()], sink)
    sim.start()
    manager.start()
    try:
        link = manager._links[0]
        wait_until(lambda: link.connected, what="the first connection")
        sim.unplug()
        wait_until(lambda: not link.connected, timeout=4, what="noticing the unplug")
        sim.replug()  # a new pty behind the same path, and the board restarts
        wait_until(lambda: link.connected, timeout=6, what="the reconnection")
        assert link.stats.reconnects >= 2
        sim.press("ready")
        wait_until(lambda: any(e[:3] == ("button", "TC-02", "ready") for e in sink.events),
                   what="a button after the replug")
        assert any(s["connected"] is False for s in sink.statuses)
    finally:
        manager.stop()
        sim.stop()
        sim.endpoint.unplug()


def test_a_device_behind_socket_url_works_too():
    endpoint = TcpEndpoint()
    sim = SimulatedDevice("sensors", "FS-09", endpoint)
    sink = Recorder()
    manager = HardwareManager([endpoint.url()], sink)
    sim.start()
    manager.start()
    try:
        wait_until(lambda: manager.link("FS-09") is not None, what="HELLO over TCP")
        sim.estop("red1", True)
        sim.count("blue_low", 2)
        wait_until(lambda: len(sink.events) == 2, what="two events")
        assert sink.events[0][:4] == ("estop", "FS-09", "red1", True)
        assert sink.events[1][:4] == ("count", "FS-09", "blue_low", 2)
    finally:
        manager.stop()
        sim.stop()
        endpoint.close()


def test_a_second_process_does_not_open_the_ports(tmp_path):
    lock = str(tmp_path / "devices.lock")
    first = HardwareManager([], Recorder(), lock_path=lock)
    assert first.start() and first.owns_ports
    # flock locks belong to an open file description: a second one in this process stands
    # for another process.
    second = HardwareManager(["/dev/null"], Recorder(), lock_path=lock)
    assert second.start() is False and not second.owns_ports
    first.stop()
    assert os.path.exists(lock)


def test_the_clock_offset_keeps_the_tightest_sample_and_maps_device_time():
    offset = ClockOffset()
    assert offset.to_server(5000) is None
    offset.add(sent=10.000, received=10.040, device_ms=7_020)  # rtt 40 ms
    offset.add(sent=12.000, received=12.002, device_ms=9_000)  # rtt 2 ms: the best
    # The device's 9,000 ms was the server's 12.001 s, so its 38,990 ms is 29.99 s later.
    assert offset.to_server(38_990) == pytest.approx(41.991, abs=1e-6)
    assert offset.best[0] == pytest.approx(0.002)


def test_a_count_frame_carries_the_device_time_of_the_goal(pty_console, tmp_path):
    """The moment reported is the device's stamp on the server clock, not the arrival."""
    sim = SimulatedDevice("sensors", "FS-02", PtyEndpoint(str(tmp_path / "fs2")))
    got = []
    link = Link(sim.endpoint.url(), on_message=lambda lk, m, at: got.append((m, at, lk)))
    sim.start()
    link.start()
    try:
        wait_until(lambda: link.offset.known and sim.now_ms() > 400, timeout=4,
                   what="a clock sample")
        stamp = sim.now_ms() - 300  # the goal happened 0.3 s before the frame was sent
        sim.count("red_high", 1, t_ms=stamp)
        wait_until(lambda: got, what="the count")
        message, arrived, lk = got[0]
        assert isinstance(message, Count)
        assert arrived - lk.device_time(message.t, arrived) == pytest.approx(0.3, abs=0.05)
    finally:
        link.stop()
        sim.stop()
        sim.endpoint.unplug()


def test_a_failed_write_neither_hangs_the_writer_nor_the_link(pty_console):
    link = Link(pty_console.endpoint.url(), on_message=lambda *a: None)
    link.start()
    try:
        wait_until(lambda: link.connected, what="HELLO")
        port = link._port

        def broken(data):
            raise OSError("the USB cable was pulled")

        port.write = broken
        assert link.send(Display("AUTO 0:10")) is not None  # returns: no deadlock
        before = link.stats.reconnects
        wait_until(lambda: link.stats.reconnects > before and link.connected, timeout=4,
                   what="reopening the port")
        link.send(Display("AGAIN"))
        wait_until(lambda: pty_console.display == "AGAIN", what="a command after reopening")
    finally:
        link.stop()


def test_a_bug_in_the_event_layer_does_not_kill_the_reader(tmp_path):
    sim = SimulatedDevice("console", "TC-03", PtyEndpoint(str(tmp_path / "tc3")))

    class Failing(Recorder):
        def button(self, device, button, at):
            raise RuntimeError("bug")

    sink = Failing()
    manager = HardwareManager([sim.endpoint.url()], sink)
    sim.start()
    manager.start()
    try:
        wait_until(lambda: manager.link("TC-03") is not None, what="HELLO")
        sim.press("start")
        sim.estop("red1", True)
        wait_until(lambda: any(e[0] == "estop" for e in sink.events), what="the e-stop")
    finally:
        manager.stop()
        sim.stop()
        sim.endpoint.unplug()


def test_counts_survive_a_reconnect_and_restart_from_zero_after_a_reboot(tmp_path):
    sim = SimulatedDevice("sensors", "FS-04", PtyEndpoint(str(tmp_path / "fs4")))
    sink = Recorder()
    manager = HardwareManager([sim.endpoint.url()], sink)
    sim.start()
    manager.start()
    counted = lambda: sum(e[3] for e in sink.events if e[0] == "count")  # noqa: E731
    try:
        wait_until(lambda: manager.link("FS-04") is not None, what="HELLO")
        sim.count("red_high", 5)
        wait_until(lambda: counted() == 5, what="five")
        link = manager.link("FS-04")
        before = link.stats.reconnects
        link._failed = True  # the port hiccups: reopened, WHO, HELLO — not a reboot
        wait_until(lambda: link.stats.reconnects > before and link.connected, timeout=4,
                   what="the reconnection")
        sim.count("red_high", 1)
        wait_until(lambda: counted() == 6, what="one more, not six")
        time.sleep(1.2)  # the board's clock passes 1 s, so a reboot shows as a step back
        sim.restart()  # a real reboot: totals start from zero again
        sim.count("red_high", 2)
        wait_until(lambda: counted() == 8, what="two after the reboot")
        time.sleep(0.2)
        assert counted() == 8
    finally:
        manager.stop()
        sim.stop()
        sim.endpoint.unplug()


def test_a_loopback_port_echoes_the_servers_frames_and_the_link_never_answers_them():
    """pyserial's ``loop://`` hands back whatever is written: the link's own WHO returns to
    it. It counts it as an error and does not answer (an answer would come back too, for
    ever), and a device's frame through the same port is read as usual."""
    from hardware.messages import Hello, encode_message

    heard = []
    link = Link("loop://", on_message=lambda link, message, at: heard.append(message))
    link.start()
    try:
        wait_until(lambda: link.stats.errors >= 1, what="the echoed WHO")
        time.sleep(0.2)
        assert link.stats.errors <= 3 and link.stats.frames_in <= 3  # no chatter
        link._port.write(encode_message(7, Hello("console", "TC-LOOP", "1.0", 20_000)))
        wait_until(lambda: link.connected, what="the HELLO through the loop")
        assert link.hello.id == "TC-LOOP" and heard == []  # HELLO is the link's own business
    finally:
        link.stop()
