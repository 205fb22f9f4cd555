"""Clocks for the match controller: a real monotonic clock with deadline timers, and a fake."""

from __future__ import annotations

import gc
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """What the controller needs of time: a monotonic reading, the wall clock, and deadlines."""

    def monotonic(self) -> float: ...

    def wall(self) -> float: ...

    def call_at(self, deadline: float, callback: Callable[[], None]) -> Timer: ...


class _Entry:
    __slots__ = ("deadline", "order", "callback", "cancelled")

    def __init__(self, deadline: float, order: int, callback: Callable[[], None]):
        self.deadline = deadline
        self.order = order
        self.callback = callback
        self.cancelled = False

    def __lt__(self, other: _Entry) -> bool:
        return (self.deadline, self.order) < (other.deadline, other.order)

    def cancel(self) -> None:
        self.cancelled = True


# s: how long before a deadline the clock stops sleeping and waits without yielding. A timer
# fires only once whatever holds the event loop lets go (one 200-screen broadcast takes
# 3-4 ms on a two-core laptop), so the margin covers one such job.
_EARLY = 0.005


class MonotonicClock:
    """``time.monotonic`` with one daemon thread that fires callbacks at their deadlines.

    Callbacks run on that thread, in deadline order; they must be short (publish, persist).
    """

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._order = itertools.count()
        self._cv = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> Timer:
        entry = _Entry(deadline, next(self._order), callback)
        with self._cv:
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="match-clock", daemon=True)
                self._thread.start()
            self._cv.notify()
        return entry

    def stop(self) -> None:
        with self._cv:
            self._stopped = True
            self._cv.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._stopped:
                    if self._heap and self._heap[0].cancelled:
                        heapq.heappop(self._heap)
                        continue
                    now = time.monotonic()
                    if self._heap and self._heap[0].deadline <= now + _EARLY:
                        entry = heapq.heappop(self._heap)
                        break
                    timeout = self._heap[0].deadline - now - _EARLY if self._heap else None
                    self._cv.wait(timeout)
                else:
                    return
            # Event loops wake a millisecond or so late (epoll counts in milliseconds), and
            # only between other jobs: wake early, then wait out the last stretch without
            # yielding, so a phase ends on time to well under 1 ms. Yielding here would queue
            # the clock behind whatever is ready (under gevent, 200 screens' sends), which
            # costs more than this wait holds up. No garbage collection until the callback has
            # run: a full pass can take longer than the whole margin.
            collecting = gc.isenabled()
            gc.disable()
            try:
                while time.monotonic() < entry.deadline and not entry.cancelled:
                    pass
                if not entry.cancelled:
                    entry.callback()
            except Exception:  # a failing callback must not stop the match clock
                import logging

                logging.getLogger(__name__).exception("match clock callback failed")
            finally:
                if collecting:
                    gc.enable()


class FakeClock:
    """A clock tests move by hand: ``advance(seconds)`` fires every deadline it passes, in order."""

    def __init__(self, start: float = 1000.0, wall_start: float = 1_700_000_000.0):
        self._now = start
        self._wall_offset = wall_start - start
        self._heap: list[_Entry] = []
        self._order = itertools.count()
        self._lock = threading.RLock()

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> float:
        return self._now + self._wall_offset

    def call_at(self, deadline: float, callback: Callable[[], None]) -> Timer:
        entry = _Entry(deadline, next(self._order), callback)
        with self._lock:
            heapq.heappush(self._heap, entry)
        return entry

    def advance(self, seconds: float) -> None:
        target = self._now + seconds
        while True:
            with self._lock:
                while self._heap and self._heap[0].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap or self._heap[0].deadline > target:
                    break
                entry = heapq.heappop(self._heap)
                self._now = max(self._now, entry.deadline)
            entry.callback()
        self._now = target

    def stop(self) -> None:
        pass
