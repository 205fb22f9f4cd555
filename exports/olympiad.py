"""Olympiad documents: diplomas (I, II, III degree), diplomas of honourable mention,
certificates of participation, and blind-marking cover sheets.

Pure: plain dataclasses in, PDF (or ZIP) bytes out. Titles come from the kk/ru/en tables below;
names, subjects and the olympiad's name arrive already in the document's language. Diplomas and
certificates are laid out by ``exports.certificates``; the cover sheets are drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .certificates import (
    LANGS,
    Certificate,
    DocumentError,
    Styles,
    certificates_pdf,
    certificates_zip,
    one_of,
)
from .fonts import MONO_BOLD, SANS, SANS_BOLD
from .pdf import (
    A4_PORTRAIT,
    BLACK,
    GREY,
    LIGHT_GREY,
    Progress,
    draw_centred_fit,
    draw_left_fit,
    draw_qr,
    fit_size,
    format_number,
    mm,
    render_pages,
    slugify,
)

AWARDS = ("gold", "silver", "bronze", "hm", "none")


@dataclass(frozen=True)
class OlympiadDocument:
    lang: str  # "kk", "ru" or "en"
    award: str  # "gold" | "silver" | "bronze" | "hm" | "none"
    name: str  # participant's full name
    subject: str  # already localised, e.g. "Математика"
    school: str = ""
    city: str = ""
    country: str = ""
    grade: str = ""
    total: float | None = None  # shown like 37 or 37.5
    max_total: float | None = None
    place: int | None = None
    number: str = ""  # document / participant number, printed small
    verify_url: str = ""  # if set: a QR code encoding exactly this URL, and the URL in small text


@dataclass(frozen=True)
class CoverSheet:
    olympiad: str
    subject: str
    round: str
    problem: str
    code: str  # the work code, e.g. "M1-7KQ4X"
    qr: str  # the exact payload the QR encodes, e.g. "ZHW:M1-7KQ4X:P3"
    lang: str = "en"


# --- words ----------------------------------------------------------------------------------

TITLES: dict[str, dict[str, str]] = {
    "en": {
        "gold": "Diploma of the First Degree",
        "silver": "Diploma of the Second Degree",
        "bronze": "Diploma of the Third Degree",
        "hm": "Diploma of Honourable Mention",
        "none": "Certificate of Participation",
    },
    "ru": {
        "gold": "Диплом I степени",
        "silver": "Диплом II степени",
        "bronze": "Диплом III степени",
        "hm": "Похвальная грамота",
        "none": "Сертификат участника",
    },
    "kk": {
        "gold": "I дәрежелі диплом",
        "silver": "II дәрежелі диплом",
        "bronze": "III дәрежелі диплом",
        "hm": "Мақтау грамотасы",
        "none": "Қатысушы сертификаты",
    },
}

# The line above the participant's name and the line below it: a diploma ("award") and a
# certificate of participation ("certificate"). Kazakh puts the verb after the name.
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "award": ("is awarded to", ""),
        "certificate": ("This is to certify that", "took part in the olympiad"),
    },
    "ru": {
        "award": ("награждается", ""),
        "certificate": ("Настоящий сертификат подтверждает, что", "принял(а) участие в олимпиаде"),
    },
    "kk": {
        "award": ("", "олимпиададағы жетістігі үшін марапатталады"),
        "certificate": ("", "олимпиадаға қатысқаны үшін беріледі"),
    },
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Subject", "points": "Points", "place": "Place", "number": "No.",
        "round": "Round", "problem": "Problem", "code": "Work code", "marks": "Marks",
        "first": "1st marker", "second": "2nd marker", "agreed": "Agreed",
        "no_name": "Do not write your name on this sheet",
        "olympiad": "Olympiad",
    },
    "ru": {
        "subject": "Предмет", "points": "Баллы", "place": "Место", "number": "№",
        "round": "Тур", "problem": "Задача", "code": "Код работы", "marks": "Баллы",
        "first": "1-й проверяющий", "second": "2-й проверяющий", "agreed": "Итоговый балл",
        "no_name": "Не пишите своё имя на этом листе",
        "olympiad": "Олимпиада",
    },
    "kk": {
        "subject": "Пән", "points": "Ұпай", "place": "Орын", "number": "№",
        "round": "Тур", "problem": "Есеп", "code": "Жұмыс коды", "marks": "Ұпайлар",
        "first": "1-тексеруші", "second": "2-тексеруші", "agreed": "Келісілген ұпай",
        "no_name": "Бұл параққа атыңызды жазбаңыз",
        "olympiad": "Олимпиада",
    },
}

def document_title(lang: str, award: str) -> str:
    """The document's title, e.g. ("kk", "gold") → "I дәрежелі диплом"."""
    return TITLES[lang][award]


