"""Serial devices at the event: which console, sensor board or stack light serves which field,
and what their buttons, counters and e-stops do to the match (``venue.devices``).

* A console's **start** starts the match loaded on its field once the field is ready (the
  console's **ready** button or the scorekeeper said so); **abort** aborts; **pause** and
  **resume** hold and release the match clock.
* The console **display** shows the field's match clock: at every phase change, pause and
  resume the server sends the time left (``CLK``) and the console counts it down itself; the
  **buzzer** sounds at phase changes and the **lights** follow the state; stack lights bound
  to the field show the same colour.
* A sensor **counter channel** adds to a season input of an alliance, chosen by the period the
  device's timestamp falls in (a goal at 29.99 s is autonomous even if its frame arrives late).
* An **e-stop** goes to the field display and the head referee, and into the audit log.

It implements ``hardware.HardwareSink``; the ``hardware`` package owns the ports.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from . import audit
from .accounts import Actor, require
from .controller import RUNNING
from .errors import Conflict, ValidationError, ZharysError

if TYPE_CHECKING:
    from hardware.devices import HardwareManager

    from .venue import Venue

log = logging.getLogger(__name__)

ALLIANCES = ("red", "blue")
# Phase → the buzzer (ms) and the light when it begins.
PHASE_CUES = {"auto": (600, "green"), "transition": (300, "amber"), "teleop": (600, "green"),
              "endgame": (300, "green"), "match": (600, "green"), "ended": (1200, "red"),
              "aborted": (2000, "red")}
PHASE_TEXT = {"auto": "AUTO", "transition": "WAIT", "teleop": "TELEOP", "endgame": "END",
              "match": "MATCH"}


def _percentiles(errors: deque) -> dict[str, Any]:
    """p50/p99/max of the phase changes' lateness at the consoles, in ms."""
    values = sorted(errors)
    if not values:
        return {}
    return {"phase": {"n": len(values), "p50_ms": round(values[len(values) // 2] * 1000, 3),
                      "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))]
                                      * 1000, 3),
                      "max_ms": round(values[-1] * 1000, 3)}}


class DeviceDesk:
    """The devices of the venue's event; one per venue (``venue.devices``)."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue
        self.manager: HardwareManager | None = None
        self._ready: dict[int, bool] = {}
        self._estops: dict[tuple[str, str], tuple[int | None, bool]] = {}  # (device, station)
        self._states: dict[int, str] = {}
        self._cached: dict[str, Any] | None = None
        # How late each phase change's console command was written after its deadline (s);
        # bench/hardware_latency.py reads these.
        self.timing_errors: deque[float] = deque(maxlen=4096)

    def start(self, urls: list[str], lock_path: str | None = None) -> bool:
        """Open the devices at ``urls`` (pyserial URLs; "auto" finds known USB boards) in
        this process; False when another process owns the ports."""
        from hardware.devices import HardwareManager, discover

        if urls == ["auto"]:
            urls = [port["url"] for port in discover()]
        self.manager = HardwareManager(urls, self, lock_path=lock_path)
        return self.manager.start()

    def stop(self) -> None:
        if self.manager is not None:
            self.manager.stop()
            self.manager = None

    # -- settings: bindings and channels --------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """``{"bindings": {device id: field}, "channels": {channel: {alliance, auto,
        teleop}}}`` from the event's settings (kept in memory: the match clock's path to
        the console must not wait for the database)."""
        cached = self._cached
        if cached is None:
            with self.venue.db.session() as session:
                stored = (self.venue._event(session).settings or {}).get("devices") or {}
            cached = self._cached = {"bindings": dict(stored.get("bindings") or {}),
                                     "channels": dict(stored.get("channels") or {})}
        return {"bindings": dict(cached["bindings"]), "channels": dict(cached["channels"])}

    def bind(self, actor: Actor, device: str, field: int | None) -> dict[str, Any]:
        """Bind a device (by its id) to a field, or unbind it with ``field=None``."""
        require(actor, "match.run")
        if not isinstance(device, str) or not device.strip():
            raise ValidationError([("device", "the device's id, as it says in its HELLO")])
        if field is not None and field not in self.venue.field_numbers():
            raise ValidationError([("field", f"there is no field {field}")])
        return self._store(actor, "device.bind", lambda s: s["bindings"].update(
            {device: field}) if field is not None else s["bindings"].pop(device, None))

    def set_channels(self, actor: Actor, channels: Any) -> dict[str, Any]:
        """Map counter channels to season inputs: ``{channel: {"alliance": "red", "auto":
        "autoSampleHigh", "teleop": "teleopSampleHigh"}}`` (``auto`` or ``teleop`` may be
        left out: counts in that period are then ignored)."""
        require(actor, "event.admin")
        season = self.venue.season()
        counts = {f.id for f in season.fields if f.kind == "count"}
        errors = []
        if not isinstance(channels, dict):
            raise ValidationError([("channels", "an object: channel -> mapping")])
        clean = {}
        for channel, spec in channels.items():
            where = f"channels.{channel}"
            if not isinstance(spec, dict) or spec.get("alliance") not in ALLIANCES:
                errors.append((where, "needs alliance red or blue"))
                continue
            for period in ("auto", "teleop"):
                if spec.get(period) not in (None, "", *counts):
                    errors.append((f"{where}.{period}", f"{spec.get(period)!r} is not a count "
                                   f"input of {season.id}"))
            clean[channel] = {"alliance": spec["alliance"], "auto": spec.get("auto") or None,
                              "teleop": spec.get("teleop") or None}
        if errors:
            raise ValidationError(errors)
        return self._store(actor, "device.channels", lambda s: s.update(channels=clean))

    def _store(self, actor: Actor, action: str, change) -> dict[str, Any]:
        with self.venue.db.session() as session:
            event = self.venue._event(session)
            settings = dict(event.settings or {})
            devices = {"bindings": dict((settings.get("devices") or {}).get("bindings") or {}),
                       "channels": dict((settings.get("devices") or {}).get("channels")
                                        or {})}
            before = {k: dict(v) for k, v in devices.items()}
            change(devices)
            settings["devices"] = devices
            event.settings = settings
            audit.record(session, actor, action, "devices", before=before, after=devices,
                         event_id=event.id)
        self._cached = None
        self._publish_panel()
        return devices

    def field_of(self, device: str) -> int | None:
        return self.settings()["bindings"].get(device)

    # -- the device panel ------------------------------------------------------------------
    def panel(self) -> dict[str, Any]:
        """Every device the server has a port for, with its field and health, plus the
        fields' readiness and e-stops."""
        bindings = self.settings()["bindings"]
        devices = self.manager.devices() if self.manager else []
        for device in devices:
            device["field"] = bindings.get(device["id"]) if device["id"] else None
        return {"devices": devices, "owns_ports": bool(self.manager and
                                                      self.manager.owns_ports),
                "timing": _percentiles(self.timing_errors),
                "ready": {str(f): r for f, r in self._ready.items()},
                "estops": [{"field": f, "station": s} for (_, s), (f, on) in
                           self._estops.items() if on]}

    def _publish_panel(self) -> None:
        self.venue.bus.publish("control", "device.status", self.panel())

    def set_ready(self, actor: Actor, field: int, ready: bool = True) -> None:
        """The field is ready (or not) for the console's start button."""
        require(actor, "match.run")
        self.venue.controller(field)  # NotFound for a field the event does not have
        self._ready[field] = bool(ready)
        self._publish_panel()
        self._console_text(field)

    # -- from the devices (hardware.HardwareSink) ---------------------------------------
    def device_changed(self, status: dict[str, Any]) -> None:
        if status.get("connected") and status.get("id"):
            # A board that (re)connects reports its pressed e-stops again after its HELLO:
            # forget what it said before, so a release lost with the old link cannot stick.
            for key in [k for k in self._estops if k[0] == status["id"]]:
                del self._estops[key]
        self._publish_panel()
        if status.get("connected") and status.get("id"):
            field = self.field_of(status["id"])
            if field is not None:
                self._console_text(field)

    def button(self, device: str, button: str, at: float) -> None:
        field = self.field_of(device)
        if field is None:
            log.info("button %s on %s, which serves no field", button, device)
            return
        actor = Actor(name=f"console {device}", role="scorekeeper", device=device)
        try:
            ctl = self.venue.controller(field)
            if button == "ready":
                self._ready[field] = True
                self._publish_panel()
                self._console_text(field)
            elif button == "start":
                if ctl.state != "loaded":
                    raise Conflict(f"field {field}: no match is waiting to start")
                if not self._ready.get(field):
                    raise Conflict(f"field {field} is not ready: press ready first")
                self.venue.start_match(actor, field)
            elif button == "abort":
                self.venue.abort_match(actor, field)
            elif button == "pause":
                self.venue.pause_match(actor, field)
            elif button == "resume":
                self.venue.resume_match(actor, field)
        except ZharysError as exc:
            log.info("console %s: %s refused: %s", device, button, exc)
            self._say(field, "NOT READY" if "ready" in str(exc) else "REFUSED", buzz=150)

    def count(self, device: str, channel: str, delta: int, at: float) -> None:
        field = self.field_of(device)
        spec = self.settings()["channels"].get(channel)
        if field is None or spec is None:
            log.info("count on %s %s: no field or channel mapping", device, channel)
            return
        ctl = self.venue.controller(field)
        match, start = ctl.match, ctl.start_mono
        if match is None or start is None or ctl.state not in (*RUNNING, "ended", "review"):
            return  # nothing is being played: a ball rolling after the match
        # While the clock is held, a ball that rolls in belongs to the moment it was held.
        phase = ctl.phase_at(min(self._on_match_clock(at) - start,
                                 ctl.elapsed() if ctl.paused else float("inf")))
        period = "auto" if phase == "auto" else (
            "teleop" if phase in ("transition", "teleop", "endgame", "match") else None)
        target = spec.get(period) if period else None
        if target is None:
            log.info("count on %s at %s: outside the match (%s)", channel, phase, device)
            return
        try:
            self.venue.sensor_count(device, match["id"], spec["alliance"], target, delta)
        except ZharysError as exc:
            log.warning("sensor count %s %s not applied: %s", device, channel, exc)

    def beam(self, device: str, channel: str, broken: bool, at: float) -> None:
        """A beam's state changed. The event scores nothing from it (a board counts the
        breaks of a goal's beam itself and reports ``CNT``): a beam is for diagnostics on
        the board, and it is not worth a device-panel broadcast on the serial read path."""

    def estop(self, device: str, station: str, pressed: bool, at: float) -> None:
        field = self.field_of(device)
        self._estops[(device, station)] = (field, pressed)
        payload = {"field": field, "station": station, "pressed": pressed, "device": device}
        self.venue.bus.publish("live", "field.estop", payload)
        self.venue.bus.publish("control", "field.estop", payload)
        if field is not None:
            self.venue.bus.publish(f"referee:{field}", "field.estop", payload)
        actor = Actor(name=f"device {device}", role="system", device=device)
        with self.venue.db.session() as session:
            event = self.venue._event(session)
            audit.record(session, actor, "field.estop", f"field {field} {station}",
                         after={"pressed": pressed}, event_id=event.id)
        self._publish_panel()

    def _on_match_clock(self, at: float) -> float:
        """A moment on the links' clock (``time.monotonic``) on the match clock, which tests
        replace with a fake one; in the server they are the same clock."""
        return self.venue.clock.monotonic() - (time.monotonic() - at)

    # -- to the devices: the match clock, buzzer and lights ---------------------------------
    def state_changed(self, field: int, state: str) -> None:
        """A field's match changed state (called by the controller's first listener, before
        anything else, so a phase change reaches the console the moment it is due)."""
        paused = self.venue.controller(field).paused
        changed = self._states.get(field) != state  # not a pause or resume in a phase
        self._states[field] = state
        if state == "loaded":
            self._ready[field] = False
        buzz, colour = PHASE_CUES.get(state, (0, None))
        if paused:
            buzz, colour = 300, "amber"
        self._console_text(field, buzz=buzz)
        deadline = self._phase_deadline(field, state) if changed else None
        if deadline is not None and self._consoles(field):
            self.timing_errors.append(time.monotonic() - deadline)
        if colour:
            self._lights(field, colour, "blink" if paused else "on")
        elif state == "loaded":
            self._lights(field, "amber", "blink")

    def _consoles(self, field: int) -> list:
        if self.manager is None:
            return []
        out = []
        for device, bound in self.settings()["bindings"].items():
            if bound == field:
                console = self.manager.console(device)
                if console is not None:
                    out.append(console)
        return out

    def _lights(self, field: int, colour: str, mode: str) -> None:
        if self.manager is None:
            return
        for device, bound in self.settings()["bindings"].items():
            light = self.manager.light(device) if bound == field else None
            if light is not None:
                for other in ("red", "amber", "green"):
                    if other != colour:
                        light.lamp(other, "off")
                light.lamp(colour, mode)

    def _say(self, field: int, text: str, buzz: int = 0) -> None:
        for console in self._consoles(field):
            console.show(text)
            if buzz:
                console.buzz(buzz)

    def _console_text(self, field: int, buzz: int = 0) -> None:
        """The console's display: while the match runs, the phase's time left, which the
        console counts down itself (``CLK``: no frame per second, and a late frame cannot
        make the display lag); otherwise a word."""
        ctl = self.venue.controller(field)
        state = ctl.state
        if state in RUNNING:
            label, left = self._time_left(ctl)
            for console in self._consoles(field):
                console.clock("PAUSED" if ctl.paused else label, left * 1000,
                              running=not ctl.paused)
                if buzz:
                    console.buzz(buzz)
            return
        if state == "loaded":
            text = "READY" if self._ready.get(field) else "READY?"
        else:
            text = {"ended": "END", "review": "REVIEW", "committed": "DONE",
                    "aborted": "ABORTED"}.get(state, "")
        self._say(field, text, buzz)

    @staticmethod
    def _time_left(ctl) -> tuple[str, float]:
        """The running phase's console label and the seconds left in it."""
        elapsed = ctl.elapsed() or 0.0
        phase = ctl.phase_at(elapsed)
        end = 0.0
        for name, seconds in ctl._run.plan.phases if ctl._run else ():
            end += seconds
            if name == phase:
                break
        return PHASE_TEXT.get(phase, phase.upper()), max(0.0, end - elapsed)

    def _phase_deadline(self, field: int, state: str) -> float | None:
        """When the phase ``state`` was due to begin (match clock), for a timed change."""
        ctl = self.venue.controller(field)
        run = ctl._run
        if run is None or run.start_mono is None or ctl.paused:
            return None
        at = run.start_mono
        for name, seconds in run.plan.phases:
            if name == state:
                return at if at > run.start_mono else None  # the start is a command
            at += seconds
        return at if state == "ended" else None
