"""The exports page and its API: who may use it, an export run in its own process with its
progress heard live over /control, the public certificate check, templates, FTC award
winners, and restoring a backup (all or nothing)."""

from __future__ import annotations

import io
import queue
import re
import time

import pytest
import requests
import socketio
from factories import ADMIN
from pypdf import PdfReader

from tournament.accounts import Actor

ADMIN_ACTOR = {"name": "Test admin", "role": "admin", "user_id": None, "device": "pytest",
               "field": None, "station": None, "school": None}


@pytest.fixture
def db_url(tmp_path):  # HTTP and the export process are what is tested: SQLite is enough
    return f"sqlite:///{tmp_path / 'exports.sqlite3'}"


def client_as(app, role: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["actor"] = {**ADMIN_ACTOR, "role": role, "name": f"Test {role}"}
        session["csrf"] = "token-123"
    return client


def post_json(client, url, body):
    return client.post(url, json=body, headers={"X-CSRF-Token": "token-123"})


def test_only_the_admin_opens_the_exports_page(app):
    page = client_as(app, "admin").get("/admin/exports")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in ("certificates", "badges", "team-schedules", "score-sheets", "results-csv",
                 "ftc-json", "scores-report", "backup"):
        assert f'data-export="{name}"' in html
    assert 'id="ftc-awards-form"' in html and 'data-award="inspire"' in html
    anonymous = app.test_client().get("/admin/exports")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client_as(app, "scorekeeper").get("/admin/exports").status_code == 403
    forged = app.test_client().post("/api/exports/badges", json={})
    assert forged.status_code in (302, 400, 403)


def signed_in_admin(live_server) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{live_server.url}/login", timeout=5).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = http.post(f"{live_server.url}/login", timeout=5, allow_redirects=False,
                       data={"username": "admin", "password": "admin-password",
                             "csrf_token": token})
    assert answer.status_code == 302
    page = http.get(f"{live_server.url}/admin/exports", timeout=5).text  # a fresh session
    http.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"',
                                             page).group(1)
    return http


def test_an_export_runs_on_its_own_and_its_progress_is_heard_live(live_server):
    http = signed_in_admin(live_server)
    heard: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("export.progress", lambda data: heard.put(data["payload"]), namespace="/control")
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    client.connect(live_server.url, namespaces=["/control"], headers={"Cookie": cookie},
                   transports=["websocket"], wait_timeout=5)
    try:
        started = http.post(f"{live_server.url}/api/exports/team-schedules",
                            json={"lang": "en"}, timeout=5)
        assert started.status_code == 202, started.text
        job = started.json()
        assert job["state"] == "running" and job["by"]
        failed = http.post(f"{live_server.url}/api/exports/playoff-schedule", json={},
                           timeout=5).json()
        updates = {job["id"]: [], failed["id"]: []}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
                u and u[-1]["state"] != "running" for u in updates.values()):
            try:
                update = heard.get(timeout=1)
            except queue.Empty:
                continue
            updates.setdefault(update["id"], []).append(update)
    finally:
        client.disconnect()
    done = updates[job["id"]]
    assert done[-1]["state"] == "done", done[-1]
    teams = len(live_server.app.extensions["zharys"].teams())
    # Page by page: one step per team's page, heard before the end.
    assert any(0 < u["done"] < teams for u in done) and done[-1]["done"] == teams
    assert updates[failed["id"]][-1]["state"] == "failed"
    assert "playoffs have not been created" in updates[failed["id"]][-1]["error"]

    download = http.get(f"{live_server.url}/admin/exports/files/{job['id']}", timeout=5)
    assert download.headers["Content-Type"] == "application/pdf"
    assert 'filename="team-schedules.pdf"' in download.headers["Content-Disposition"]
    pages = PdfReader(io.BytesIO(download.content)).pages
    assert len(pages) == teams and "Team 1001" in pages[0].extract_text()
    listed = http.get(f"{live_server.url}/api/exports", timeout=5).json()["jobs"]
    assert {j["id"] for j in listed} >= {job["id"], failed["id"]}
    assert requests.get(f"{live_server.url}/admin/exports/files/{job['id']}", timeout=5,
                        allow_redirects=False).status_code == 302  # not signed in


