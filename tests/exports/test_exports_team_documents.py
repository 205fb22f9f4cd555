"""Team certificates, badges and the document templates, read back from the PDFs the way an
organiser would check them: the text, the page count and every QR code's link."""

from __future__ import annotations

import io
import zipfile

import pytest
from factories import ADMIN, SCOREKEEPER, make_fll_event
from pdfcheck import decode_qr, flat, pages_text, render_page
from pypdf import PdfReader

from exports.catalogue import run_export
from exports.documents import parse_people
from tournament.errors import NotFound, PermissionDenied, ValidationError

KAZAKH_TEAMS = ("number,name,organization,city,country\n"
                "5001,Қыран Өрлеу,Үшқоңыр мектебі,Шымкент,Қазақстан\n"
                "5002,Іңкәр Һ-роботтар,ҒЫЛЫМ орталығы,Өскемен,Қазақстан\n")


class Links:
    base = "http://192.168.1.10:5000"

    def team(self, number):
        return f"{self.base}/teams/{number}"

    def team_certificate(self, token):
        return f"{self.base}/verify/{token}"

    def olympiad_document(self, token):
        return f"{self.base}/olympiad/verify/{token}"

    def join(self, code):
        return f"{self.base}/join/{code}"

    def leader(self, token):
        return f"{self.base}/olympiad/leader/{token}"


LINKS = Links()


@pytest.fixture
def db_url(tmp_path):  # documents are what is tested here: SQLite is enough
    return f"sqlite:///{tmp_path / 'documents.sqlite3'}"


@pytest.fixture
def event(venue):
    venue.import_teams(ADMIN, KAZAKH_TEAMS)
    return venue


def test_award_certificates_come_first_then_every_team_takes_part(event, tmp_path):
    event.awards.set_ftc_awards(ADMIN, {"inspire": [5001, "5002"], "think": [1003]})
    pdf = run_export("certificates", event, LINKS, {"lang": "kk"}).data
    texts = [flat(t) for t in pages_text(pdf)]
    teams = len(event.teams())
    assert len(texts) == 3 + teams
    assert "«Inspire» сыйлығы" in texts[0] and "Команда 5001 «Қыран Өрлеу»" in texts[0]
    assert "Орын: 1" in texts[0] and "Орын: 2" in texts[1] and "5002 «Іңкәр Һ-роботтар»" in texts[1]
    assert "«Think» сыйлығы" in texts[2] and "Команда 1003" in texts[2]
    assert all("Қатысушы сертификаты" in t for t in texts[3:])
    assert "Үшқоңыр мектебі, Шымкент, Қазақстан" in " ".join(texts)
    # The QR code opens the public check, which confirms exactly this certificate.
    url = decode_qr(pdf, tmp_path, page=1)
    assert url.startswith(LINKS.base + "/verify/") and url in texts[0].replace(" ", "")
    token = url.rsplit("/", 1)[1]
    checked = event.awards.verify(token)
    assert checked["team"]["number"] == 5001 and checked["award"] == "inspire"
    assert checked["place"] == 1
    # Corrected winners: the old certificate no longer verifies.
    event.awards.set_ftc_awards(ADMIN, {"inspire": [5002, 5001]})
    with pytest.raises(NotFound):
        event.awards.verify(token)


def test_certificates_in_russian_and_english_and_as_a_zip(event):
    event.awards.set_ftc_awards(ADMIN, {"motivate": [5002]})
    ru = flat(pages_text(run_export("certificates", event, LINKS,
                                    {"lang": "ru", "kind": "awards"}).data)[0])
    assert "Награда «Motivate»" in ru and "вручается" in ru and "Команда 5002" in ru
    assert "Место: 1" in ru
    out = run_export("certificates", event, LINKS, {"lang": "en", "format": "zip"})
    names = zipfile.ZipFile(io.BytesIO(out.data)).namelist()
    assert len(names) == 1 + len(event.teams()) and len(set(names)) == len(names)
    assert names[0].startswith("0001-motivate-5002-")
    first = zipfile.ZipFile(io.BytesIO(out.data)).read(names[0])
    assert "Motivate Award" in PdfReader(io.BytesIO(first)).pages[0].extract_text()


def test_bad_award_winners_are_refused_whole(event):
    with pytest.raises(ValidationError) as err:
        event.awards.set_ftc_awards(ADMIN, {"inspire": [5001, 9999, 5001, "x"],
                                            "best_hat": [5001]})
    where = dict(err.value.errors)
    assert "team 9999 is not registered" in where["inspire place 2"]
    assert "already has a place" in where["inspire place 3"]
    assert "is not a number" in where["inspire place 4"]
    assert where["best_hat"] == "unknown award"
    assert all(not a["winners"] for a in event.awards.ftc_awards())
    with pytest.raises(PermissionDenied):
        event.awards.set_ftc_awards(SCOREKEEPER, {"inspire": [5001]})


def test_fll_award_winners_come_from_judging(venue):
    make_fll_event(venue)
    certs = venue.awards.certificates()["certificates"]
    assert {c["award"] for c in certs} >= {"participation"}
    assert len([c for c in certs if c["award"] == "participation"]) == len(venue.teams())
    with pytest.raises(ValidationError, match="FLL awards come from judging"):
        venue.awards.set_ftc_awards(ADMIN, {"inspire": [1001]})