def no_name_line(lang: str) -> str:
    """The cover sheet's warning in ``lang``: "Do not write your name on this sheet"."""
    return LABELS[lang]["no_name"]


def _grade_text(lang: str, grade: str) -> str:
    if lang == "en":
        return f"Grade {grade}"
    if lang == "ru":
        return f"{grade} класс"
    return f"{grade}-сынып" if grade.isdigit() else f"{grade} сынып"


# --- validation -----------------------------------------------------------------------------


def _validate_documents(docs: Sequence[OlympiadDocument]) -> None:
    for i, doc in enumerate(docs):
        if not isinstance(doc, OlympiadDocument):
            raise DocumentError("docs", i, "type", f"expected OlympiadDocument, got {doc!r}")
        for field, allowed in (("lang", LANGS), ("award", AWARDS)):
            problem = one_of(getattr(doc, field), allowed)
            if problem:
                raise DocumentError("docs", i, field, problem)
        if not isinstance(doc.name, str) or not doc.name.strip():
            raise DocumentError("docs", i, "name", "the participant's name is empty")
        for field in ("subject", "school", "city", "country", "grade", "number", "verify_url"):
            if not isinstance(getattr(doc, field), str):
                raise DocumentError("docs", i, field, "must be text")
        for field in ("total", "max_total"):
            value = getattr(doc, field)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or value < 0
            ):
                raise DocumentError("docs", i, field, f"{value!r} is not a number ≥ 0")
        if doc.place is not None and (
            isinstance(doc.place, bool) or not isinstance(doc.place, int) or doc.place < 1
        ):
            raise DocumentError("docs", i, "place", f"{doc.place!r} is not a whole number ≥ 1")


def _validate_sheets(sheets: Sequence[CoverSheet]) -> None:
    for i, sheet in enumerate(sheets):
        if not isinstance(sheet, CoverSheet):
            raise DocumentError("sheets", i, "type", f"expected CoverSheet, got {sheet!r}")
        problem = one_of(sheet.lang, LANGS)
        if problem:
            raise DocumentError("sheets", i, "lang", problem)
        for field in ("code", "qr"):
            value = getattr(sheet, field)
            if not isinstance(value, str) or not value.strip():
                raise DocumentError("sheets", i, field, "is empty")


# --- diplomas and certificates --------------------------------------------------------------

def _result_segments(doc: OlympiadDocument) -> tuple[tuple[str, str], ...]:
    words = LABELS[doc.lang]
    segments = []
    if doc.subject:
        segments.append((words["subject"], doc.subject))
    if doc.total is not None:
        points = format_number(doc.total)
        if doc.max_total is not None:
            points += f" / {format_number(doc.max_total)}"
        segments.append((words["points"], points))
    if doc.place is not None:
        segments.append((words["place"], str(doc.place)))
    return tuple(segments)


def certificate(doc: OlympiadDocument) -> Certificate:
    """What the diploma or certificate of ``doc`` says, in its language."""
    lead, tail = PHRASES[doc.lang]["certificate" if doc.award == "none" else "award"]
    affiliation = ", ".join(p for p in (doc.school, doc.city, doc.country) if p)
    if doc.grade:
        affiliation = " · ".join(p for p in (affiliation, _grade_text(doc.lang, doc.grade)) if p)
    return Certificate(
        lang=doc.lang, title=document_title(doc.lang, doc.award), name=doc.name, lead=lead,
        tail=tail, affiliation=affiliation, segments=_result_segments(doc),
        medal=doc.award if doc.award in ("gold", "silver", "bronze") else None,
        number=f"{LABELS[doc.lang]['number']} {doc.number}" if doc.number else "",
        verify_url=doc.verify_url, template="certificate" if doc.award == "none" else "diploma")


def olympiad_documents_pdf(docs: Sequence[OlympiadDocument], style: Styles, *,
                           progress: Progress | None = None) -> bytes:
    """One A4 landscape page per document, in the given (print) order, under one style or
    the "diploma" and "certificate" templates' (a mapping). ``ValueError`` naming the
    document's index and field on bad input; nothing is drawn then."""
    docs = list(docs)
    _validate_documents(docs)
    return certificates_pdf([certificate(d) for d in docs], style, progress=progress)


def document_filename(index: int, doc: OlympiadDocument) -> str:
    """``0001-gold-aliya-qurmangaliqyzy.pdf``: 1-based position, award, transliterated name."""
    return f"{index + 1:04d}-{doc.award}-{slugify(doc.name) or 'participant'}.pdf"


