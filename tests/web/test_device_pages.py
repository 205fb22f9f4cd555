"""The device panel over HTTP and Socket.IO: the scorekeeper page's panel and e-stop banner,
binding a device to a field, a field's readiness, the admin's channel mapping (who may do
what, and CSRF), the panel in the /control snapshot and live, and field.estop on /live."""

from __future__ import annotations

import json
import re
import time

import pytest
from factories import ADMIN

from hardware.simulator import PtyEndpoint, SimulatedDevice

CSRF = {"X-CSRF-Token": "token-123"}
CHANNELS = {"red_high": {"alliance": "red", "auto": "autoSampleHigh",
                         "teleop": "teleopSampleHigh"}}


@pytest.fixture
def db_url(tmp_path) -> str:
    """SQLite only: the device desk runs on both databases in tests/tournament."""
    return f"sqlite:///{tmp_path}/devices.sqlite3"


@pytest.fixture
def venue(app):
    return app.extensions["zharys"]


def client_as(app, role):
    client = app.test_client()
    with client.session_transaction() as session:
        session["actor"] = {"name": f"Test {role}", "role": role, "user_id": None,
                            "device": "pytest", "field": 1, "station": None}
        session["csrf"] = "token-123"
    return client


def script_strings(html: str) -> dict:
    found = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def events_named(client, namespace, name):
    return [e["args"][0] for e in client.get_received(namespace) if e["name"] == name]


# -- the pages -----------------------------------------------------------------------------
def test_the_scorekeeper_page_has_the_device_panel_and_the_estop_banner(app):
    html = client_as(app, "scorekeeper").get("/scorekeeper/1?lang=en").get_data(as_text=True)
    for marker in ('id="sk-devices"', 'id="sk-ready"', 'id="sk-device-rows"',
                   'id="estop-banner"', "Field ready", "Last heartbeat", "Latency",
                   "No devices: start the server with ZHARYS_DEVICES or --simulate-devices"):
        assert marker in html, marker
    assert script_strings(html)["estop.banner"] == "E-STOP: {station}"


@pytest.mark.parametrize("path", ["/display/field?field=1", "/headref/1"])
def test_the_field_display_and_the_head_referee_have_the_estop_banner(app, path):
    html = client_as(app, "head_referee").get(path + ("&" if "?" in path else "?") + "lang=ru")
    text = html.get_data(as_text=True)
    assert html.status_code == 200 and 'id="estop-banner"' in text
    assert script_strings(text)["estop.banner"] == "АВАРИЙНАЯ ОСТАНОВКА: {station}"


def test_the_admin_page_shows_the_channel_mapping(app, venue):
    venue.devices.set_channels(ADMIN, CHANNELS)
    html = client_as(app, "admin").get("/admin?lang=kk").get_data(as_text=True)
    assert 'id="field-sensors"' in html and "Алаң датчиктері" in html
    assert "autoSampleHigh" in html and 'id="channels-json"' in html


# -- the commands --------------------------------------------------------------------------
def test_the_scorekeeper_binds_a_device_and_a_referee_may_not(app, venue):
    scorekeeper = client_as(app, "scorekeeper")
    response = scorekeeper.post("/api/devices/bind", json={"device": "TC-01", "field": 1},
                                headers=CSRF)
    assert response.status_code == 200 and response.get_json()["bindings"] == {"TC-01": 1}
    assert venue.devices.field_of("TC-01") == 1
    referee = client_as(app, "referee")
    assert referee.post("/api/devices/bind", json={"device": "TC-01", "field": None},
                        headers=CSRF).status_code == 403
    assert scorekeeper.post("/api/devices/bind", json={"device": "TC-01", "field": None}
                            ).status_code == 400, "no CSRF token"
    assert venue.devices.field_of("TC-01") == 1
    unbound = scorekeeper.post("/api/devices/bind", json={"device": "TC-01", "field": None},
                               headers=CSRF)
    assert unbound.status_code == 200 and unbound.get_json()["bindings"] == {}


def test_binding_to_a_field_that_does_not_exist_is_refused_in_words(app):
    response = client_as(app, "scorekeeper").post(
        "/api/devices/bind", json={"device": "TC-01", "field": 99}, headers=CSRF)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [["field", "there is no field 99"]]