def test_templates_put_colour_and_signatories_on_the_certificates(event):
    event.printing.set_template(ADMIN, "participation", {
        "accent": "#7A1F3D",
        "signatories": [{"title": "Бас төреші", "name": "Ә. Құрманов"},
                        {"title": "", "name": ""}]})
    template = event.printing.template("participation")
    assert template["accent"] == "#7a1f3d" and len(template["signatories"]) == 1
    text = flat(pages_text(run_export("certificates", event, LINKS,
                                      {"kind": "participation"}).data)[0])
    assert "Бас төреші" in text and "Ә. Құрманов" in text
    with pytest.raises(ValidationError) as err:
        event.printing.set_template(ADMIN, "badge", {"accent": "red", "logo": "../x.png"})
    where = dict(err.value.errors)
    assert "not a colour" in where["accent"] and "logo" in where
    assert event.printing.template("badge")["accent"] == "#1f4e79"  # nothing stored


def card_qrs(pdf: bytes, tmp_path) -> list[str]:
    """The QR code of each card on page 1, cut out along the cut marks, left to right and
    top to bottom (one code at a time reads more reliably than ten at once)."""
    cv2 = pytest.importorskip("cv2", reason="opencv-python-headless (the test extra) missing")
    dpi = 200
    image = cv2.imread(str(render_page(pdf, tmp_path, 1, dpi)))
    px = dpi / 25.4  # pixels per millimetre
    left, top = (210 - 2 * 85) / 2, (297 - 5 * 54) / 2
    found = []
    for row in range(5):
        for col in range(2):
            x, y = int((left + col * 85) * px), int((top + row * 54) * px)
            card = image[y:y + int(54 * px), x:x + int(85 * px)]
            text, points, _ = cv2.QRCodeDetector().detectAndDecode(card)
            found.append(text if points is not None else None)
    return found


def test_badge_sheets_hold_ten_cards_and_every_qr_opens_its_team(event, tmp_path):
    pdf = run_export("badges", event, LINKS, {"groups": "teams"}).data
    teams = event.teams()
    texts = pages_text(pdf)
    assert len(texts) == -(-len(teams) // 10)
    assert "Қыран Өрлеу" in flat(" ".join(texts)) and "5002" in texts[-1]
    assert card_qrs(pdf, tmp_path) == [LINKS.team(t["number"]) for t in teams[:10]]


def test_staff_cards_carry_their_join_link_and_volunteers_come_from_csv(event, tmp_path):
    code = event.create_join_code(ADMIN, "referee", 1, "red", "Әлия Құрманғалиқызы")
    people = "name,role,organisation\nҰлан Үсенов,volunteer,ҚазҰУ\n"
    pdf = run_export("badges", event, LINKS, {"groups": "staff,volunteers", "people": people,
                                              "layout": "lanyard", "lang": "ru"}).data
    texts = [flat(t) for t in pages_text(pdf)]
    assert len(texts) == 2
    assert "Әлия Құрманғалиқызы" in texts[0] and "Рефери · Поле 1 · красные" in texts[0]
    assert decode_qr(pdf, tmp_path, page=1) == LINKS.join(code)
    assert "Ұлан Үсенов" in texts[1] and "Волонтёр" in texts[1] and "ҚазҰУ" in texts[1]


def test_bad_volunteer_rows_are_named():
    with pytest.raises(ValidationError) as err:
        parse_people("name,role\nAsel,volunteer\n,judge\nBolat,wizard\n")
    assert dict(err.value.errors) == {"row 3": "the name is empty",
                                      "row 4": "unknown role 'wizard' (one of team, "
                                               "participant, leader, judge, referee, "
                                               "scorekeeper, jury, volunteer, staff)"}
    with pytest.raises(ValidationError, match="name the columns"):
        parse_people("Asel,volunteer\n")


def test_the_catalogue_checks_names_and_choices(event):
    with pytest.raises(ValidationError, match="unknown export 'posters'"):
        run_export("posters", event, LINKS)
    with pytest.raises(ValidationError, match="no option 'colour'"):
        run_export("certificates", event, LINKS, {"colour": "red"})
    with pytest.raises(ValidationError, match="'de' is not one of"):
        run_export("certificates", event, LINKS, {"lang": "de"})
    with pytest.raises(ValidationError, match="groups"):
        run_export("badges", event, LINKS, {"groups": "teams,aliens"})


def test_long_batches_report_progress(event):
    seen = []
    run_export("badges", event, LINKS, {"groups": "teams"},
               progress=lambda done, total: seen.append((done, total)))
    total = len(event.teams())
    assert seen[-1] == (total, total) and len(seen) == -(-total // 10)


def test_each_certificate_in_a_mixed_batch_keeps_its_own_template(event):
    event.awards.set_ftc_awards(ADMIN, {"inspire": [5001]})
    event.printing.set_template(ADMIN, "award", {
        "signatories": [{"title": "Марапат алқасы", "name": "Ғ. Сейітов"}]})
    event.printing.set_template(ADMIN, "participation", {
        "signatories": [{"title": "Ұйымдастырушы", "name": "Қ. Өтепова"}]})
    texts = [flat(t) for t in pages_text(run_export("certificates", event, LINKS, {}).data)]
    assert "Ғ. Сейітов" in texts[0] and "Қ. Өтепова" not in texts[0]
    assert "Қ. Өтепова" in texts[-1] and "Ғ. Сейітов" not in texts[-1]
