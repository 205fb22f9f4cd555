"""Real-browser tests: headless Debian Chromium, driven by Playwright, against the live server.

The match clock is the app's FakeClock (``venue.clock.advance``); the browser waits only for
UI updates, through Playwright's auto-waiting ``expect``. Every page is opened in its own
browser context (its own cookies and localStorage), as on separate devices.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from factories import ADMIN
from sqlalchemy import func, select

from tournament.models import ScoreSheet, SheetSubmission

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TABLET = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
UI_TIMEOUT = 10_000  # ms: a Socket.IO round trip on localhost takes far less
RECONNECT_TIMEOUT = 15_000  # ms: the Socket.IO client backs off up to 5 s between attempts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason="Debian chromium not installed; make test installs it"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (devices) on the live server; all are closed after the test,
    before the server stops."""
    made = []

    def make(viewport, **options):
        options.setdefault("locale", "en-US")
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        context.set_default_timeout(UI_TIMEOUT)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def live_venue(live_server):
    """The venue behind the live server (not conftest's separate `venue`)."""
    return live_server.app.extensions["zharys"]


def referee_tablet(new_context, venue, alliance="red"):
    """A tablet signed in by opening its join link, showing the referee page."""
    code = venue.create_join_code(ADMIN, "referee", 1, alliance, f"{alliance} tablet")
    page = new_context(TABLET).new_page()
    page.goto(f"/join/{code}")
    expect(page).to_have_url(re.compile(rf"/referee/1/{alliance}$"))
    return page


def tap_plus(page, field, times=1):
    button = page.locator(f'[data-field="{field}"] .ctr-plus')
    for _ in range(times):
        button.click()


def choose(page, field, choice):
    page.locator(f'[data-field="{field}"] [data-choice="{choice}"]').click()


def submissions(venue, match_id, alliance):
    """(revision, stored submissions, distinct keys) of one stored sheet."""
    with venue.db.session() as session:
        sheet = session.scalar(select(ScoreSheet).where(ScoreSheet.match_id == match_id,
                                                        ScoreSheet.alliance == alliance))
        rows, keys = session.execute(
            select(func.count(SheetSubmission.id), func.count(func.distinct(SheetSubmission.key)))
            .where(SheetSubmission.sheet_id == sheet.id)).one()
        return sheet.revision, rows, keys


def test_referee_taps_reach_the_audience_screen_and_the_final_result(new_context, live_venue):
    venue = live_venue
    audience = new_context(PROJECTOR).new_page()
    audience.goto("/display/audience")
    referee = referee_tablet(new_context, venue)
    expect(referee.locator("#ref-waiting")).to_be_visible()

    info = venue.load_match(ADMIN, 1)
    venue.start_match(ADMIN, 1)
    expect(referee.locator("#ref-label")).to_have_text(info["label"])
    expect(referee.locator("#ref-sheet")).to_be_visible()
    expect(audience.locator("#screen-match")).to_be_visible()
    expect(audience.locator("#aud-label")).to_have_text(info["label"])
    expect(audience.locator("#aud-red")).to_contain_text(str(info["red"][0]["number"]))

    tap_plus(referee, "autoSampleHigh", 3)  # 3 × 8
    expect(referee.locator('[data-field="autoSampleHigh"] .ctr-value')).to_have_text("3")
    choose(referee, "robot1Auto", "ASCENT")  # 3
    expect(referee.locator("#ref-total")).to_have_text("27")

    # The audience sees the running score as soon as the server has the taps.
    expect(audience.locator("#aud-red-score")).to_be_visible()
    expect(audience.locator("#aud-red-score")).to_have_text("27")
    expect(audience.locator("#aud-blue-score")).to_have_text("0")

    # The referee submits the sheet as final (after a confirm dialog).
    referee.once("dialog", lambda dialog: dialog.accept())
    referee.locator("#ref-final").click()
    expect(referee.locator("#ref-sync")).to_have_text("Final sheet saved ✓")
    sheet = venue.referee_snapshot(1)["sheets"]["red"]
    assert sheet["final"] is True
    assert (sheet["data"]["autoSampleHigh"], sheet["data"]["robot1Auto"]) == (3, "ASCENT")

    venue.clock.advance(160)  # past the 158 s of the match
    expect(audience.locator("#aud-phase")).to_have_text("Waiting for the scores")
    venue.commit_match(ADMIN, 1)

    result = audience.locator("#screen-result")
    expect(result).to_be_visible()
    expect(audience.locator("#screen-match")).to_be_hidden()
    expect(audience.locator("#res-label")).to_have_text(info["label"])
    expect(result.locator("#res-red [data-role=total]")).to_have_text("27")
    expect(result.locator("#res-blue [data-role=total]")).to_have_text("0")
    expect(result.locator("#res-red")).to_have_class(re.compile(r"\bis-winner\b"))
    expect(result.locator("#res-red .winner-flag")).to_be_visible()
    expect(result.locator("#res-blue .winner-flag")).to_be_hidden()


