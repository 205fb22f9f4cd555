"""The devices, simulated from the other end of the wire: a timer console, a sensor board or a
stack light that speaks the protocol over a pty (the server opens its slave side, through a
stable symlink) or a TCP port (the server opens ``socket://host:port``), with fault injection:
garbage bytes, bit flips, dropped and delayed frames, unplug and replug.

Used by ``zharys hardware simulate``, the demo, the tests and the latency bench.
"""

from __future__ import annotations

import os
import random
import select
import socket
import threading
import time
import tty
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .framing import Decoder
from .messages import (
    KINDS,
    Ack,
    Beam,
    Button,
    Buzz,
    Clock,
    Count,
    Display,
    EStop,
    Heartbeat,
    Hello,
    Lamp,
    Message,
    MessageError,
    Nak,
    Ping,
    Pong,
    Who,
    encode_message,
    needs_ack,
    parse,
)


@dataclass
class Faults:
    """What goes wrong on the wire, per frame the device sends (probabilities 0..1)."""

    garbage: float = 0.0  # random bytes before the frame
    flip: float = 0.0  # one bit flipped inside the frame
    drop: float = 0.0  # the frame never arrives
    delay_ms: float = 0.0  # every frame written this much later
    seed: int | None = None
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def apply(self, data: bytes) -> bytes:
        rng = self.rng
        if self.drop and rng.random() < self.drop:
            return b""
        if self.flip and rng.random() < self.flip:
            i = rng.randrange(len(data))
            data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
        if self.garbage and rng.random() < self.garbage:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))) + data
        return data


class PtyEndpoint:
    """The device end of a pty pair. ``path`` is a symlink to the slave side that stays the
    same across an unplug and replug (a new pty each time, like a re-enumerated USB port)."""

    def __init__(self, path: str | None = None):
        self.path = path
        self.master: int | None = None
        self.slave: int | None = None
        self.plug()

    def plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: the device end of a serial line
        self.master, self.slave = master, slave
        name = os.ttyname(slave)
        if self.path:
            tmp = f"{self.path}.new"
            if os.path.lexists(tmp):
                os.unlink(tmp)
            os.symlink(name, tmp)
            os.replace(tmp, self.path)
        else:
            self.path = name

    def unplug(self) -> None:
        for fd in (self.master, self.slave):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.master = self.slave = None

    def read(self, timeout: float) -> bytes:
        fd = self.master  # unplug() may run on another thread
        if fd is None:
            time.sleep(timeout)
            return b""
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
            return os.read(fd, 4096) if ready else b""
        except (OSError, ValueError):
            return b""

    def write(self, data: bytes) -> None:
        fd = self.master
        if fd is not None and data:
            try:
                os.write(fd, data)
            except OSError:
                pass

    def url(self) -> str:
        return self.path or ""


