"""Device drivers over a :class:`~hardware.link.Link`: the timer console, field sensor boards
and stack lights, and the one manager that owns every port of the process.

The manager turns device messages into calls on a :class:`HardwareSink` (the event layer
implements it) with the moment each thing happened on the server's monotonic clock, from the
device's own timestamp. It knows nothing about matches.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from .link import Link, open_serial
from .messages import Beam, Button, Buzz, Clock, Count, Display, EStop, Lamp, Message

log = logging.getLogger(__name__)

# USB vendor:product ids of the boards and bridges the reference firmware runs on.
KNOWN_USB = {
    (0x2341, 0x0043): "Arduino Uno", (0x2341, 0x0001): "Arduino Uno",
    (0x2341, 0x8036): "Arduino Leonardo", (0x2341, 0x0042): "Arduino Mega",
    (0x1A86, 0x7523): "CH340", (0x10C4, 0xEA60): "CP210x", (0x0403, 0x6001): "FTDI",
    (0x2E8A, 0x000A): "Raspberry Pi Pico",
}


class HardwareSink(Protocol):
    """What the event layer hears from the devices (``at``: server monotonic seconds)."""

    def device_changed(self, status: dict[str, Any]) -> None: ...

    def button(self, device: str, button: str, at: float) -> None: ...

    def count(self, device: str, channel: str, delta: int, at: float) -> None: ...

    def beam(self, device: str, channel: str, broken: bool, at: float) -> None: ...

    def estop(self, device: str, station: str, pressed: bool, at: float) -> None: ...


class TimerConsole:
    """The scorekeeper's console: a display the server drives, a buzzer, state lights."""

    def __init__(self, link: Link):
        self.link = link

    def show(self, text: str) -> int | None:
        return self.link.send(Display(text[:16]))

    def clock(self, label: str, ms: float, running: bool) -> int | None:
        """Let the console count ``ms`` down under ``label`` (or show it still)."""
        return self.link.send(Clock(label[:8], max(0, min(3_600_000, round(ms))),
                                    "run" if running else "hold"))

    def buzz(self, ms: int) -> int | None:
        return self.link.send(Buzz(max(1, min(5000, int(ms)))))

    def lamp(self, colour: str, mode: str) -> int | None:
        return self.link.send(Lamp(colour, mode))


class StackLight:
    """A stack light on a field: one colour on, blinking or off at a time per command."""

    def __init__(self, link: Link):
        self.link = link

    def lamp(self, colour: str, mode: str) -> int | None:
        return self.link.send(Lamp(colour, mode))


class FieldSensors:
    """A sensor board's counters as increments: boards report running totals, so a lost frame
    costs no count. A total below the last one is an old frame resent late (it adds nothing);
    after the board restarts, totals count from zero again. A channel the server has no total
    for yet (it started while the board was running) counts its first report as one: a board
    reports a total when something was counted."""

    def __init__(self, from_zero: bool = False) -> None:
        self._totals: dict[str, int] = {}
        self.from_zero = from_zero  # the board (re)started: every total counts from zero

    def delta(self, channel: str, total: int) -> int:
        last = self._totals.get(channel, 0 if self.from_zero else None)
        if last is None:
            self._totals[channel] = total
            return min(total, 1)
        if total <= last:
            return 0
        self._totals[channel] = total
        return total - last

    def restarted(self) -> None:
        self._totals.clear()