def test_offline_taps_are_kept_sent_once_and_survive_a_reload(new_context, live_venue):
    venue = live_venue
    info = venue.load_match(ADMIN, 1)
    referee = referee_tablet(new_context, venue)
    context = referee.context
    sync = referee.locator("#ref-sync")
    expect(referee.locator("#ref-sheet")).to_be_visible()
    expect(sync).to_have_text("Saved ✓")

    # 1. The network goes away: taps stay on the tablet, marked as not sent.
    context.set_offline(True)
    expect(referee.locator("body")).to_have_class(re.compile(r"\bis-offline\b"))
    tap_plus(referee, "autoSampleHigh", 3)
    expect(referee.locator('[data-field="autoSampleHigh"] .ctr-value')).to_have_text("3")
    expect(referee.locator("#ref-total")).to_have_text("24")
    expect(sync).to_have_text("Not yet sent: 1 · offline, kept on this tablet")
    expect(sync).to_have_attribute("data-state", "pending")
    assert venue.referee_snapshot(1)["sheets"]["red"]["data"]["autoSampleHigh"] == 0

    # Back online: the queued sheet is delivered and the tablet says so.
    context.set_offline(False)
    expect(sync).to_have_text("Saved ✓", timeout=RECONNECT_TIMEOUT)
    expect(referee.locator("body")).not_to_have_class(re.compile(r"\bis-offline\b"))
    sheet = venue.referee_snapshot(1)["sheets"]["red"]
    assert sheet["data"]["autoSampleHigh"] == 3
    # Three taps while offline collapse into one whole-sheet submission, stored once.
    assert submissions(venue, info["id"], "red") == (1, 1, 1)

    # 2. Offline again, an edit, then a reload while the server's Socket.IO (and the HTTP
    # fallback) stay out of reach: the edit is still on the tablet.
    context.set_offline(True)
    expect(referee.locator("body")).to_have_class(re.compile(r"\bis-offline\b"))
    choose(referee, "robot1Auto", "ASCENT")
    expect(referee.locator("#ref-total")).to_have_text("27")
    expect(sync).to_have_text(re.compile(r"^Not yet sent: 1"))
    context.route("**/socket.io/**", lambda route: route.abort())
    context.route("**/api/sheets", lambda route: route.abort())
    context.set_offline(False)
    referee.reload()
    expect(sync).to_have_text("Not yet sent: 1 · offline, kept on this tablet")
    stored = referee.evaluate("""() => {
        const out = {};
        for (let i = 0; i < localStorage.length; i++) {
            const name = localStorage.key(i);
            if (name.includes(':referee:')) out[name] = localStorage.getItem(name);
        }
        return out;
    }""")
    queue = next(json.loads(v) for k, v in stored.items() if k.endswith(":referee:queue"))
    assert len(queue) == 1
    assert queue[0]["match_id"] == info["id"] and queue[0]["alliance"] == "red"
    assert (queue[0]["data"]["robot1Auto"], queue[0]["data"]["autoSampleHigh"]) == ("ASCENT", 3)
    record = json.loads(stored[next(k for k in stored if k.endswith(f":sheet:{info['id']}:red"))])
    assert record["data"]["robot1Auto"] == "ASCENT" and record["touched"] == {"robot1Auto": True}
    assert venue.referee_snapshot(1)["sheets"]["red"]["data"]["robot1Auto"] == "NONE"

    # The server comes back: the reloaded page shows the kept edit on top of the server's
    # sheet and delivers it.
    context.unroute("**/socket.io/**")
    context.unroute("**/api/sheets")
    expect(sync).to_have_text("Saved ✓", timeout=RECONNECT_TIMEOUT)
    expect(referee.locator('[data-field="robot1Auto"] [data-choice="ASCENT"]')).to_have_attribute(
        "aria-checked", "true")
    expect(referee.locator('[data-field="autoSampleHigh"] .ctr-value')).to_have_text("3")
    expect(referee.locator("#ref-total")).to_have_text("27")
    data = venue.referee_snapshot(1)["sheets"]["red"]["data"]
    assert (data["autoSampleHigh"], data["robot1Auto"]) == (3, "ASCENT")
    # Two deliveries in all, each key stored once: resends did not add revisions.
    assert submissions(venue, info["id"], "red") == (2, 2, 2)
    assert referee.evaluate("""() => JSON.parse(localStorage.getItem(
        Object.keys(localStorage).find((k) => k.endsWith(':referee:queue'))))""") == []


