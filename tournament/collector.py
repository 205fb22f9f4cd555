"""Garbage collection around running matches.

A full pass of CPython's collector walks every tracked object. With 200 screens connected it
takes 10 to 20 ms on the 2-core venue laptop, which is longer than a score change's whole
budget on its way to those screens. The cheap young-generation passes go on as usual; only
the full pass waits while any field plays a match, and runs again once every field is
between matches (loading, resetting, reviewing), when nothing is timed. Matches leave gaps
on every field, so the wait is a match long at most, and what waits is only garbage in
reference cycles: everything else is freed the moment it is dropped.
"""

from __future__ import annotations

import gc
import threading

from .bus import Message
from .controller import RUNNING

# A full pass needs this many young passes first: far more than a match produces.
_HELD = 1_000_000


class FullCollectionHold:
    """A bus subscriber: holds full collections while any field's match is running.

    ``zharys serve`` installs it for the process it serves from; the hold is process-wide,
    as the collector is.
    """

    def __init__(self) -> None:
        self._running: set[int] = set()
        self._saved: int | None = None
        self._lock = threading.Lock()

    @property
    def holding(self) -> bool:
        return self._saved is not None

    def __call__(self, message: Message) -> None:
        if message.channel != "control" or message.topic != "match.state":
            return
        payload = message.payload
        with self._lock:
            if payload.get("state") in RUNNING:
                self._running.add(payload["field"])
            else:
                self._running.discard(payload["field"])
            young, middle, full = gc.get_threshold()
            if self._running and self._saved is None:
                self._saved = full
                gc.set_threshold(young, middle, _HELD)
            elif not self._running and self._saved is not None:
                gc.set_threshold(young, middle, self._saved)
                self._saved = None
