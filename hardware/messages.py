"""Typed messages of the hardware protocol (docs/hardware-protocol.md, "Messages"): one
frozen dataclass per frame type, checked when built, with ``to_fields`` and ``parse``. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from .framing import _FIELD_BAD_RE, MAX_FIELD, MAX_SEQ, Frame, encode

T_MAX = 2**32 - 1  # device clock: milliseconds since boot, unsigned 32-bit
DISPLAY_MAX = 16
CLOCK_LABEL_MAX = 8
CLOCK_MS_MAX = 3_600_000
CLOCK_MODES = ("run", "hold")
BUZZ_MS = (1, 5000)

KINDS = ("console", "sensors", "light")
BUTTONS = ("start", "pause", "resume", "abort", "ready")
COLOURS = ("red", "amber", "green", "blue", "white")
MODES = ("off", "on", "blink")

# Frame types no receiver acknowledges (WHO is answered by HELLO, PING by PONG).
NO_ACK = frozenset({"HELLO", "HB", "ACK", "NAK", "PING", "PONG", "WHO"})

_DIGITS_RE = re.compile(r"[0-9]+")


class MessageError(ValueError):
    """A frame that is well formed but is not a valid message (or a message built wrong)."""


class UnknownType(MessageError):
    """A frame type this side does not know; answer ``NAK,<seq>,unknown`` if it needs an ack."""

    def __init__(self, type: str) -> None:
        super().__init__(f"unknown frame type {type!r}")
        self.type = type


def needs_ack(type: str) -> bool:
    """Whether the receiver of a frame of this type answers it with ACK or NAK. Unknown types
    do (with ``NAK,<seq>,unknown``)."""
    return type not in NO_ACK


# --- checks, raising MessageError --------------------------------------------------------


def _check_int(type: str, name: str, value: object, lo: int, hi: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MessageError(f"{type} {name} must be a whole number, not {value!r}")
    if value < lo or (hi is not None and value > hi):
        span = f"{lo}–{hi}" if hi is not None else f"≥ {lo}"
        raise MessageError(f"{type} {name} {value} is out of range ({span})")


def _check_text(type: str, name: str, value: object, *, max_len: int = MAX_FIELD,
                empty_ok: bool = False) -> None:
    if not isinstance(value, str):
        raise MessageError(f"{type} {name} must be text, not {value!r}")
    if not value and not empty_ok:
        raise MessageError(f"{type} {name} is empty")
    if len(value) > max_len:
        raise MessageError(f"{type} {name} {value!r} is {len(value)} characters long "
                           f"(at most {max_len})")
    bad = _FIELD_BAD_RE.search(value)
    if bad:
        raise MessageError(f"{type} {name} {value!r} holds the forbidden character "
                           f"{bad.group()!r} (printable ASCII except '$', ',', '*' only)")


def _check_choice(type: str, name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise MessageError(f"{type} {name} {value!r} is not one of {', '.join(choices)}")


def _check_bool(type: str, name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise MessageError(f"{type} {name} must be True or False, not {value!r}")


def _int(type: str, name: str, text: str) -> int:
    if not _DIGITS_RE.fullmatch(text):
        raise MessageError(f"{type} {name} {text!r} is not a whole number")
    return int(text)


def _bool(type: str, name: str, text: str) -> bool:
    if text not in ("0", "1"):
        raise MessageError(f"{type} {name} {text!r} is not 0 or 1")
    return text == "1"


# --- messages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """Base of all messages: ``TYPE``, ``FIELDS`` (names, in frame order), ``to_fields``."""

    TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def to_fields(self) -> tuple[str, ...]:
        out = []
        for name in self.FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool):
                out.append("1" if value else "0")
            else:
                out.append(str(value))
        return tuple(out)

    @classmethod
    def from_fields(cls, fields: tuple[str, ...]) -> Message:
        if len(fields) != len(cls.FIELDS):
            names = ", ".join(cls.FIELDS) or "none"
            raise MessageError(f"{cls.TYPE} takes {len(cls.FIELDS)} field(s) ({names}), "
                               f"got {len(fields)}")
        return cls(*cls._convert(fields))

    @classmethod
    def _convert(cls, fields: tuple[str, ...]) -> tuple[object, ...]:
        return fields


# Device → server.


@dataclass(frozen=True)
class Hello(Message):
    kind: str
    id: str
    firmware: str
    t: int
    TYPE: ClassVar[str] = "HELLO"
    FIELDS: ClassVar[tuple[str, ...]] = ("kind", "id", "firmware", "t")

    def __post_init__(self) -> None:
        _check_choice(self.TYPE, "kind", self.kind, KINDS)
        _check_text(self.TYPE, "id", self.id)
        _check_text(self.TYPE, "firmware", self.firmware)
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)

    @classmethod
    def _convert(cls, f):
        return f[0], f[1], f[2], _int(cls.TYPE, "t", f[3])


@dataclass(frozen=True)
class Heartbeat(Message):
    t: int
    TYPE: ClassVar[str] = "HB"
    FIELDS: ClassVar[tuple[str, ...]] = ("t",)

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)

    @classmethod
    def _convert(cls, f):
        return (_int(cls.TYPE, "t", f[0]),)


@dataclass(frozen=True)
class Pong(Message):
    token: str
    t: int
    TYPE: ClassVar[str] = "PONG"
    FIELDS: ClassVar[tuple[str, ...]] = ("token", "t")

    def __post_init__(self) -> None:
        _check_text(self.TYPE, "token", self.token)
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)

    @classmethod
    def _convert(cls, f):
        return f[0], _int(cls.TYPE, "t", f[1])


@dataclass(frozen=True)
class Button(Message):
    t: int
    button: str
    TYPE: ClassVar[str] = "BTN"
    FIELDS: ClassVar[tuple[str, ...]] = ("t", "button")

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)
        _check_choice(self.TYPE, "button", self.button, BUTTONS)

    @classmethod
    def _convert(cls, f):
        return _int(cls.TYPE, "t", f[0]), f[1]


@dataclass(frozen=True)
class Count(Message):
    t: int
    channel: str
    total: int
    TYPE: ClassVar[str] = "CNT"
    FIELDS: ClassVar[tuple[str, ...]] = ("t", "channel", "total")

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)
        _check_text(self.TYPE, "channel", self.channel)
        _check_int(self.TYPE, "total", self.total, 0, None)

    @classmethod
    def _convert(cls, f):
        return _int(cls.TYPE, "t", f[0]), f[1], _int(cls.TYPE, "total", f[2])


@dataclass(frozen=True)
class Beam(Message):
    t: int
    channel: str
    broken: bool
    TYPE: ClassVar[str] = "BEAM"
    FIELDS: ClassVar[tuple[str, ...]] = ("t", "channel", "broken")

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)
        _check_text(self.TYPE, "channel", self.channel)
        _check_bool(self.TYPE, "broken", self.broken)

    @classmethod
    def _convert(cls, f):
        return _int(cls.TYPE, "t", f[0]), f[1], _bool(cls.TYPE, "broken", f[2])


@dataclass(frozen=True)
class EStop(Message):
    t: int
    station: str
    pressed: bool
    TYPE: ClassVar[str] = "ESTOP"
    FIELDS: ClassVar[tuple[str, ...]] = ("t", "station", "pressed")

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "t", self.t, 0, T_MAX)
        _check_text(self.TYPE, "station", self.station)
        _check_bool(self.TYPE, "pressed", self.pressed)

    @classmethod
    def _convert(cls, f):
        return _int(cls.TYPE, "t", f[0]), f[1], _bool(cls.TYPE, "pressed", f[2])


# Either way: answers to a frame that needs an ack.


@dataclass(frozen=True)
class Ack(Message):
    seq: int
    TYPE: ClassVar[str] = "ACK"
    FIELDS: ClassVar[tuple[str, ...]] = ("seq",)

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "seq", self.seq, 0, MAX_SEQ)

    @classmethod
    def _convert(cls, f):
        return (_int(cls.TYPE, "seq", f[0]),)


@dataclass(frozen=True)
class Nak(Message):
    seq: int
    reason: str
    TYPE: ClassVar[str] = "NAK"
    FIELDS: ClassVar[tuple[str, ...]] = ("seq", "reason")

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "seq", self.seq, 0, MAX_SEQ)
        _check_text(self.TYPE, "reason", self.reason)

    @classmethod
    def _convert(cls, f):
        return _int(cls.TYPE, "seq", f[0]), f[1]


# Server → device.


@dataclass(frozen=True)
class Who(Message):
    TYPE: ClassVar[str] = "WHO"
    FIELDS: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True)
class Ping(Message):
    token: str
    TYPE: ClassVar[str] = "PING"
    FIELDS: ClassVar[tuple[str, ...]] = ("token",)

    def __post_init__(self) -> None:
        _check_text(self.TYPE, "token", self.token)


@dataclass(frozen=True)
class Display(Message):
    text: str
    TYPE: ClassVar[str] = "DISP"
    FIELDS: ClassVar[tuple[str, ...]] = ("text",)

    def __post_init__(self) -> None:
        _check_text(self.TYPE, "text", self.text, max_len=DISPLAY_MAX, empty_ok=True)


@dataclass(frozen=True)
class Clock(Message):
    """The console's match clock: ``label`` and ``ms`` left in the phase, counted down by the
    board itself (``mode`` "run") or shown still ("hold")."""

    label: str
    ms: int
    mode: str
    TYPE: ClassVar[str] = "CLK"
    FIELDS: ClassVar[tuple[str, ...]] = ("label", "ms", "mode")

    def __post_init__(self) -> None:
        _check_text(self.TYPE, "label", self.label, max_len=CLOCK_LABEL_MAX)
        _check_int(self.TYPE, "ms", self.ms, 0, CLOCK_MS_MAX)
        _check_choice(self.TYPE, "mode", self.mode, CLOCK_MODES)

    @classmethod
    def _convert(cls, f):
        return (f[0], _int(cls.TYPE, "ms", f[1]), f[2])

    def text(self, left_ms: int | None = None) -> str:
        """What the console shows with ``left_ms`` left (seconds rounded up): ``AUTO 0:27``."""
        left = self.ms if left_ms is None else max(0, left_ms)
        seconds = -(-left // 1000)
        return f"{self.label} {seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class Buzz(Message):
    ms: int
    TYPE: ClassVar[str] = "BUZ"
    FIELDS: ClassVar[tuple[str, ...]] = ("ms",)

    def __post_init__(self) -> None:
        _check_int(self.TYPE, "ms", self.ms, *BUZZ_MS)

    @classmethod
    def _convert(cls, f):
        return (_int(cls.TYPE, "ms", f[0]),)


@dataclass(frozen=True)
class Lamp(Message):
    colour: str
    mode: str
    TYPE: ClassVar[str] = "LAMP"
    FIELDS: ClassVar[tuple[str, ...]] = ("colour", "mode")

    def __post_init__(self) -> None:
        _check_choice(self.TYPE, "colour", self.colour, COLOURS)
        _check_choice(self.TYPE, "mode", self.mode, MODES)


DEVICE_MESSAGES: tuple[type[Message], ...] = (Hello, Heartbeat, Pong, Button, Count, Beam,
                                              EStop, Ack, Nak)
SERVER_MESSAGES: tuple[type[Message], ...] = (Who, Ping, Display, Clock, Buzz, Lamp, Ack,
                                              Nak)
MESSAGE_TYPES: dict[str, type[Message]] = {
    cls.TYPE: cls for cls in DEVICE_MESSAGES + SERVER_MESSAGES
}


def parse(frame: Frame) -> Message:
    """The message a frame carries; MessageError (UnknownType for a type not in the tables)."""
    cls = MESSAGE_TYPES.get(frame.type)
    if cls is None:
        raise UnknownType(frame.type)
    return cls.from_fields(tuple(frame.fields))


def encode_message(seq: int, msg: Message) -> bytes:
    """The frame bytes of ``msg`` with sender frame number ``seq``."""
    return encode(seq, msg.TYPE, *msg.to_fields())