def test_the_scorekeeper_marks_the_field_ready_and_a_referee_may_not(app, venue):
    scorekeeper = client_as(app, "scorekeeper")
    response = scorekeeper.post("/api/devices/ready", json={"field": 1, "ready": True},
                                headers=CSRF)
    assert response.status_code == 200 and response.get_json()["ready"] == {"1": True}
    assert venue.devices.panel()["ready"] == {"1": True}
    assert client_as(app, "referee").post("/api/devices/ready", json={"field": 1, "ready": False},
                                          headers=CSRF).status_code == 403
    assert scorekeeper.post("/api/devices/ready", json={"field": 1, "ready": False}
                            ).status_code == 400, "no CSRF token"
    assert venue.devices.panel()["ready"] == {"1": True}
    scorekeeper.post("/api/devices/ready", json={"field": 1, "ready": False}, headers=CSRF)
    assert venue.devices.panel()["ready"] == {"1": False}


def test_only_the_admin_maps_channels_and_row_errors_come_back(app, venue):
    assert client_as(app, "scorekeeper").post("/api/devices/channels", json={
        "channels": CHANNELS}, headers=CSRF).status_code == 403
    admin = client_as(app, "admin")
    assert admin.post("/api/devices/channels", json={"channels": CHANNELS}).status_code == 400
    saved = admin.post("/api/devices/channels", json={"channels": CHANNELS}, headers=CSRF)
    assert saved.status_code == 200 and saved.get_json()["channels"] == CHANNELS
    assert venue.devices.settings()["channels"] == CHANNELS
    wrong = admin.post("/api/devices/channels", json={"channels": {
        "x": {"alliance": "green"}, "y": {"alliance": "red", "auto": "nope"}}}, headers=CSRF)
    assert wrong.status_code == 400
    assert [where for where, _ in wrong.get_json()["errors"]] == ["channels.x", "channels.y.auto"]
    assert venue.devices.settings()["channels"] == CHANNELS, "nothing changed"


def test_the_panel_lists_a_simulated_device_with_its_field(app, venue, tmp_path):
    sim = SimulatedDevice("console", "TC-01", PtyEndpoint(str(tmp_path / "tc")))
    sim.start()
    try:
        venue.devices.start([sim.endpoint.url()], lock_path=str(tmp_path / "devices.lock"))
        client = client_as(app, "scorekeeper")
        client.post("/api/devices/bind", json={"device": "TC-01", "field": "1"}, headers=CSRF)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            panel = client.get("/api/devices").get_json()
            if panel["devices"] and panel["devices"][0]["id"] == "TC-01":
                break
            time.sleep(0.02)
        device = panel["devices"][0]
        assert panel["owns_ports"] is True
        assert (device["id"], device["kind"], device["field"], device["connected"]) == (
            "TC-01", "console", 1, True)
        assert client_as(app, "referee").get("/api/devices").status_code == 403
    finally:
        venue.devices.stop()
        sim.stop()
        sim.endpoint.unplug()


# -- Socket.IO -----------------------------------------------------------------------------
def test_the_control_snapshot_has_the_panel_and_device_status_follows(app, venue):
    from web.extensions import socketio

    client = client_as(app, "scorekeeper")
    control = socketio.test_client(app, namespace="/control", flask_test_client=client)
    assert control.is_connected("/control")
    snapshot = events_named(control, "/control", "snapshot")[0]
    panel = snapshot["devices"]
    assert (panel["devices"], panel["owns_ports"], panel["ready"], panel["estops"]) == (
        [], False, {}, [])
    client.post("/api/devices/ready", json={"field": 1, "ready": True}, headers=CSRF)
    status = events_named(control, "/control", "device.status")
    assert status and status[-1]["payload"]["ready"] == {"1": True}
    control.disconnect("/control")


def test_an_estop_reaches_the_live_feed(app, venue):
    from web.extensions import socketio

    live = socketio.test_client(app, namespace="/live")
    live.get_received("/live")
    payload = {"field": 1, "station": "red", "pressed": True, "device": "TC-01"}
    venue.bus.publish("live", "field.estop", payload)
    received = events_named(live, "/live", "field.estop")
    assert [e["payload"] for e in received] == [payload]
    live.disconnect("/live")


def test_a_pressed_estop_is_in_the_next_control_snapshot(app, venue):
    from web.extensions import socketio

    venue.devices.bind(ADMIN, "TC-01", 1)
    venue.devices.estop("TC-01", "red", True, time.monotonic())
    control = socketio.test_client(app, namespace="/control",
                                   flask_test_client=client_as(app, "head_referee"))
    snapshot = events_named(control, "/control", "snapshot")[0]
    assert snapshot["devices"]["estops"] == [{"field": 1, "station": "red"}]
    control.disconnect("/control")