def test_team_page_fits_a_phone_and_shows_the_next_match(new_context, live_venue):
    venue = live_venue
    info = venue.load_match(ADMIN, 1)
    number = info["red"][0]["number"]
    upcoming = venue.team_page(number)["next_match"]
    assert upcoming is not None
    page = new_context(PHONE, is_mobile=True, has_touch=True, device_scale_factor=3).new_page()
    for lang in ("kk", "ru", "en"):  # the longest words must fit too
        page.goto(f"/teams/{number}?lang={lang}")
        expect(page.locator(".team-number")).to_have_text(str(number))
        next_card = page.locator(".next-card")
        expect(next_card.locator(".match-label")).to_have_text(upcoming["label"])
        for slot in upcoming["blue"]:  # the opponents are listed
            expect(next_card).to_contain_text(str(slot["number"]))
        # The team's match is on the field: the live banner says so.
        expect(page.locator("#live-banner")).to_be_visible()
        expect(page.locator("#live-banner")).to_contain_text(info["label"])
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"], f"{lang}: the page scrolls sideways ({width} px)"


def test_staff_pages_ask_for_sign_in_and_the_scorekeeper_signs_in(new_context, live_venue):
    venue = live_venue
    info = venue.load_match(ADMIN, 1)
    page = new_context({"width": 1366, "height": 768}).new_page()
    for path in ("/scorekeeper/1", "/referee/1/red", "/headref/1", "/admin"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.locator("input[name=password]")).to_be_visible()

    page.goto("/scorekeeper/1")
    page.fill("input[name=username]", "scorekeeper")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert-error")).to_have_text("Wrong user name or password.")

    page.fill("input[name=username]", "scorekeeper")
    page.fill("input[name=password]", "scorekeeper-password")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/scorekeeper/1\??$"))
    expect(page.locator("#sk-label")).to_have_text(info["label"])
    expect(page.locator("#sk-red")).to_contain_text(str(info["red"][0]["number"]))
    venue.start_match(ADMIN, 1)
    expect(page.locator("#sk-state")).to_have_text("Autonomous")
    venue.pause_match(ADMIN, 1)  # the console's pause button, say
    expect(page.locator("#sk-state")).to_have_text("Autonomous: paused")
    venue.resume_match(ADMIN, 1)
    expect(page.locator("#sk-state")).to_have_text("Autonomous")


def sign_in(page, path, username):
    page.goto(path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"{username}-password")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(path) + r"\??$"))