def test_a_certificate_check_confirms_who_received_what(app):
    venue = app.extensions["zharys"]
    venue.awards.set_ftc_awards(ADMIN, {"connect": [1002]})
    cert = venue.awards.certificates("awards")["certificates"][0]
    page = app.test_client().get(f"/verify/{cert['verify']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "1002" in html and "Connect" in html
    unknown = app.test_client().get("/verify/not-a-real-code")
    assert unknown.status_code == 404 and "unknown" in unknown.get_data(as_text=True).lower()


def test_templates_and_award_winners_are_checked_when_saved(app):
    admin = client_as(app, "admin")
    bad = post_json(admin, "/api/print-templates/award", {"accent": "blue"})
    assert bad.status_code == 400 and bad.get_json()["errors"][0][0] == "accent"
    good = post_json(admin, "/api/print-templates/award",
                     {"accent": "#205020", "signatories": [{"title": "Бас төреші",
                                                            "name": "Ә. Құрманов"}]})
    assert good.status_code == 200 and good.get_json()["signatories"][0]["name"] == "Ә. Құрманов"
    wrong = post_json(admin, "/api/awards/ftc", {"inspire": ["1001", "7777"]})
    assert wrong.status_code == 400 and "7777" in wrong.get_json()["error"]
    saved = post_json(admin, "/api/awards/ftc", {"inspire": ["1001", "1003"]})
    inspire = next(a for a in saved.get_json() if a["id"] == "inspire")
    assert inspire["winners"] == [1001, 1003]


def test_restore_replaces_everything_or_nothing(app):
    venue = app.extensions["zharys"]
    backup = venue.backup(Actor.system())
    venue.import_teams(ADMIN, "number,name,organization,city,country\n"
                              "9001,Кейін қосылған,Мектеп,Алматы,Қазақстан\n")
    admin = client_as(app, "admin")

    def upload(data: bytes):
        return admin.post("/admin/restore", data={"backup": (io.BytesIO(data), "b.json.gz")},
                          headers={"X-CSRF-Token": "token-123"},
                          content_type="multipart/form-data")

    garbage = upload(b"PK\x03\x04 not a backup at all")
    assert garbage.status_code == 400 and "not a Zharys backup" in garbage.get_json()["error"]
    assert 9001 in [t["number"] for t in venue.teams()]  # nothing changed
    restored = upload(backup)
    assert restored.status_code == 200 and restored.get_json()["tables"]["teams"] == 8
    assert 9001 not in [t["number"] for t in venue.teams()]
    venue.load_match(ADMIN, 1)
    busy = upload(backup)
    assert busy.status_code == 409 and "commit or abort" in busy.get_json()["error"]


def test_a_logo_upload_becomes_the_template_logo_and_a_fake_image_is_refused(app):
    from PIL import Image

    admin = client_as(app, "admin")
    image = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 60)).save(image, "PNG")

    def upload(data: bytes, name: str):
        return admin.post("/api/print-templates/badge/logo", content_type="multipart/form-data",
                          data={"logo": (io.BytesIO(data), name)},
                          headers={"X-CSRF-Token": "token-123"})

    fake = upload(b"<script>alert(1)</script>", "logo.png")
    assert fake.status_code == 400 and "not a PNG or JPEG" in fake.get_json()["error"]
    saved = upload(image.getvalue(), "../../Біздің логотип.png")
    assert saved.status_code == 200
    template = app.extensions["zharys"].printing.template("badge")
    assert template["logo"].startswith("badge-") and template["logo"].endswith(".png")
    assert "/" not in template["logo"] and template["logo_path"].endswith(template["logo"])


def test_a_server_running_only_an_olympiad_offers_its_documents_with_live_progress(
        db_url, clock, tmp_path):
    from factories import make_olympiad

    from web import create_app
    from web.extensions import socketio as server

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test"},
                     clock=clock, instance_path=str(tmp_path / "instance"))
    venue = app.extensions["zharys"]
    make_olympiad(venue)
    try:
        admin = client_as(app, "admin")
        html = admin.get("/admin/exports").get_data(as_text=True)
        assert 'data-export="diplomas"' in html and 'data-export="olympiad-csv"' in html
        assert 'data-export="certificates"' not in html and 'data-export="ftc-json"' not in html
        control = server.test_client(app, namespace="/control", flask_test_client=admin)
        assert control.is_connected("/control")
        job = post_json(admin, "/api/exports/diplomas", {"lang": "kk"}).get_json()
        heard, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline and not (heard and heard[-1]["state"] != "running"):
            heard += [e["args"][0]["payload"] for e in control.get_received("/control")
                      if e["name"] == "export.progress"]
            time.sleep(0.05)  # waits on another process; no clock to move
        assert heard[-1]["id"] == job["id"] and heard[-1]["state"] == "done", heard[-1]
        pdf = admin.get(f"/admin/exports/files/{job['id']}").data
        assert len(PdfReader(io.BytesIO(pdf)).pages) == len(
            venue.olympiad.participants(Actor.system()))
        control.disconnect("/control")
    finally:
        venue.shutdown()
        venue.db.dispose()


def test_the_export_process_reads_the_event_this_server_serves(db_url, clock, tmp_path):
    """With ZHARYS_EVENT (EVENT_CODE) naming an older event, exports print that one."""
    from web import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test",
                      "EVENT_CODE": "older"}, clock=clock,
                     instance_path=str(tmp_path / "instance"))
    venue = app.extensions["zharys"]
    venue.create_event(ADMIN, "older", "Older event", "ftc-2024-into-the-deep")
    venue.import_teams(ADMIN, "number,name,organization,city,country\n"
                              "7001,Ескі команда,Мектеп,Тараз,Қазақстан\n")
    venue.create_event(ADMIN, "newer", "Newer event", "ftc-2024-into-the-deep")
    try:
        admin = client_as(app, "admin")
        job = post_json(admin, "/api/exports/rankings-csv", {}).get_json()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = next(j for j in admin.get("/api/exports").get_json()["jobs"]
                         if j["id"] == job["id"])
            if state["state"] != "running":
                break
            time.sleep(0.05)  # waits on another process; no clock to move
        assert state["state"] == "done", state
        text = admin.get(f"/admin/exports/files/{job['id']}").data.decode("utf-8-sig")
        assert "7001" in text and "Ескі команда" in text
    finally:
        venue.shutdown()
        venue.db.dispose()


def test_a_bad_choice_is_refused_before_any_process_starts(app):
    refused = post_json(client_as(app, "admin"), "/api/exports/certificates", {"lang": "de"})
    assert refused.status_code == 400 and refused.get_json()["errors"][0][0] == "lang"
    assert client_as(app, "admin").get("/api/exports").get_json()["jobs"] == []
