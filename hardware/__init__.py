"""Serial devices: transports, framing, device drivers and the simulator (knows no matches).

Layers, bottom up (docs/hardware-protocol.md): ``framing`` (pure encode/decode) →
``messages`` (typed frames) → ``link`` (one device on one pyserial URL: reconnects, acks and
retries, clock offset) → ``devices`` (TimerConsole, FieldSensors, StackLight and the
HardwareManager that owns every port). ``simulator`` plays the devices from the other end.
"""

from .devices import (
    FieldSensors,
    HardwareManager,
    HardwareSink,
    StackLight,
    TimerConsole,
    discover,
)
from .framing import MAX_FRAME, Decoder, Frame, crc16, encode
from .link import Link
from .messages import (
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
    UnknownType,
    Who,
    encode_message,
    needs_ack,
    parse,
)

__all__ = [
    "discover",
    "FieldSensors",
    "HardwareManager",
    "HardwareSink",
    "Link",
    "StackLight",
    "TimerConsole",
    "Ack",
    "Beam",
    "Button",
    "BUTTONS",
    "Buzz",
    "COLOURS",
    "Count",
    "crc16",
    "Decoder",
    "DEVICE_MESSAGES",
    "Display",
    "encode",
    "encode_message",
    "EStop",
    "Frame",
    "Heartbeat",
    "Hello",
    "KINDS",
    "Lamp",
    "MAX_FRAME",
    "Message",
    "MESSAGE_TYPES",
    "MessageError",
    "MODES",
    "Nak",
    "needs_ack",
    "parse",
    "Ping",
    "Pong",
    "SERVER_MESSAGES",
    "UnknownType",
    "Who",
]