def test_alliance_selection_and_bracket_live_on_the_audience_display(new_context, live_venue):
    from factories import play

    venue = live_venue
    for _ in venue.schedule():  # every qualification match, committed
        play(venue)
    order = [r["team"]["number"] for r in venue.rankings()]

    desk = new_context({"width": 1366, "height": 900}).new_page()
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, "/control/playoffs", "scorekeeper")
    screen = new_context(PROJECTOR).new_page()
    screen.goto("/display/audience")
    expect(screen.locator("#screen-rankings")).to_be_visible()

    desk.click("[data-display=selection]")
    expect(screen.locator("#screen-selection")).to_be_visible()
    expect(screen.locator("#aud-selection")).to_contain_text("Alliance selection has not started")

    desk.fill("#sel-start input[name=pick_seconds]", "90")
    desk.click("#sel-start button[type=submit]")
    board = screen.locator("#aud-selection .selection-board")
    expect(board.locator("tbody tr")).to_have_count(2)  # 8 teams: two alliances (FTC)
    expect(board.locator("tbody tr").nth(0)).to_contain_text(str(order[0]))
    expect(screen.locator("#aud-selection [data-role=timer]")).to_have_text(re.compile(r"1:[23]\d"))

    # Alliance 1 invites the second seed (a captain); it declines, so it can be neither.
    desk.locator("#selection button.team-chip", has_text=str(order[1])).click()
    expect(screen.locator("#aud-selection td.pending")).to_contain_text(str(order[1]))
    desk.click("[data-answer=decline]")
    expect(screen.locator("#aud-selection .declined-list")).to_contain_text(str(order[1]))
    expect(board.locator("tbody tr").nth(1)).to_contain_text(str(order[2]))  # moved up
    expect(desk.locator("#selection button.team-chip", has_text=str(order[1]))).to_have_count(0)

    desk.locator("#selection button.team-chip", has_text=str(order[3])).click()
    desk.click("[data-answer=accept]")
    expect(board.locator("tbody tr").nth(0)).to_contain_text(str(order[3]))
    desk.locator("#selection button.team-chip", has_text=str(order[4])).click()
    desk.click("[data-answer=accept]")
    expect(screen.locator("#aud-selection")).to_contain_text("Alliance selection is complete")

    # Two alliances play a best-of-3 final; the bracket shows on the display and advances.
    desk.click("#po-create button[type=submit]")
    expect(desk.locator("#bracket .br-match")).to_have_count(1)
    desk.click("[data-display=bracket]")
    expect(screen.locator("#screen-bracket")).to_be_visible()
    expect(screen.locator("#aud-bracket .br-match.is-ready")).to_have_count(1)
    play(venue)  # final, game 1: red (alliance 1) wins
    expect(screen.locator("#screen-result")).to_be_visible()
    play(venue)  # game 2: alliance 1 wins the series
    bracket = new_context(PROJECTOR).new_page()
    bracket.goto("/bracket")
    champion = bracket.locator(".placements li.place-1")
    expect(champion).to_contain_text(re.compile(rf"A1\s+{order[0]}"))
    expect(bracket.locator(".br-match.is-done")).to_have_count(1)