class TcpEndpoint:
    """The device behind a serial-to-TCP bridge: listens on ``host:port`` and serves one
    connection at a time (the server opens ``socket://host:port``)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._server = socket.create_server((host, port))
        self.host, self.port = self._server.getsockname()[:2]
        self._conn: socket.socket | None = None
        self._plugged = True

    def plug(self) -> None:
        self._plugged = True

    def unplug(self) -> None:
        self._plugged = False
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def read(self, timeout: float) -> bytes:
        if not self._plugged:
            time.sleep(timeout)
            return b""
        if self._conn is None:
            ready, _, _ = select.select([self._server], [], [], timeout)
            if ready:
                self._conn, _ = self._server.accept()
                self._conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return b""
        ready, _, _ = select.select([self._conn], [], [], timeout)
        if not ready:
            return b""
        try:
            data = self._conn.recv(4096)
        except OSError:
            data = b""
        if not data:
            self._conn.close()
            self._conn = None
        return data

    def write(self, data: bytes) -> None:
        if self._conn is not None and data:
            try:
                self._conn.sendall(data)
            except OSError:
                pass

    def close(self) -> None:
        self.unplug()
        self._server.close()

    def url(self) -> str:
        return f"socket://{self.host}:{self.port}"


class SimulatedDevice:
    """One device speaking the protocol on ``endpoint`` in its own thread.

    Buttons, counters, beams and e-stops are triggered with :meth:`press`, :meth:`count`,
    :meth:`beam` and :meth:`estop` (from the keyboard, a script or a test). What the server
    commands is kept in ``display``, ``lamps`` and ``buzzes`` and passed to ``on_command``.
    """

    def __init__(self, kind: str, device_id: str, endpoint: Any, *, firmware: str = "sim-1.0",
                 faults: Faults | None = None,
                 on_command: Callable[[Message], None] | None = None,
                 heartbeat: float = 0.5):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        self.kind, self.device_id, self.firmware = kind, device_id, firmware
        self.endpoint = endpoint
        self.faults = faults or Faults()
        self.on_command = on_command or (lambda message: None)
        self.heartbeat = heartbeat
        self.display = ""
        self.lamps: dict[str, str] = {}
        self.buzzes: list[int] = []
        self.totals: dict[str, int] = {}
        self.written: deque[tuple[float, bytes]] = deque(maxlen=1024)  # (perf_counter, frame)
        self._boot = time.monotonic()
        self._seq = 0
        self._pending: dict[int, list] = {}  # seq -> [data, sent_at, tries]
        self._seen: deque[int] = deque(maxlen=32)
        self._decoder = Decoder()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.acted: list[Message] = []
        self.last_heard: float | None = None  # monotonic time of the server's last frame
        self._countdown: tuple[Clock, float] | None = None  # a running CLK and when it came

    def now_ms(self) -> int:
        return int((time.monotonic() - self._boot) * 1000) % 2**32

    # -- the device's events -------------------------------------------------------------------
    def press(self, button: str) -> None:
        self._send(Button(self.now_ms(), button))

    def count(self, channel: str, n: int = 1, t_ms: int | None = None) -> None:
        """``n`` more counts on ``channel`` (sent as the running total)."""
        self.totals[channel] = self.totals.get(channel, 0) + n
        self._send(Count(self.now_ms() if t_ms is None else t_ms, channel,
                         self.totals[channel]))

    def beam(self, channel: str, broken: bool) -> None:
        self._send(Beam(self.now_ms(), channel, broken))

    def estop(self, station: str, pressed: bool) -> None:
        self._send(EStop(self.now_ms(), station, pressed))

    def hello(self) -> None:
        self._send(Hello(self.kind, self.device_id, self.firmware, self.now_ms()))

    def restart(self) -> None:
        """A reboot: the clock and the counters start from zero and the board says HELLO."""
        self._boot = time.monotonic()
        self.totals.clear()
        self._seen.clear()
        self.hello()

    # -- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"sim {self.device_id}",
                                        daemon=True)
        self._thread.start()
        self.hello()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def unplug(self) -> None:
        with self._lock:
            self.endpoint.unplug()

    def replug(self) -> None:
        with self._lock:
            self.endpoint.plug()
        self.restart()

    # -- the wire ------------------------------------------------------------------------------
    def _send(self, message: Message) -> None:
        with self._lock:
            seq = self._seq
            self._seq = (self._seq + 1) % 65536
            data = encode_message(seq, message)
            if needs_ack(message.TYPE):
                self._pending[seq] = [data, time.monotonic(), 1]
            self._write(data)

    def _write(self, data: bytes) -> None:
        out = self.faults.apply(data)
        if self.faults.delay_ms:
            time.sleep(self.faults.delay_ms / 1000)
        self.endpoint.write(out)
        self.written.append((time.perf_counter(), data))  # written: after the write returns

    def _run(self) -> None:
        last_beat = 0.0
        while not self._stop.is_set():
            data = self.endpoint.read(0.01)
            for frame in self._decoder.feed(data) if data else ():
                try:
                    message = parse(frame)
                except MessageError:
                    if needs_ack(frame.type):
                        self._reply(Nak(frame.seq, "unknown"))
                    continue
                self._handle(frame.seq, message)
            now = time.monotonic()
            if self._countdown is not None:  # the console counts the match clock down itself
                clock, since = self._countdown
                self.display = clock.text(clock.ms - int((now - since) * 1000))
            if now - last_beat >= self.heartbeat:
                last_beat = now
                self._reply(Heartbeat(self.now_ms()))
            with self._lock:
                for seq, pending in list(self._pending.items()):
                    if now - pending[1] >= 0.1:
                        if pending[2] > 3:
                            del self._pending[seq]
                            continue
                        pending[1], pending[2] = now, pending[2] + 1
                        self._write(pending[0])

    def _reply(self, message: Message) -> None:
        with self._lock:
            seq = self._seq
            self._seq = (self._seq + 1) % 65536
            self._write(encode_message(seq, message))

    def _handle(self, seq: int, message: Message) -> None:
        self.last_heard = time.monotonic()
        if isinstance(message, Ack | Nak):
            with self._lock:
                self._pending.pop(message.seq, None)
            return
        if isinstance(message, Who):
            self.hello()
            return
        if isinstance(message, Ping):
            self._reply(Pong(message.token, self.now_ms()))
            return
        self._reply(Ack(seq))
        if seq in self._seen:
            return
        self._seen.append(seq)
        if isinstance(message, Display):
            self.display = message.text
            self._countdown = None
        elif isinstance(message, Clock):
            self.display = message.text()
            self._countdown = (message, time.monotonic()) if message.mode == "run" else None
        elif isinstance(message, Buzz):
            self.buzzes.append(message.ms)
        elif isinstance(message, Lamp):
            self.lamps[message.colour] = message.mode
        self.acted.append(message)
        self.on_command(message)


HELP = """commands (one per line; also from --script, where "wait S" pauses):
  press start|pause|resume|abort|ready   a console button
  count CHANNEL [N]                      N more counts on a sensor channel
  beam CHANNEL 0|1                       a beam cleared or broken
  estop STATION 0|1                      an e-stop released or pressed
  garbage N                              write N random bytes
  unplug S                               unplug for S seconds, then plug in again (restart)
  restart                                reboot the device
  show                                   what the server last commanded
  quit"""


def execute(device: SimulatedDevice, line: str) -> str | None:
    """Run one command line on ``device``; returns text to print (or None)."""
    words = line.split()
    if not words or words[0].startswith("#"):
        return None
    verb, args = words[0], words[1:]
    try:
        if verb == "press":
            device.press(args[0])
        elif verb == "count":
            device.count(args[0], int(args[1]) if len(args) > 1 else 1)
        elif verb == "beam":
            device.beam(args[0], args[1] == "1")
        elif verb == "estop":
            device.estop(args[0], args[1] == "1")
        elif verb == "garbage":
            device.endpoint.write(bytes(random.randrange(256) for _ in range(int(args[0]))))
        elif verb == "unplug":
            device.unplug()
            time.sleep(float(args[0]) if args else 2.0)
            device.replug()
        elif verb == "restart":
            device.restart()
        elif verb == "wait":
            time.sleep(float(args[0]))
        elif verb == "show":
            return f"display {device.display!r}  lamps {device.lamps}  buzzes {device.buzzes}"
        elif verb == "help":
            return HELP
        else:
            return f"unknown command {verb!r}; type help"
    except (IndexError, ValueError):
        usage = next((h.strip() for h in HELP.splitlines()[1:] if h.strip().startswith(verb)),
                     "help")
        return f"{line.strip()!r} is not a command; use: {usage}"
    return None


def run_cli(args: Any) -> int:
    """``zharys hardware simulate``: one device until quit (or end of input)."""
    import sys

    defaults = {"console": "TC-01", "sensors": "FS-01", "light": "SL-01"}
    if args.listen:
        host, _, port = args.listen.rpartition(":")
        endpoint: Any = TcpEndpoint(host or "127.0.0.1", int(port))
    else:
        endpoint = PtyEndpoint(args.pty)
    faults = Faults(garbage=args.garbage, flip=args.flip, drop=args.drop, delay_ms=args.delay)

    def shown(message: Message) -> None:
        print(f"<- {message.TYPE} {' '.join(message.to_fields())}", flush=True)

    device = SimulatedDevice(args.kind, args.id or defaults[args.kind], endpoint,
                             faults=faults, on_command=shown)
    device.start()
    print(f"{args.kind} {device.device_id} on {endpoint.url()}  (type help)", flush=True)
    stop = threading.Event()
    if args.random and args.kind == "sensors":
        channels = [c for c in args.channels.split(",") if c]

        def score() -> None:
            rng = random.Random()
            while not stop.wait(rng.expovariate(args.random)):
                device.count(rng.choice(channels))

        threading.Thread(target=score, daemon=True).start()
    if args.unplug_every:
        def unplugging() -> None:
            while not stop.wait(args.unplug_every):
                execute(device, "unplug 2")

        threading.Thread(target=unplugging, daemon=True).start()
    lines = open(args.script, encoding="utf-8") if args.script else sys.stdin
    try:
        for line in lines:
            if line.strip() == "quit":
                break
            out = execute(device, line)
            if out:
                print(out, flush=True)
        if args.script:
            stop.wait()  # a script sets things up; the device keeps running until Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        device.stop()
    return 0
