"""The broadcast bus: services publish (topic, payload); each message gets a sequence number.

One sequence runs per channel (an event's live feed), so a reconnecting client sends one number
and gets every message it missed, in order, from a bounded history, or ``None`` when the gap is
older than the history and it needs a fresh snapshot. The web layer subscribes and fans messages
out to Socket.IO rooms; the bus never waits for a client.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    channel: str
    seq: int
    topic: str
    payload: Any

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "channel": self.channel, "topic": self.topic,
                "payload": self.payload}


class Bus:
    """In-process publish/subscribe with per-channel sequence numbers and replay history."""

    def __init__(self, history: int = 512):
        self._history_size = history
        self._channels: dict[str, deque[Message]] = {}
        self._seq: dict[str, int] = {}
        self._subscribers: list[Callable[[Message], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[Message], None]) -> None:
        """``callback(message)`` runs for every published message, on the publisher's thread."""
        self._subscribers.append(callback)

    def publish(self, channel: str, topic: str, payload: Any) -> Message:
        """Number, record and hand ``payload`` to every subscriber; returns the message."""
        with self._lock:
            seq = self._seq.get(channel, 0) + 1
            self._seq[channel] = seq
            message = Message(channel, seq, topic, payload)
            history = self._channels.setdefault(channel, deque(maxlen=self._history_size))
            history.append(message)
        for callback in list(self._subscribers):
            callback(message)
        return message

    def last_seq(self, channel: str) -> int:
        return self._seq.get(channel, 0)

    def since(self, channel: str, seq: int) -> list[Message] | None:
        """Messages after ``seq``; ``None`` when some are no longer kept or ``seq`` is from
        another run of the server (higher than any number given out)."""
        with self._lock:
            last = self._seq.get(channel, 0)
            if seq > last:  # a number from before a server restart: start over
                return None
            if seq == last:
                return []
            history = self._channels.get(channel, deque())
            if seq < 0 or not history or history[0].seq > seq + 1:
                return None
            return [m for m in history if m.seq > seq]