def olympiad_documents_zip(docs: Sequence[OlympiadDocument], style: Styles, *,
                           progress: Progress | None = None) -> bytes:
    """A ZIP with one single-page PDF per document, named by ``document_filename``."""
    docs = list(docs)
    _validate_documents(docs)
    return certificates_zip([certificate(d) for d in docs],
                            [document_filename(i, d) for i, d in enumerate(docs)], style,
                            progress=progress)


# --- cover sheets ---------------------------------------------------------------------------

PW, PH = A4_PORTRAIT
COVER_QR = 55 * mm


def _draw_cover(canvas: Canvas, sheet: CoverSheet) -> None:
    words = LABELS[sheet.lang]
    margin = 20 * mm
    cx = PW / 2
    width = PW - 2 * margin

    canvas.setFillColor(BLACK)
    y = draw_centred_fit(canvas, sheet.olympiad, cx, PH - 25 * mm, font=SANS_BOLD, size=16,
                         max_width=width, min_size=10, max_lines=2, leading=1.2)
    # Subject / round / problem as a labelled table.
    rows = [(words["subject"], sheet.subject), (words["round"], sheet.round),
            (words["problem"], sheet.problem)]
    y -= 6 * mm
    label_w = 35 * mm
    for label, value in rows:
        canvas.setFillColor(GREY)
        draw_left_fit(canvas, label + ":", margin, y, font=SANS, size=14, max_width=label_w - 2)
        canvas.setFillColor(BLACK)
        draw_left_fit(canvas, value, margin + label_w, y, font=SANS_BOLD, size=18,
                      max_width=width - label_w)
        y -= 10 * mm
    canvas.setStrokeColor(BLACK)
    canvas.setLineWidth(1)
    canvas.line(margin, y + 3 * mm, PW - margin, y + 3 * mm)

    # The work code, very large.
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 12)
    canvas.drawCentredString(cx, y - 8 * mm, words["code"])
    canvas.setFillColor(BLACK)
    size = fit_size(sheet.code, MONO_BOLD, 64, width, 16)
    canvas.setFont(MONO_BOLD, size)
    canvas.drawCentredString(cx, y - 8 * mm - size * 0.95, sheet.code)
    y = y - 8 * mm - size * 0.95 - 12 * mm

    # The QR code, ~5.5 cm, with its quiet zone.
    draw_qr(canvas, sheet.qr, cx - COVER_QR / 2, y - COVER_QR, COVER_QR, error="Q")
    y -= COVER_QR + 14 * mm

    # The warning.
    box_h = 13 * mm
    canvas.setStrokeColor(BLACK)
    canvas.setLineWidth(1.6)
    canvas.rect(margin, y - box_h, width, box_h, stroke=1, fill=0)
    canvas.setFillColor(BLACK)
    draw_centred_fit(canvas, words["no_name"], cx, y - box_h / 2 - 5.5, font=SANS_BOLD, size=16,
                     max_width=width - 10 * mm, min_size=9, max_lines=1)
    y -= box_h + 14 * mm

    # Marks: 1st ___ 2nd ___ agreed ___ as three boxes.
    canvas.setFillColor(BLACK)
    canvas.setFont(SANS_BOLD, 13)
    canvas.drawString(margin, y, words["marks"])
    y -= 4 * mm
    gap = 8 * mm
    box_w = (width - 2 * gap) / 3
    box_h = 26 * mm
    for i, key in enumerate(("first", "second", "agreed")):
        x = margin + i * (box_w + gap)
        canvas.setStrokeColor(BLACK)
        canvas.setLineWidth(1.0 if key != "agreed" else 1.8)
        canvas.rect(x, y - box_h, box_w, box_h, stroke=1, fill=0)
        canvas.setFillColor(GREY)
        draw_left_fit(canvas, words[key], x + 2.5 * mm, y - 5.5 * mm, font=SANS, size=10,
                      max_width=box_w - 5 * mm)
        canvas.setStrokeColor(LIGHT_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(x + 2.5 * mm, y - box_h + 5 * mm, x + box_w - 2.5 * mm, y - box_h + 5 * mm)

    # Footer: the code and problem again, small, for a sheet separated from its work.
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 8)
    canvas.drawRightString(PW - margin, 12 * mm, " · ".join(
        p for p in (sheet.code, sheet.subject, sheet.round, sheet.problem) if p))


def cover_sheets_pdf(sheets: Sequence[CoverSheet], *, progress: Progress | None = None) -> bytes:
    """A4 portrait, one page per sheet: labels, the work code very large, its QR, the
    "do not write your name" line and the markers' boxes. Never a participant's name."""
    sheets = list(sheets)
    _validate_sheets(sheets)
    return render_pages(sheets, lambda canvas, sheet: _draw_cover(canvas, sheet), A4_PORTRAIT,
                        progress=progress)