def test_a_judge_keeps_rubric_changes_offline_and_they_reach_the_server(new_context,
                                                                          live_venue):
    import time

    from factories import make_fll_event

    venue = live_venue
    make_fll_event(venue, teams=6)  # the newest event: the live server's from now on
    venue.create_user(ADMIN, "judge", "judge-password", "judge")
    sessions = venue.fll.judging_room(ADMIN, 1)["sessions"]
    # A Robot Design session judges Robot Design alone: Core Values is the IP session's.
    first = next(s for s in sessions if s["kind"] == "robot_design")
    project = next(s for s in sessions if s["kind"] == "innovation_project")
    assert first["areas"] == ["robot_design"]
    assert project["areas"] == ["innovation_project", "core_values"]
    team, area = first["team"]["number"], first["areas"][0]
    row_ids = [r.id for r in venue.season().judging.rows_of(area)]

    def stored():
        session = next(s for s in venue.fll.judging_room(ADMIN, 1)["sessions"]
                       if s["team"]["number"] == team and s["kind"] == first["kind"])
        return session["rubrics"][area]

    def wait_for(check):
        deadline = time.monotonic() + UI_TIMEOUT / 1000
        while not check():
            assert time.monotonic() < deadline, "the server never got the rubric"
            time.sleep(0.1)

    page = new_context(TABLET).new_page()
    sign_in(page, "/judging", "judge")
    page.click(f'.jr-session[data-session="{team}-{first["kind"]}"]')
    expect(page.locator(".jr-area")).to_have_count(1)
    section = page.locator(f'.jr-area[data-area="{area}"]')
    sync = page.locator("#jr-sync")
    for row in row_ids:
        section.locator(f'[data-row="{row}"] [data-level="3"]').click()
    section.locator("[data-action=submit]").click()
    expect(section.locator(".jr-area-chip")).to_have_text("Submitted")
    expect(sync).to_have_text("Saved ✓")
    wait_for(lambda: (stored() or {}).get("final")
             and stored()["levels"] == {row: 3 for row in row_ids})

    # Offline: the change stays on the laptop, marked as waiting.
    page.context.set_offline(True)
    level = section.locator(f'[data-row="{row_ids[0]}"] [data-level="2"]')
    level.click()
    expect(level).to_have_attribute("aria-checked", "true")
    expect(sync).to_have_text("Not yet sent: 1 · offline, kept on this device")
    expect(sync).to_have_attribute("data-state", "pending")
    assert stored()["levels"][row_ids[0]] == 3

    # Back online: the queued rubric is delivered, still final.
    page.context.set_offline(False)
    expect(sync).to_have_text("Saved ✓", timeout=RECONNECT_TIMEOUT)
    wait_for(lambda: stored()["levels"][row_ids[0]] == 2)
    assert stored()["final"] is True and stored()["by"] == "judge"

    # The server is out of reach and the page is reloaded: the page comes with the server's
    # rubric, and the change kept on the laptop wins over it until it is delivered.
    page.context.route("**/api/judging/rubric", lambda route: route.abort())
    section.locator(f'[data-row="{row_ids[1]}"] [data-level="1"]').click()
    expect(sync).to_have_text(re.compile(r"^Not yet sent: 1"))
    page.reload()
    kept = page.locator(f'.jr-area[data-area="{area}"] [data-row="{row_ids[1]}"] '
                        '[data-level="1"]')
    expect(kept).to_have_attribute("aria-checked", "true")
    expect(sync).to_have_text(re.compile(r"^Not yet sent: 1"))
    assert stored()["levels"][row_ids[1]] == 3
    page.context.unroute("**/api/judging/rubric")
    expect(sync).to_have_text("Saved ✓", timeout=RECONNECT_TIMEOUT)
    wait_for(lambda: stored()["levels"][row_ids[1]] == 1)
    assert stored()["levels"][row_ids[0]] == 2 and stored()["final"] is True
    assert page.evaluate("""() => JSON.parse(localStorage.getItem(
        Object.keys(localStorage).find((k) => k.endsWith(':judging:queue'))))""") == []

    # A submitted rubric stays submitted: a row left without a level is held back on the
    # laptop, marked for fixing, and the server keeps the complete rubric.
    section.locator(f'[data-row="{row_ids[2]}"] [data-level="3"]').click()
    expect(section.locator(".jr-area-chip")).to_have_text("Needs fixing")
    expect(section.locator(f'[data-error-for="{row_ids[2]}"]')).to_be_visible()
    expect(sync).to_have_attribute("data-state", "error")
    assert stored()["final"] is True and stored()["levels"][row_ids[2]] == 3

    # The Innovation Project session shows its two rubrics: the project and Core Values.
    page.click(f'.jr-session[data-session="{project["team"]["number"]}-innovation_project"]')
    expect(page.locator(".jr-area")).to_have_count(2)
    expect(page.locator('.jr-area[data-area="core_values"]')).to_have_count(1)


