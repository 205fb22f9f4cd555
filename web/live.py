"""Socket.IO namespaces (/live, /referee, /control, /jury) and the fan-out of bus messages to them.

Each bus message becomes one Socket.IO event named by its topic, serialised and framed once
for all the clients of a room (``web.fanout``); a client that cannot take it at once gets it
through engine.io's queue, so a slow client never holds up the bus, the match clock or the
other clients.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_socketio import disconnect, emit, join_room

from tournament.accounts import Actor
from tournament.bus import Bus, Message
from tournament.errors import NotFound, ZharysError
from tournament.venue import Venue

from .auth import current_actor
from .extensions import socketio


def _fail(exc: ZharysError) -> dict[str, Any]:
    return {"ok": False, "error": str(exc), "errors": getattr(exc, "errors", [])}


def init_app(app: Flask, venue: Venue, bus: Bus) -> None:
    def fan_out(message: Message) -> None:
        data = message.as_dict()
        channel = message.channel
        if channel == "live":
            socketio.emit(message.topic, data, namespace="/live")
            socketio.emit(message.topic, data, namespace="/control")
        elif channel == "control":
            socketio.emit(message.topic, data, namespace="/control")
        elif channel == "jury":
            # Olympiad marking: work codes only, never a name (tournament.olympiad).
            socketio.emit(message.topic, data, namespace="/jury")
        elif channel.startswith("referee:"):
            socketio.emit(message.topic, data, namespace="/referee",
                          to=f"field-{channel.split(':', 1)[1]}")

    bus.subscribe(fan_out)

    # -- /live: public, read-only ------------------------------------------------------------
    @socketio.on("connect", namespace="/live")
    def live_connect(auth: Any = None) -> None:
        since = auth.get("since") if isinstance(auth, dict) else None
        missed = bus.since("live", since) if isinstance(since, int) else None
        if missed is None:
            try:
                snapshot = venue.live_snapshot()
            except NotFound:  # an olympiad-only server: its boards fetch over HTTP
                snapshot = {"seq": bus.last_seq("live")}
            emit("snapshot", snapshot)
        else:
            for message in missed:
                emit(message.topic, message.as_dict())

    @socketio.on("time.sync", namespace="/live")
    def live_time_sync(data: Any = None) -> dict[str, Any]:
        client_ms = data.get("client_ms") if isinstance(data, dict) else None
        return {"client_ms": client_ms, "server_ms": venue.clock.wall() * 1000}

    # -- /referee: referee tablets -------------------------------------------------------------
    @socketio.on("connect", namespace="/referee")
    def referee_connect(auth: Any = None) -> bool | None:
        actor = current_actor()
        if not actor.can("score.submit"):
            return False
        auth = auth if isinstance(auth, dict) else {}
        field = actor.field or _as_int(auth.get("field")) or 1
        alliance = actor.station or (auth.get("alliance") if auth.get("alliance") in
                                     ("red", "blue") else None)
        try:
            snapshot = venue.referee_snapshot(field)
        except ZharysError:
            return False
        join_room(f"field-{field}")
        venue.tablet_connected(request.sid, actor, field, alliance)
        emit("snapshot", {**snapshot, "alliance": alliance})
        return None

    @socketio.on("disconnect", namespace="/referee")
    def referee_disconnect(*_args: Any) -> None:
        venue.tablet_disconnected(request.sid)

    @socketio.on("sheet.submit", namespace="/referee")
    def referee_submit(data: Any = None) -> dict[str, Any]:
        return _submit(venue, current_actor(), data)

    # -- /control: scorekeeper and head referee -----------------------------------------------
    @socketio.on("connect", namespace="/control")
    def control_connect(auth: Any = None) -> bool | None:
        actor = current_actor()
        if not actor.can("control.view"):
            return False
        if actor.role == "head_referee":
            venue.tablet_connected(request.sid, actor, actor.field, None)
        # A server running only an olympiad has no match desk, but its exports page still
        # hears its exports' progress here.
        emit("snapshot", venue.control_snapshot() if venue.has_event() else {"event": None})
        return None

    @socketio.on("disconnect", namespace="/control")
    def control_disconnect(*_args: Any) -> None:
        venue.tablet_disconnected(request.sid)

    @socketio.on("sheet.submit", namespace="/control")
    def control_submit(data: Any = None) -> dict[str, Any]:
        return _submit(venue, current_actor(), data)

    @socketio.on("match.command", namespace="/control")
    def control_command(data: Any = None) -> dict[str, Any]:
        actor = current_actor()
        if not isinstance(data, dict):
            return {"ok": False, "error": "send an object with field and command"}
        field = _as_int(data.get("field"))
        command = data.get("command")
        actions = {
            "load": lambda: venue.load_match(actor, field, _as_int(data.get("match_id"))),
            "start": lambda: venue.start_match(actor, field),
            "abort": lambda: venue.abort_match(actor, field),
            "pause": lambda: venue.pause_match(actor, field),
            "resume": lambda: venue.resume_match(actor, field),
            "review": lambda: venue.hold_for_review(actor, field),
            "commit": lambda: venue.commit_match(actor, field),
            "replay": lambda: venue.replay_match(actor, field),
            "live_score": lambda: venue.set_live_score(actor, bool(data.get("enabled"))),
            "dq": lambda: venue.set_disqualified(actor, field, _as_int(data.get("team")),
                                                 bool(data.get("disqualified"))),
        }
        if command not in actions:
            return {"ok": False, "error": f"unknown command {command!r}"}
        if field is None and command != "live_score":
            return {"ok": False, "error": "which field? send field as a number"}
        try:
            actions[command]()
        except ZharysError as exc:
            return _fail(exc)
        return {"ok": True}

    # -- /jury: the olympiad jury's marking pages ---------------------------------------------
    @socketio.on("connect", namespace="/jury")
    def jury_connect(auth: Any = None) -> bool | None:
        """Jury members and the organiser only; the pages fetch what they show over HTTP, so
        the snapshot carries nothing but the server's time."""
        if not current_actor().can("olympiad.mark"):
            return False
        emit("snapshot", {"server_ms": venue.clock.wall() * 1000})
        return None


def _submit(venue: Venue, actor: Actor, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {"ok": False, "error": "send an object", "errors": [["body", "not an object"]]}
    if not actor.can("score.submit"):
        disconnect()
        return {"ok": False, "error": "not signed in as a referee"}
    match_id = _as_int(data.get("match_id"))
    if match_id is None:
        return {"ok": False, "error": "match_id is missing", "errors": [["match_id", "missing"]]}
    try:
        return venue.submit_sheet(actor, match_id, str(data.get("alliance")), data.get("data"),
                                  str(data.get("key") or ""), final=bool(data.get("final")),
                                  agreed=data.get("agreed"))
    except ZharysError as exc:
        return _fail(exc)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None

