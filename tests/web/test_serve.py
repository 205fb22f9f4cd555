"""``zharys serve`` as it runs at an event: its own process, gevent, a real port. A tablet's
score change reaches a /live client; the scorekeeper's start reaches it too."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests
import socketio
from factories import ADMIN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A seeded instance folder, then ``zharys serve`` on it; yields (base URL, join codes)."""
    env = {**os.environ, "ZHARYS_INSTANCE": str(tmp_path),
           "ZHARYS_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "ZHARYS_SECRET_KEY": "serve-test"}
    subprocess.run([sys.executable, "-m", "web.cli", "seed-demo"], env=env, check=True,
                   capture_output=True)
    from web.app import create_app  # same database, to make tablet join codes

    app = create_app({"DATABASE_URL": env["ZHARYS_DATABASE_URL"], "SECRET_KEY": "x"},
                     instance_path=str(tmp_path))
    venue = app.extensions["zharys"]
    codes = {"referee": venue.create_join_code(ADMIN, "referee", 1, "red", "red"),
             "scorekeeper": venue.create_join_code(ADMIN, "scorekeeper", 1, None, "desk")}
    venue.db.dispose()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            server.kill()
            pytest.fail("zharys serve did not answer:\n" + server.communicate()[0])
        yield base, codes
    finally:
        server.terminate()
        server.wait(timeout=10)


def signed_in(base: str, code: str) -> dict[str, str]:
    http = requests.Session()
    http.get(f"{base}/join/{code}", allow_redirects=False, timeout=5)
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())}


def test_served_event_delivers_live_scores_and_match_start(served):
    base, codes = served
    assert requests.get(f"{base}/display/audience", timeout=5).status_code == 200
    got: dict[str, list] = {}
    audience = socketio.Client(reconnection=False)

    @audience.on("*", namespace="/live")
    def anything(event, data=None):
        got.setdefault(event, []).append(data)

    audience.connect(base, namespaces=["/live"], transports=["websocket"], auth={"since": None})
    desk = socketio.Client(reconnection=False)
    desk.connect(base, namespaces=["/control"], transports=["websocket"],
                 headers=signed_in(base, codes["scorekeeper"]))
    assert desk.call("match.command", {"field": 1, "command": "load"},
                     namespace="/control", timeout=5) == {"ok": True}
    assert desk.call("match.command", {"field": 1, "command": "start"},
                     namespace="/control", timeout=5) == {"ok": True}
    tablet = socketio.Client(reconnection=False)
    tablet.connect(base, namespaces=["/referee"], transports=["websocket"],
                   headers=signed_in(base, codes["referee"]))
    match_id = requests.get(f"{base}/api/matches", timeout=5).json()["matches"][0]["id"]
    ack = tablet.call("sheet.submit", {"key": str(uuid.uuid4()), "match_id": match_id,
                                       "alliance": "red", "data": {"teleopSampleHigh": 4}},
                      namespace="/referee", timeout=5)
    assert ack["ok"] and ack["breakdown"]["total"] == 32
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "score.live" not in got:
        time.sleep(0.05)
    assert got["score.live"][-1]["payload"]["red"]["total"] == 32
    states = [m["payload"]["state"] for m in got.get("match.state", [])]
    assert "auto" in states and got["match.timing"][0]["payload"]["running"]
    for client in (tablet, desk, audience):
        client.disconnect()