def test_fll_table_sheet_constraint_team_agrees_and_scoreboard(new_context, live_venue):
    """An FLL table tablet: fill a SUBMERGED sheet, trip a constraint (its message shows on
    the mission card and the team cannot agree), fix it, the team agrees with initials, the
    referee submits, and the robot-game scoreboard shows the new best score."""
    from datetime import timedelta

    from factories import BLUE_REF, FLL_DAY, SCOREKEEPER, make_csv

    v = live_venue
    v.create_event(ADMIN, "fll-b", "FLL browser", "fll-2024-submerged", fields=1)
    v.import_teams(ADMIN, make_csv(4, first=2001))
    v.fll.generate_day(ADMIN, start=FLL_DAY, match_cycle=timedelta(minutes=8), rooms=1,
                       session_length=timedelta(minutes=20), seed=5)
    match = next(m for m in v.schedule() if m["level"] == "qual" and m["red"] and m["blue"])
    red_team = match["red"][0]["number"]
    v.load_match(SCOREKEEPER, 1, match["id"])
    v.start_match(SCOREKEEPER, 1)

    board = new_context(PROJECTOR).new_page()
    board.goto("/scoreboard")
    expect(board.locator("#sb-round")).to_have_text("Round 1 of 3")

    tablet = referee_tablet(new_context, v, "red")
    expect(tablet.locator(".ref-place")).to_contain_text("Table 1")
    expect(tablet.locator("#ref-teams")).to_contain_text(str(red_team))
    tablet.locator('[data-field="m00_one_launch_area"] .toggle').click()
    choose(tablet, "m01_coral_tree_hanging", "hanging")
    tap_plus(tablet, "m12_krill", 3)
    tablet.locator('[data-field="m15b_water_sample"] .toggle').click()
    alert = tablet.locator('[data-mission="m15"] .mission-alert')
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("water sample")
    expect(tablet.locator("#ref-agree-btn")).to_be_disabled()
    expect(tablet.locator("#ref-final")).to_be_disabled()
    expect(tablet.locator("#ref-total")).to_have_text("125")

    tablet.locator('[data-field="m14_water_sample"] .toggle').click()  # the fix
    expect(alert).to_be_hidden()
    expect(tablet.locator("#ref-total")).to_have_text("130")
    v.clock.advance(151)  # the 2:30 is over

    expect(tablet.locator("#ref-final")).to_be_disabled()  # not before the team agrees
    tablet.locator("#ref-initials").fill("ab")
    tablet.locator("#ref-agree-btn").click()
    expect(tablet.locator("#ref-agree")).to_have_class(re.compile("is-agreed"))
    tablet.once("dialog", lambda dialog: dialog.accept())
    tablet.locator("#ref-final").click()
    expect(tablet.locator("#ref-sync")).to_contain_text("final", ignore_case=True)

    # The other table's referee submits too: the match commits and the scoreboard moves.
    blue_ref = BLUE_REF.__class__(**{**BLUE_REF.__dict__, "field": 1})
    v.submit_sheet(blue_ref, match["id"], "blue", {"m16_precision_tokens": "t3"},
                   key="fll-browser-blue", final=True, agreed="CD")
    row = board.locator("#sb-body tr", has_text=str(red_team))
    expect(row.locator("td.strong")).to_have_text("130")
    expect(board.locator("#sb-top .sb-best").first).to_have_text("130")
    sheet = v.referee_snapshot(1)["sheets"]["red"]
    assert sheet["final"] and sheet["agreed_by"] == "AB"
    assert sheet["data"]["m12_krill"] == 3 and sheet["data"]["m14_water_sample"] is True
    # A final sheet is closed on the tablet until the head referee reopens it.
    expect(tablet.locator('[data-field="m12_krill"] .ctr-plus')).to_be_disabled()


