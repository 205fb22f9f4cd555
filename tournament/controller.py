"""The live match controller: one per field, a state machine driven by deadlines on a clock.

States: idle → loaded → auto → transition → teleop → endgame (or one "match" phase) → ended
→ (review) → committed,
with ``aborted`` reachable from any running phase and ``replay`` loading a committed or aborted
match again. Phase changes are scheduled at deadlines on the injected clock, never polled.
The controller publishes ``match.timing`` when a match starts and ``match.state`` on every
transition; browsers compute the countdown themselves from the timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock, Timer
from .errors import Conflict

RUNNING = ("auto", "transition", "teleop", "endgame", "match")  # "match": one timed phase (FLL)


class MatchStateError(Conflict):
    """A command that the match's current state does not allow (e.g. commit while running)."""


@dataclass(frozen=True)
class PhasePlan:
    """The phases of a match in order, as (name, seconds). Endgame is the tail of teleop."""

    phases: tuple[tuple[str, float], ...]

    @classmethod
    def from_timing(cls, auto: float, transition: float, teleop: float,
                    endgame: float) -> PhasePlan:
        endgame = min(endgame, teleop)
        phases = [("auto", auto), ("transition", transition), ("teleop", teleop - endgame),
                  ("endgame", endgame)]
        return cls(tuple((name, float(sec)) for name, sec in phases if sec > 0))

    @property
    def duration(self) -> float:
        return sum(sec for _, sec in self.phases)


@dataclass
class _Run:
    match: dict[str, Any]
    plan: PhasePlan
    state: str = "loaded"
    start_mono: float | None = None
    start_wall: float | None = None
    paused_mono: float | None = None  # when the clock was held (console pause button)
    timers: list[Timer] = field(default_factory=list)


