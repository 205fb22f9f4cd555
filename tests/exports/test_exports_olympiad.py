"""Olympiad diplomas, certificates and blind-marking cover sheets: PDFs read back with pypdf,
QR codes rendered with pdftoppm and decoded with OpenCV."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pdfcheck import decode_qr, flat, lines, pages_text
from pypdf import PdfReader

from exports import (
    CoverSheet,
    DocumentStyle,
    OlympiadDocument,
    Signatory,
    cover_sheets_pdf,
    olympiad_documents_pdf,
    olympiad_documents_zip,
    register_fonts,
)
from exports import fonts as fonts_module
from exports.olympiad import LABELS, TITLES

KAZAKH_NAMES = ["Әлия Құрманғалиқызы", "Ұлан Үсенов", "Іңкәр Өмірбекова", "Һ", "ҒАЛЫМ ҚҰНАНБАЙ"]

STYLE = DocumentStyle(
    event="Жәутіков атындағы халықаралық олимпиада",
    dates="15–21 қаңтар 2027",
    place="Алматы",
    logo_path="/nonexistent/logo.png",  # a missing logo is skipped, not an error
    signatories=(Signatory("Қазылар алқасының төрағасы", "Ә. Серікбаев"),
                 Signatory("Chair of the Organising Committee", "G. Nurlanuly")),
)


def doc(**kw) -> OlympiadDocument:
    base = dict(lang="kk", award="gold", name="Әлия Құрманғалиқызы", subject="Математика",
                school="РФМ мектебі", city="Алматы", country="Қазақстан", grade="11",
                total=37.5, max_total=42, place=1, number="M-0001")
    base.update(kw)
    return OlympiadDocument(**base)


def test_fonts_cover_every_kazakh_letter():
    fonts = register_fonts()
    assert register_fonts() is fonts  # idempotent
    for file in fonts_module.FONT_FILES.values():
        path = fonts.directory / file
        assert fonts_module.missing_glyphs(path) == "", path
    for letter in "әғқңөұүһіӘҒҚҢӨҰҮҺІ":
        assert letter in fonts_module.KAZAKH_LETTERS


def test_missing_fonts_name_the_paths_tried(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts_module, "candidate_dirs", lambda: [tmp_path / "nowhere"])
    with pytest.raises(fonts_module.FontNotFoundError, match="nowhere"):
        fonts_module.find_font_dir()


def test_font_dir_override_comes_first(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHARYS_FONT_DIR", str(tmp_path))
    assert fonts_module.candidate_dirs()[0] == tmp_path


def test_kazakh_names_come_out_exactly_in_order():
    docs = [doc(name=name, number=f"N{i}") for i, name in enumerate(KAZAKH_NAMES)]
    texts = pages_text(olympiad_documents_pdf(docs, STYLE))
    assert len(texts) == len(KAZAKH_NAMES)
    for i, (name, text) in enumerate(zip(KAZAKH_NAMES, texts, strict=True)):
        assert name in lines(text), (name, text)
        assert f"№ N{i}" in text
        assert "Жәутіков атындағы халықаралық олимпиада" in text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_award_has_its_title(lang):
    awards = ["gold", "silver", "bronze", "hm", "none"]
    docs = [doc(lang=lang, award=a, name=f"Participant {a}") for a in awards]
    texts = pages_text(olympiad_documents_pdf(docs, STYLE))
    assert len(texts) == 5
    for award, text in zip(awards, texts, strict=True):
        assert TITLES[lang][award] in lines(text)
        assert f"Participant {award}" in text
        labels = LABELS[lang]
        assert f"{labels['points']}: 37.5 / 42" in flat(text)
        assert f"{labels['place']}: 1" in flat(text)
        assert f"{labels['subject']}: Математика" in flat(text)
        # A title never leaks onto another award's page.
        for other in awards:
            if other != award:
                assert TITLES[lang][other] not in lines(text)


def test_known_titles():
    assert TITLES["en"]["gold"] == "Diploma of the First Degree"
    assert TITLES["ru"]["bronze"] == "Диплом III степени"
    assert TITLES["kk"]["gold"] == "I дәрежелі диплом"
    assert TITLES["kk"]["hm"] == "Мақтау грамотасы"
    assert TITLES["ru"]["none"] == "Сертификат участника"


def test_points_without_trailing_zero_and_optional_fields():
    texts = pages_text(olympiad_documents_pdf(
        [doc(lang="en", total=37.0, max_total=None, place=None),
         doc(lang="en", school="", city="", country="", grade="", total=None, place=None,
             number="", subject="")],
        DocumentStyle(event="Zhautykov Olympiad")))
    assert "Points: 37" in flat(texts[0]) and "37.0" not in texts[0]
    assert "Place" not in texts[0]
    assert "Points" not in texts[1] and "Әлия Құрманғалиқызы" in texts[1]


def test_very_long_name_and_school_still_one_page():
    long = doc(name="Іңкәр Өмірбекова-Константинопольская Александра-Мария Владимировна " * 2,
               school="Республикалық физика-математика мектебі " * 6)
    assert len(PdfReader(io.BytesIO(olympiad_documents_pdf([long], STYLE))).pages) == 1


def test_cover_sheets_show_code_problem_and_warning_but_no_name():
    sheets = [CoverSheet(olympiad="Zhautykov Olympiad", subject=subject, round="Round 1",
                         problem=f"Problem {i}", code=f"M1-7KQ4{i}", qr=f"ZHW:M1-7KQ4{i}:P{i}",
                         lang=lang)
              for i, (lang, subject) in enumerate([("en", "Mathematics"), ("ru", "Физика"),
                                                   ("kk", "Информатика")], start=1)]
    texts = pages_text(cover_sheets_pdf(sheets))
    assert len(texts) == 3
    for sheet, text in zip(sheets, texts, strict=True):
        assert sheet.code in lines(text)
        assert sheet.problem in text and sheet.subject in text
        assert LABELS[sheet.lang]["no_name"] in lines(text)
    assert "Do not write your name on this sheet" in texts[0]
    assert "Не пишите своё имя на этом листе" in texts[1]
    assert "Бұл параққа атыңызды жазбаңыз" in texts[2]


def test_zip_has_one_single_page_pdf_per_document_with_unique_names():
    docs = [doc(name="Әлия Құрманғалиқызы"), doc(name="Әлия Құрманғалиқызы", award="none"),
            doc(name="A/B\\C:D*?", award="hm", lang="en"), doc(name="Ұлан Үсенов", lang="ru")]
    with zipfile.ZipFile(io.BytesIO(olympiad_documents_zip(docs, STYLE))) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)) == 4
        assert names[0] == "0001-gold-aliya-qurmangaliqyzy.pdf"
        assert names[3] == "0004-gold-ulan-usenov.pdf"
        for name, original in zip(names, docs, strict=True):
            assert re.fullmatch(r"[0-9]{4}-[a-z]+-[a-z0-9-]+\.pdf", name), name
            reader = PdfReader(io.BytesIO(archive.read(name)))
            assert len(reader.pages) == 1
            assert original.name in reader.pages[0].extract_text()


@pytest.mark.parametrize(("field", "value"), [("award", "platinum"), ("lang", "de")])
def test_bad_documents_name_the_field_and_index(field, value):
    docs = [doc(), doc(**{field: value})]
    for build in (olympiad_documents_pdf, olympiad_documents_zip):
        with pytest.raises(ValueError, match=rf"docs\[1\]\.{field}: .*{value}"):
            build(docs, STYLE)


def test_bad_cover_sheet_and_style():
    sheet = CoverSheet("O", "S", "R", "P", code="M1-1", qr="ZHW:M1-1:P1", lang="fr")
    with pytest.raises(ValueError, match=r"sheets\[0\]\.lang"):
        cover_sheets_pdf([sheet])
    with pytest.raises(ValueError, match=r"style\.accent"):
        olympiad_documents_pdf([doc()], DocumentStyle(event="O", accent="blue-ish"))


# --- QR codes, rendered and decoded ---------------------------------------------------------


def test_diploma_qr_encodes_the_verify_url(tmp_path):
    url = "http://192.168.1.10:5000/verify/7KQ4X9ZP"
    pdf = olympiad_documents_pdf([doc(verify_url=url)], STYLE)
    assert decode_qr(pdf, tmp_path) == url
    assert url in pages_text(pdf)[0]


def test_cover_sheet_qr_encodes_the_payload(tmp_path):
    sheet = CoverSheet("Zhautykov Olympiad", "Mathematics", "Round 1", "Problem 3",
                       code="M1-7KQ4X", qr="ZHW:M1-7KQ4X:P3")
    assert decode_qr(cover_sheets_pdf([sheet]), tmp_path) == "ZHW:M1-7KQ4X:P3"