def test_jury_marks_by_code_and_the_board_reveals_the_ceremony(new_context, live_venue):
    """A juror types a work code and a mark, Enter: the row updates. Then the scorekeeper
    starts the ceremony and presses Space: the projector shows the lowest medallist."""
    v = live_venue
    v.olympiad.create(ADMIN, "izho", "IZhO", "izho")
    v.olympiad.import_participants(ADMIN, (
        "number,name,gender,school,country,subject\n"
        "KZ-01,Әлия Құрманғалиқызы,f,НЗМ Астана,KZ,math\n"
        "KZ-02,Нұрлан Серікұлы,m,НЗМ Астана,KZ,math\n"
        "RU-01,Иван Петров,m,Лицей 239,RU,math\n"
        "TR-01,Ayşe Yılmaz,f,Ankara Fen Lisesi,TR,math\n"))
    v.create_user(ADMIN, "juror1", "juror1-password", "jury")
    problem = v.olympiad.jury_problems(ADMIN)[0]
    code = next(p["codes"][0] for p in v.olympiad.participants(ADMIN) if p["number"] == "KZ-01")

    jury = new_context(TABLET).new_page()
    sign_in(jury, f"/jury/problem/{problem['id']}", "juror1")
    row = jury.locator(f'#oj-body tr[data-code="{code}"]')
    expect(row.locator(".oj-status")).to_have_text("not marked")
    expect(jury.locator("#oj-code")).to_be_focused()
    jury.keyboard.type(f"ZHW:{code}:P1")
    jury.keyboard.press("Enter")
    expect(jury.locator("#oj-mark")).to_be_focused()
    jury.keyboard.type("5")
    jury.keyboard.press("Enter")
    expect(row.locator(".oj-mine")).to_have_text("5")
    expect(row.locator(".oj-status")).to_have_text("one mark")
    expect(jury.locator("#oj-code")).to_be_focused()
    assert "Әлия" not in jury.content()

    v.olympiad.import_contest_results(ADMIN, "math", "number,P1,P2,P3,P4,P5,P6\n"
                                      "KZ-01,7,7,7,7,7,7\nKZ-02,7,7,5,5,3,3\n"
                                      "RU-01,7,7,7,7,7,5\nTR-01,1,0,0,0,0,0\n")
    rows = v.olympiad.results("math", public=False)["rows"]
    lowest = [r for r in rows if r["award"] in ("gold", "silver", "bronze")][-1]
    board = new_context(PROJECTOR).new_page()
    board.goto("/olympiad/results?subject=math")
    expect(board.locator("#ob-body tr")).to_have_count(4)
    control = new_context(TABLET).new_page()
    sign_in(control, "/olympiad/control", "scorekeeper")
    control.select_option("#oc-target", "math")
    control.click('[data-command="start"]')
    expect(board.locator("#ob-ceremony")).to_be_visible()
    expect(board.locator(".oly-reveal")).to_have_count(0)
    # The desk takes keys once it has heard that its ceremony started (Next is enabled then).
    expect(control.locator('[data-command="next"]')).to_be_enabled()
    control.keyboard.press("Space")
    expect(board.locator(".oly-reveal")).to_have_count(1)
    expect(board.locator(".oly-reveal").first).to_contain_text(lowest["name"])
    expect(control.locator("#oc-progress")).to_contain_text("1 of")


def test_the_organiser_exports_badges_and_downloads_them_when_ready(new_context, live_venue):
    page = new_context(TABLET).new_page()
    sign_in(page, "/admin/exports", "admin")
    form = page.locator('form[data-export="badges"]')
    form.locator('select[name="layout"]').select_option("lanyard")
    form.locator('button[type="submit"]').click()
    row = page.locator("#job-rows tr").first
    # The export runs in its own process; its progress arrives over /control.
    expect(row).to_have_attribute("data-state", "done", timeout=60_000)
    link = row.locator(".job-file a")
    expect(link).to_have_text(re.compile(r"badges-teams-lanyard\.pdf"))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "badges-teams-lanyard.pdf"
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    # A bad choice comes back as a clear error beside the form, nothing started.
    certificates = page.locator('form[data-export="team-chart"]')
    certificates.locator('button[type="submit"]').click()
    expect(certificates.locator(".form-error")).to_be_hidden()
    expect(page.locator("#job-rows tr").first).to_have_attribute("data-state", "failed",
                                                                 timeout=60_000)
    expect(page.locator("#job-rows tr").first.locator(".job-file")).to_contain_text(
        "team: is required")