class MatchController:
    """Runs the match loaded on one field.

    ``publish(topic, payload)`` carries state out; ``on_state(field, state, match)`` lets the
    service layer persist the status. Both run on the caller's or the clock's thread and must
    not block.
    """

    def __init__(
        self,
        field_number: int,
        clock: Clock,
        publish: Callable[[str, dict[str, Any]], None],
        on_state: Callable[[int, str, dict[str, Any] | None], None] | None = None,
    ):
        self.field = field_number
        self.clock = clock
        self._publish = publish
        self._on_state = on_state
        self._run: _Run | None = None
        self._lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._run.state if self._run else "idle"

    @property
    def match(self) -> dict[str, Any] | None:
        return self._run.match if self._run else None

    def timing(self) -> dict[str, Any] | None:
        """Start wall time (ms) and phase durations: all a browser needs for its countdown."""
        run = self._run
        if run is None:
            return None
        return {
            "field": self.field,
            "match_id": run.match.get("id"),
            "started_at_ms": round(run.start_wall * 1000) if run.start_wall else None,
            "phases": [{"name": n, "duration_ms": round(s * 1000)} for n, s in run.plan.phases],
            "running": run.state in RUNNING,
            # While held: the moment it was held, on the same scale as started_at_ms.
            "paused_at_ms": round((run.start_wall + run.paused_mono - run.start_mono) * 1000)
            if run.paused_mono is not None and run.start_wall is not None else None,
        }

    @property
    def paused(self) -> bool:
        return self._run is not None and self._run.paused_mono is not None

    @property
    def start_mono(self) -> float | None:
        """The monotonic time the running match started (moved on by every pause)."""
        return self._run.start_mono if self._run else None

    def elapsed(self) -> float | None:
        run = self._run
        if run is None or run.start_mono is None:
            return None
        now = run.paused_mono if run.paused_mono is not None else self.clock.monotonic()
        return now - run.start_mono

    def phase_at(self, elapsed: float) -> str:
        """The phase a moment ``elapsed`` seconds after the start belongs to."""
        plan = self._run.plan if self._run else None
        if plan is None or elapsed < 0:
            return "pre"
        t = 0.0
        for name, sec in plan.phases:
            t += sec
            if elapsed < t:
                return name
        return "ended"

    def snapshot(self) -> dict[str, Any]:
        return {"field": self.field, "state": self.state, "match": self.match,
                "timing": self.timing(), "paused": self.paused}

    # -- commands --------------------------------------------------------------------------
    def load(self, match: dict[str, Any], plan: PhasePlan) -> None:
        with self._lock:
            if self.state in RUNNING or self.state in ("ended", "review"):
                raise MatchStateError(
                    f"field {self.field}: match {self._label()} is {self.state}; "
                    "commit or abort it before loading another"
                )
            self._run = _Run(match=dict(match), plan=plan)
            self._transition("loaded")

    def start(self) -> None:
        with self._lock:
            self._require("start", ("loaded",))
            run = self._run
            assert run is not None
            run.start_mono = self.clock.monotonic()
            run.start_wall = self.clock.wall()
            self._schedule(run)
            self._transition(run.plan.phases[0][0])
            self._publish("match.timing", self.timing() or {})

    def pause(self) -> None:
        """Hold the match clock (the console's pause button): no phase ends until resumed."""
        with self._lock:
            self._require("pause", RUNNING)
            run = self._run
            assert run is not None
            if run.paused_mono is not None:
                raise MatchStateError(f"field {self.field}: the match is already paused")
            self._cancel_timers()
            run.paused_mono = self.clock.monotonic()
            self._transition(run.state)
            self._publish("match.timing", self.timing() or {})

    def resume(self) -> None:
        """Release a held clock: the rest of every phase runs from now."""
        with self._lock:
            self._require("resume", RUNNING)
            run = self._run
            assert run is not None and run.start_mono is not None
            if run.paused_mono is None:
                raise MatchStateError(f"field {self.field}: the match is not paused")
            held = self.clock.monotonic() - run.paused_mono
            run.start_mono += held
            run.start_wall = (run.start_wall or 0.0) + held
            run.paused_mono = None
            self._schedule(run)
            # Held just after a phase's end but before its timer ran: catch up at once.
            due = self.phase_at(self.elapsed() or 0.0)
            self._transition(due)
            self._publish("match.timing", self.timing() or {})

    def abort(self) -> None:
        with self._lock:
            self._require("abort", RUNNING)
            self._cancel_timers()
            if self._run is not None:
                self._run.paused_mono = None
            self._transition("aborted")

    def hold_for_review(self) -> None:
        with self._lock:
            self._require("hold for review", ("ended",))
            self._transition("review")

    def commit(self) -> None:
        with self._lock:
            self._require("commit", ("ended", "review"))
            self._transition("committed")

    def replay(self) -> None:
        with self._lock:
            self._require("replay", ("committed", "aborted"))
            run = self._run
            assert run is not None
            self._run = _Run(match=run.match, plan=run.plan)
            self._transition("loaded")

    def shutdown(self) -> None:
        with self._lock:
            self._cancel_timers()

    # -- internals -------------------------------------------------------------------------
    def _advance(self, run: _Run, next_state: str) -> Callable[[], None]:
        def fire() -> None:
            with self._lock:
                if self._run is run and run.state in RUNNING and run.paused_mono is None:
                    self._transition(next_state)

        return fire

    def _schedule(self, run: _Run) -> None:
        """A timer at the end of every phase still ahead (after a resume: from now on)."""
        assert run.start_mono is not None
        now = self.clock.monotonic()
        deadline = run.start_mono
        names = [n for n, _ in run.plan.phases] + ["ended"]
        for i, (_, sec) in enumerate(run.plan.phases):
            deadline += sec
            if deadline > now:
                run.timers.append(self.clock.call_at(deadline, self._advance(run, names[i + 1])))

    def _cancel_timers(self) -> None:
        if self._run:
            for timer in self._run.timers:
                timer.cancel()
            self._run.timers.clear()

    def _require(self, command: str, allowed: tuple[str, ...]) -> None:
        if self.state not in allowed:
            raise MatchStateError(
                f"field {self.field}: cannot {command} while the match is {self.state}"
            )

    def _label(self) -> str:
        return str(self.match.get("label", "?")) if self.match else "-"

    def _transition(self, state: str) -> None:
        assert self._run is not None
        self._run.state = state
        if self._on_state:
            self._on_state(self.field, state, self._run.match)
        payload = self.snapshot()
        payload["at_ms"] = round(self.clock.wall() * 1000)
        self._publish("match.state", payload)
