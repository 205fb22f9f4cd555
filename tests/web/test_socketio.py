"""Socket.IO through a real client against a real server: live scores, commit, reconnect,
and who may connect where."""

from __future__ import annotations

import queue
import time
import uuid

import pytest
import socketio
from factories import ADMIN

pytestmark = pytest.mark.usefixtures("live_server")


class Listener:
    """A python-socketio client that records every event it receives."""

    def __init__(self, url: str, namespace: str, headers=None, since=None):
        self.events: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.namespace = namespace

        @self.client.on("*", namespace=namespace)
        def anything(event, data=None):
            self.events.put((event, data))

        self.client.connect(url, namespaces=[namespace], headers=headers or {},
                            auth={"since": since}, transports=["websocket"], wait_timeout=5)

    def wait_for(self, topic: str, timeout: float = 5.0, where=lambda d: True):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if event == topic and where(data):
                return data
        raise AssertionError(f"no {topic} within {timeout} s")

    def call(self, event: str, data):
        return self.client.call(event, data, namespace=self.namespace, timeout=5)

    def close(self):
        self.client.disconnect()


def staff(live_server, role, station=None):
    http = live_server.join_session(role, station)
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())}


def test_referee_update_reaches_a_live_client_as_score_live(live_server):
    venue = live_server.app.extensions["zharys"]
    info = venue.load_match(ADMIN, 1)
    audience = Listener(live_server.url, "/live")
    snap = audience.wait_for("snapshot")
    assert snap["fields"][0]["match"]["id"] == info["id"]
    referee = Listener(live_server.url, "/referee", headers=staff(live_server, "referee", "red"))
    ack = referee.call("sheet.submit", {"key": str(uuid.uuid4()), "match_id": info["id"],
                                        "alliance": "red", "data": {"autoSampleHigh": 3}})
    assert ack["ok"] and ack["breakdown"]["total"] == 24
    live = audience.wait_for("score.live")
    assert live["payload"]["red"]["total"] == 24 and live["seq"] > snap["seq"]
    audience.close()
    referee.close()


def test_commit_produces_score_final_and_rankings_updated(live_server):
    venue = live_server.app.extensions["zharys"]
    info = venue.load_match(ADMIN, 1)
    audience = Listener(live_server.url, "/live")
    audience.wait_for("snapshot")
    control = Listener(live_server.url, "/control", headers=staff(live_server, "head_referee"))
    control.wait_for("snapshot")
    venue.start_match(ADMIN, 1)
    venue.clock.advance(158)
    audience.wait_for("match.state", where=lambda d: d["payload"]["state"] == "ended")
    ack = control.call("sheet.submit", {"key": str(uuid.uuid4()), "match_id": info["id"],
                                        "alliance": "blue", "data": {"teleopSampleHigh": 2}})
    assert ack["ok"]
    assert control.call("match.command", {"field": 1, "command": "commit"}) == {"ok": True}
    final = audience.wait_for("score.final")["payload"]
    assert (final["blue"]["total"], final["winner"]) == (16, "blue")
    ranks = audience.wait_for("rankings.updated")["payload"]["rankings"]
    assert ranks[0]["ranking_score"] == 2.0
    audience.close()
    control.close()


def test_reconnecting_client_gets_what_it_missed(live_server):
    venue = live_server.app.extensions["zharys"]
    audience = Listener(live_server.url, "/live")
    last = audience.wait_for("snapshot")["seq"]
    audience.close()
    info = venue.load_match(ADMIN, 1)  # published while the client is away
    venue.start_match(ADMIN, 1)
    back = Listener(live_server.url, "/live", since=last)
    state = back.wait_for("match.state")
    assert state["seq"] == last + 1 and state["payload"]["state"] == "loaded"
    back.wait_for("match.state", where=lambda d: d["payload"]["state"] == "auto")
    assert back.wait_for("match.timing")["payload"]["match_id"] == info["id"]
    with pytest.raises(AssertionError):  # no snapshot: it was not needed
        back.wait_for("snapshot", timeout=0.3)
    back.close()


def test_client_too_far_behind_gets_a_fresh_snapshot(live_server):
    venue = live_server.app.extensions["zharys"]
    for _ in range(600):  # more than the bus keeps
        venue.bus.publish("live", "noise", {})
    back = Listener(live_server.url, "/live", since=1)
    assert back.wait_for("snapshot")["seq"] >= 600
    back.close()


def test_time_sync_answers_with_server_time(live_server):
    audience = Listener(live_server.url, "/live")
    answer = audience.call("time.sync", {"client_ms": 123})
    venue = live_server.app.extensions["zharys"]
    assert answer["client_ms"] == 123
    assert abs(answer["server_ms"] - venue.clock.wall() * 1000) < 1
    audience.close()


def test_public_cannot_open_control_or_referee(live_server):
    for namespace in ("/control", "/referee"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            Listener(live_server.url, namespace)


def test_referee_cannot_open_control_so_cannot_commit(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live_server.url, "/control", headers=staff(live_server, "referee", "red"))


def test_resent_submission_is_stored_once_over_socketio(live_server):
    venue = live_server.app.extensions["zharys"]
    info = venue.load_match(ADMIN, 1)
    referee = Listener(live_server.url, "/referee", headers=staff(live_server, "referee", "blue"))
    body = {"key": str(uuid.uuid4()), "match_id": info["id"], "alliance": "blue",
            "data": {"autoSampleNet": 1}}
    first = referee.call("sheet.submit", body)
    second = referee.call("sheet.submit", body)
    assert second["duplicate"] and second["revision"] == first["revision"]
    bad = referee.call("sheet.submit", {**body, "key": str(uuid.uuid4()),
                                        "data": {"autoSampleNet": -2}})
    assert bad["ok"] is False and bad["errors"][0][0] == "autoSampleNet"
    referee.close()
