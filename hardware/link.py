"""One serial device on one pyserial URL: open it (again after an unplug, with backoff), learn
who it is, read its frames, acknowledge its events, send it commands that are acknowledged and
retried, and estimate its clock offset (docs/hardware-protocol.md).

A link runs one reader thread (a greenlet when the server runs under gevent: pyserial's reads
wait in ``select``, which gevent makes cooperative, so the reader never holds up the match
clock). Writes happen on the caller's thread under a lock: a phase change writes its console
command the moment its deadline fires.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import serial

from .framing import Decoder, Frame
from .messages import (
    DEVICE_MESSAGES,
    Ack,
    Heartbeat,
    Hello,
    Message,
    MessageError,
    Nak,
    Ping,
    Pong,
    UnknownType,
    Who,
    encode_message,
    needs_ack,
    parse,
)

log = logging.getLogger(__name__)

BAUDRATE = 115200
RETRY_AFTER = 0.100  # s before an unacknowledged frame is sent again
RETRIES = 3
PING_EVERY = 2.0  # s between clock samples
SILENCE = 1.5  # s without a frame: the device is disconnected
HELLO_WAIT = 2.5  # s to wait for HELLO after opening (an Arduino resets on open)
BACKOFF = (0.2, 5.0)  # first and longest wait between attempts to open the port
SEEN = 32  # peer seqs remembered for duplicate detection…
SEEN_FOR = 5.0  # …for at most this long (s), as the firmware does
FRESH_BOOT_MS = 10_000  # a HELLO from a board up for less than this: it just booted
REOPEN_AFTER = 5.0  # s of silence on an open port: close and reopen it (a dead socket)
OFFSET_SAMPLES = 16


def open_serial(url: str, baudrate: int = BAUDRATE) -> Any:
    """A pyserial port for ``url``: a device path, ``socket://``, ``loop://`` or a pty. A
    write that cannot finish in 0.1 s fails (the device stopped reading): the link then
    reopens the port, and the match clock that was writing goes on."""
    return serial.serial_for_url(url, baudrate=baudrate, timeout=0.02, write_timeout=0.1)


@dataclass
class _Pending:
    seq: int
    data: bytes
    sent_at: float
    tries: int = 1


@dataclass
class LinkStats:
    frames_in: int = 0
    frames_out: int = 0
    errors: int = 0  # frames dropped by the decoder, messages that did not parse
    gave_up: int = 0  # commands never acknowledged after every retry
    reconnects: int = 0
    recent: deque = field(default_factory=lambda: deque(maxlen=256))  # arrival times


class ClockOffset:
    """The device clock (ms since boot) against the server's monotonic clock (s).

    Each PING/PONG gives ``offset = t − (s1 + s2) / 2`` within ±(s2 − s1)/2; the sample with
    the smallest round trip among the last ones wins (NTP's minimum filter)."""

    def __init__(self, keep: int = OFFSET_SAMPLES):
        self._samples: deque[tuple[float, float]] = deque(maxlen=keep)  # (rtt s, offset ms)

    def add(self, sent: float, received: float, device_ms: int) -> None:
        rtt = max(0.0, received - sent)
        self._samples.append((rtt, device_ms - (sent + received) * 500.0))

    def reset(self) -> None:
        self._samples.clear()

    @property
    def known(self) -> bool:
        return bool(self._samples)

    @property
    def best(self) -> tuple[float, float] | None:
        """(round trip in s, offset in ms) of the best sample, or None."""
        return min(self._samples) if self._samples else None

    def to_server(self, device_ms: int) -> float | None:
        """The server monotonic time (s) of a device timestamp, or None before a sample."""
        best = self.best
        if best is None:
            return None
        return (device_ms - best[1]) / 1000.0


class Link:
    """A device on ``url``. ``on_message(link, message, arrived)`` gets every event the device
    reports (``arrived``: server monotonic seconds), once even if the device resent it;
    ``on_status(link)`` runs when it connects, identifies or goes silent."""

    def __init__(self, url: str, *, on_message: Callable[[Link, Message, float], None],
                 on_status: Callable[[Link], None] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 opener: Callable[[str], Any] = open_serial, backoff: tuple = BACKOFF):
        self.url = url
        self._on_message = on_message
        self._on_status = on_status or (lambda link: None)
        self._clock = clock
        self._opener = opener
        self._backoff = backoff
        self._port: Any = None
        self._decoder = Decoder()
        self._write_lock = threading.Lock()
        self._seq = 0
        self._pending: dict[int, _Pending] = {}
        self._seen: dict[int, float] = {}  # peer seq -> when acted on (forgotten after 5 s)
        self._failed = False  # a write failed: the reader closes and reopens the port
        self.rebooted = False  # set when the device restarted (read by the manager)
        self._last_t: int | None = None  # the device clock in its last frame
        self._pings: dict[str, float] = {}
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self.offset = ClockOffset()
        self.stats = LinkStats()
        self.hello: Hello | None = None
        self.connected = False  # the port is open and the device spoke within SILENCE
        self.last_frame: float | None = None
        self._opened_at: float | None = None
        self._last_ping = 0.0
        self._hello_asked = 0.0

    # -- identity --------------------------------------------------------------------------
    @property
    def kind(self) -> str | None:
        return self.hello.kind if self.hello else None

    @property
    def device_id(self) -> str | None:
        return self.hello.id if self.hello else None

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        self._stopped.clear()
        self._thread = threading.Thread(target=self._run, name=f"link {self.url}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._close()

    # -- sending -------------------------------------------------------------------------------
    def send(self, message: Message) -> int | None:
        """Send a command; one that needs an acknowledgement is resent until acknowledged (at
        most RETRIES more times). Returns its seq, or None when the port is not open."""
        with self._write_lock:
            if self._port is None:
                return None
            seq = self._seq
            self._seq = (self._seq + 1) % 65536
            data = encode_message(seq, message)
            if needs_ack(message.TYPE):
                self._pending[seq] = _Pending(seq, data, self._clock())
            self._write(data)
            return seq

    def _write(self, data: bytes) -> None:
        """Write under ``_write_lock`` (held by the caller). A failure only marks the port:
        the reader closes it outside the lock (closing here would take the lock again)."""
        if self._failed:
            return
        try:
            self._port.write(data)
            self.stats.frames_out += 1
        except (serial.SerialException, OSError, AttributeError) as exc:
            log.info("%s: write failed (%s); reopening", self.url, exc)
            self._failed = True

    def _reply(self, message: Message) -> None:
        with self._write_lock:
            if self._port is not None:
                seq = self._seq
                self._seq = (self._seq + 1) % 65536
                self._write(encode_message(seq, message))

    # -- status --------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        now = self._clock()
        recent = [t for t in self.stats.recent if now - t <= 5.0]
        best = self.offset.best
        return {
            "url": self.url, "connected": self.connected, "kind": self.kind,
            "id": self.device_id, "firmware": self.hello.firmware if self.hello else None,
            "heartbeat_age_ms": round((now - self.last_frame) * 1000) if self.last_frame
            else None,
            "fps": round(len(recent) / 5.0, 1), "frames_in": self.stats.frames_in,
            "frames_out": self.stats.frames_out, "errors": self.stats.errors
            + sum(self._decoder.errors.values()), "gave_up": self.stats.gave_up,
            "reconnects": self.stats.reconnects,
            "latency_ms": round(best[0] * 500, 2) if best else None,
            "offset_ms": round(best[1], 1) if best else None,
        }

    def device_time(self, device_ms: int, arrived: float) -> float:
        """When (server monotonic s) something the device stamped ``device_ms`` happened:
        from the clock offset, or the arrival time before the first sample."""
        at = self.offset.to_server(device_ms)
        return arrived if at is None or at > arrived else at

    # -- the reader ----------------------------------------------------------------------------
    def _run(self) -> None:
        wait = self._backoff[0]
        while not self._stopped.is_set():
            if self._failed:
                self._close()
            if self._port is None:
                if not self._open():
                    self._stopped.wait(wait)
                    wait = min(wait * 2, self._backoff[1])
                    continue
                wait = self._backoff[0]
            try:
                # One byte (waiting at most the port's timeout), then whatever else is
                # there: read(256) would wait for 256 bytes or the timeout on every frame.
                data = self._port.read(1)
                while data and self._port.in_waiting:
                    data += self._port.read(self._port.in_waiting)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                log.info("%s: read failed (%s); reconnecting", self.url, exc)
                self._close()
                continue
            now = self._clock()
            try:
                if data:
                    for frame in self._decoder.feed(data):
                        self._handle(frame, now)
                self._tick(now)
            except Exception:  # noqa: BLE001 - the reader must outlive any handler's bug
                log.exception("%s: handling a frame failed", self.url)

    def _open(self) -> bool:
        try:
            port = self._opener(self.url)
        except (serial.SerialException, OSError, ValueError) as exc:
            log.debug("%s: cannot open (%s)", self.url, exc)
            return False
        with self._write_lock:
            if self._stopped.is_set():
                port.close()
                return False
            self._port = port
            self._failed = False
        self._decoder = Decoder()
        self._opened_at = self._clock()
        self.stats.reconnects += 1
        self._reply(Who())
        self._hello_asked = self._opened_at
        return True

    def _close(self) -> None:
        with self._write_lock:
            port, self._port = self._port, None
            self._pending.clear()
        if port is not None:
            try:
                port.close()
            except Exception:  # noqa: BLE001 - a vanished device may fail in any way
                pass
        if self.connected:
            self.connected = False
            self._on_status(self)

    def _tick(self, now: float) -> None:
        """Retries, clock samples, asking for HELLO and noticing silence."""
        with self._write_lock:
            for pending in list(self._pending.values()):
                if now - pending.sent_at >= RETRY_AFTER:
                    if pending.tries > RETRIES:
                        del self._pending[pending.seq]
                        self.stats.gave_up += 1
                        log.warning("%s: command %d never acknowledged", self.url, pending.seq)
                        continue
                    pending.tries += 1
                    pending.sent_at = now
                    if self._port is not None:
                        self._write(pending.data)
        if self.hello is None and now - self._hello_asked >= HELLO_WAIT / 2:
            self._hello_asked = now
            self._reply(Who())
        if self.connected and self.last_frame is not None and now - self.last_frame > SILENCE:
            self.connected = False
            self._on_status(self)
        quiet_since = max(self.last_frame or 0.0, self._opened_at or 0.0)
        if self._port is not None and now - quiet_since > REOPEN_AFTER:
            self._failed = True  # nothing for seconds on an open port: reopen it
        for seq, at in list(self._seen.items()):
            if now - at > SEEN_FOR:
                del self._seen[seq]
        if self.hello is not None and now - self._last_ping >= PING_EVERY:
            self._last_ping = now
            token = f"{int(now * 1000) % 100000000}"
            self._pings[token] = now
            if len(self._pings) > 8:
                self._pings.pop(next(iter(self._pings)))
            self._reply(Ping(token))

    def _handle(self, frame: Frame, now: float) -> None:
        self.stats.frames_in += 1
        self.stats.recent.append(now)
        self.last_frame = now
        try:
            message = parse(frame)
        except UnknownType:
            self.stats.errors += 1
            if needs_ack(frame.type):
                self._reply(Nak(frame.seq, "unknown"))
            return
        except MessageError as exc:
            self.stats.errors += 1
            log.info("%s: %s", self.url, exc)
            if needs_ack(frame.type):
                self._reply(Nak(frame.seq, "bad"))
            return
        if not isinstance(message, DEVICE_MESSAGES):
            # A server's own command coming back (a port that echoes, a loopback, two servers
            # wired together): count it, and never answer it, or the two ends chatter forever.
            self.stats.errors += 1
            return
        self._check_clock(message)
        if isinstance(message, Hello):
            if self.hello is not None and self.hello.id != message.id:
                log.info("%s: now %s %s", self.url, message.kind, message.id)
                self._restarted()
            elif self.hello is None:
                self._last_ping = 0.0  # sample the clock at once
                # A board up for only seconds has just booted: its counters start at zero.
                self.rebooted = message.t < FRESH_BOOT_MS
            self.hello = message
        if not self.connected and self.hello is not None:
            self.connected = True
            self._on_status(self)
        elif isinstance(message, Hello):
            self._on_status(self)
        if isinstance(message, Ack | Nak):
            with self._write_lock:
                self._pending.pop(message.seq, None)
            if isinstance(message, Nak):
                log.warning("%s: command %d refused: %s", self.url, message.seq,
                            message.reason)
            return
        if isinstance(message, Pong):
            sent = self._pings.pop(message.token, None)
            if sent is not None:
                self.offset.add(sent, now, message.t)
            return
        if isinstance(message, Hello | Heartbeat):
            return
        if self.hello is None:
            # An event from a device that has not said who it is: no ack, so it is resent
            # once we know (and WHO asks at once).
            self._hello_asked = now
            self._reply(Who())
            return
        if needs_ack(frame.type):
            self._reply(Ack(frame.seq))
            if frame.seq in self._seen:
                return  # a resend of something already acted on
            self._seen[frame.seq] = now
        self._on_message(self, message, now)

    def _check_clock(self, message: Message) -> None:
        """A device clock that went backwards means the board restarted (its HELLO may have
        been lost): forget its clock samples and seqs, and say so to the manager."""
        t = getattr(message, "t", None)
        if t is None:
            return
        if self._last_t is not None and t + 1000 < self._last_t:
            log.info("%s: the device restarted (its clock went back)", self.url)
            self._restarted()
        self._last_t = t

    def _restarted(self) -> None:
        self._seen.clear()
        self.offset.reset()
        self._last_ping = 0.0
        self.rebooted = True