class PortLock:
    """Exactly one process owns the ports: an exclusive lock on a file in the instance folder.
    A second server process on the same instance runs without devices and says so."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class HardwareManager:
    """Opens every configured device URL, keeps the links alive and hands their events to
    ``sink``. ``devices()`` is the device panel's data."""

    def __init__(self, urls: Iterable[str], sink: HardwareSink, *,
                 clock: Callable[[], float] = time.monotonic, lock_path: str | None = None,
                 opener: Callable[[str], Any] = open_serial):
        self.sink = sink
        self.clock = clock
        self._lock_path = lock_path
        self._port_lock: PortLock | None = None
        self._opener = opener
        self._links: list[Link] = []
        self._sensors: dict[str, FieldSensors] = {}
        self._mutex = threading.Lock()
        self.owns_ports = False
        for url in urls:
            self.add(url, start=False)

    def add(self, url: str, start: bool = True) -> Link:
        link = Link(url, on_message=self._message, on_status=self._status, clock=self.clock,
                    opener=self._opener)
        with self._mutex:
            self._links.append(link)
        if start and self.owns_ports:
            link.start()
        return link

    def start(self) -> bool:
        """Take the port lock and start every link; False (and no port opened) when another
        process owns the ports."""
        if self._lock_path:
            self._port_lock = PortLock(self._lock_path)
            if not self._port_lock.acquire():
                log.warning("another Zharys process owns the serial ports (%s); this one runs "
                            "without devices", self._lock_path)
                return False
        self.owns_ports = True
        for link in self._links:
            link.start()
        return True

    def stop(self) -> None:
        for link in self._links:
            link.stop()
        if self._port_lock is not None:
            self._port_lock.release()
        self.owns_ports = False

    # -- lookups ---------------------------------------------------------------------------
    def link(self, device_id: str) -> Link | None:
        """The link to a device: a connected one first, else the one heard from last (a
        board moved to another port leaves its old link behind)."""
        found = [link for link in self._links if link.device_id == device_id]
        found.sort(key=lambda link: (link.connected, link.last_frame or 0.0), reverse=True)
        return found[0] if found else None

    def console(self, device_id: str) -> TimerConsole | None:
        link = self.link(device_id)
        return TimerConsole(link) if link is not None and link.kind == "console" else None

    def light(self, device_id: str) -> StackLight | None:
        link = self.link(device_id)
        return StackLight(link) if link is not None and link.kind in ("light", "console") \
            else None

    def devices(self) -> list[dict[str, Any]]:
        return [link.status() for link in self._links]

    # -- from the links ------------------------------------------------------------------------
    def _status(self, link: Link) -> None:
        if link.device_id and link.rebooted:
            # The board restarted: its totals count from zero (a HELLO that only answers a
            # WHO on reconnecting is not a restart; its clock tells).
            link.rebooted = False
            self._sensors[link.device_id] = FieldSensors(from_zero=True)
        self._safely(self.sink.device_changed, link.status())

    def _safely(self, call, *args) -> None:
        try:
            call(*args)
        except Exception:  # noqa: BLE001 - the event layer's bug must not stop the reader
            log.exception("the event layer failed on a device message")

    def _message(self, link: Link, message: Message, arrived: float) -> None:
        device = link.device_id or link.url
        at = link.device_time(getattr(message, "t", 0), arrived)
        if link.rebooted:
            self._status(link)
        if isinstance(message, Button):
            self._safely(self.sink.button, device, message.button, at)
        elif isinstance(message, Count):
            sensors = self._sensors.setdefault(device, FieldSensors(from_zero=False))
            delta = sensors.delta(message.channel, message.total)
            if delta:
                self._safely(self.sink.count, device, message.channel, delta, at)
        elif isinstance(message, Beam):
            self._safely(self.sink.beam, device, message.channel, message.broken, at)
        elif isinstance(message, EStop):
            self._safely(self.sink.estop, device, message.station, message.pressed, at)


def discover(known: dict[tuple[int, int], str] = KNOWN_USB,
             serial_numbers: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Serial ports that may be our devices: a known USB vendor/product id or one of the given
    serial numbers. Each is identified for sure by its HELLO once a link opens it."""
    from serial.tools import list_ports

    wanted = set(serial_numbers)
    found = []
    for port in list_ports.comports():
        board = known.get((port.vid, port.pid)) if port.vid is not None else None
        if board or (port.serial_number and port.serial_number in wanted):
            found.append({"url": port.device, "board": board or "", "vid": port.vid,
                          "pid": port.pid, "serial_number": port.serial_number or ""})
    return found
