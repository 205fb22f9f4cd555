"""Olympiad documents: diplomas (I, II, III degree), diplomas of honourable mention,
certificates of participation, and blind-marking cover sheets.

Pure: plain dataclasses in, PDF (or ZIP) bytes out. Titles come from the kk/ru/en tables below;
names, subjects and the olympiad's name arrive already in the document's language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .fonts import MONO_BOLD, SANS, SANS_BOLD, SERIF, SERIF_BOLD
from .pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    BLACK,
    GREY,
    LIGHT_GREY,
    draw_centred_fit,
    draw_image_fit,
    draw_left_fit,
    draw_qr,
    fit_size,
    format_number,
    load_image,
    mm,
    new_canvas,
    parse_colour,
    render_pages,
    slugify,
    tint,
    wrap_to_fit,
    zip_files,
)

LANGS = ("kk", "ru", "en")
AWARDS = ("gold", "silver", "bronze", "hm", "none")


@dataclass(frozen=True)
class Signatory:
    title: str  # e.g. "Chair of the Jury"
    name: str


@dataclass(frozen=True)
class DocumentStyle:
    olympiad: str  # olympiad name, already in the document's language
    dates: str = ""  # e.g. "15–21 January 2027", already localised
    place: str = ""  # city / venue line
    accent: str = "#1f4e79"  # colour of rules and headings (hex)
    logo_path: str | None = None  # optional PNG/JPG drawn top-left if the file exists
    signatories: tuple[Signatory, ...] = ()


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

MEDAL_COLOURS = {
    "gold": Color(0.80, 0.64, 0.16),
    "silver": Color(0.62, 0.64, 0.67),
    "bronze": Color(0.69, 0.44, 0.24),
}
MEDAL_NUMERALS = {"gold": "I", "silver": "II", "bronze": "III"}


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


class DocumentError(ValueError):
    """Bad input: ``.index`` is the item's position, ``.field`` the field's name."""

    def __init__(self, what: str, index: int, field: str, message: str):
        super().__init__(f"{what}[{index}].{field}: {message}")
        self.index = index
        self.field = field


def _one_of(value, allowed: Sequence[str]) -> str | None:
    if value in allowed:
        return None
    return f"unknown value {value!r} (expected one of {', '.join(allowed)})"


def _validate_documents(docs: Sequence[OlympiadDocument]) -> None:
    for i, doc in enumerate(docs):
        if not isinstance(doc, OlympiadDocument):
            raise DocumentError("docs", i, "type", f"expected OlympiadDocument, got {doc!r}")
        for field, allowed in (("lang", LANGS), ("award", AWARDS)):
            problem = _one_of(getattr(doc, field), allowed)
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


def _validate_style(style: DocumentStyle) -> Color:
    if not isinstance(style, DocumentStyle):
        raise ValueError(f"style: expected DocumentStyle, got {style!r}")
    return parse_colour(style.accent, "style.accent")


def _validate_sheets(sheets: Sequence[CoverSheet]) -> None:
    for i, sheet in enumerate(sheets):
        if not isinstance(sheet, CoverSheet):
            raise DocumentError("sheets", i, "type", f"expected CoverSheet, got {sheet!r}")
        problem = _one_of(sheet.lang, LANGS)
        if problem:
            raise DocumentError("sheets", i, "lang", problem)
        for field in ("code", "qr"):
            value = getattr(sheet, field)
            if not isinstance(value, str) or not value.strip():
                raise DocumentError("sheets", i, field, "is empty")


# --- diplomas and certificates --------------------------------------------------------------

W, H = A4_LANDSCAPE
FRAME_OUTER = 10 * mm
FRAME_INNER = 14 * mm
QR_SIZE = 26 * mm


def _draw_frame(canvas: Canvas, accent: Color) -> None:
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(3.2)
    canvas.rect(FRAME_OUTER, FRAME_OUTER, W - 2 * FRAME_OUTER, H - 2 * FRAME_OUTER)
    canvas.setLineWidth(0.8)
    canvas.rect(FRAME_INNER, FRAME_INNER, W - 2 * FRAME_INNER, H - 2 * FRAME_INNER)
    # Corner ornaments: small diamonds where the inner frame turns.
    canvas.setFillColor(accent)
    d = 2.4 * mm
    for cx in (FRAME_INNER, W - FRAME_INNER):
        for cy in (FRAME_INNER, H - FRAME_INNER):
            path = canvas.beginPath()
            path.moveTo(cx, cy - d)
            path.lineTo(cx + d, cy)
            path.lineTo(cx, cy + d)
            path.lineTo(cx - d, cy)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
    # A pale band behind the heading.
    canvas.setFillColor(tint(accent, 0.92))
    canvas.rect(FRAME_INNER + 0.4, H - 44 * mm, W - 2 * FRAME_INNER - 0.8, 44 * mm - FRAME_INNER
                - 0.4, stroke=0, fill=1)


def _draw_medal(canvas: Canvas, award: str, x: float, y: float, radius: float) -> None:
    colour = MEDAL_COLOURS[award]
    # Ribbon tails, then the disc, then the numeral.
    canvas.setFillColor(tint(colour, 0.35))
    for sign in (-1, 1):
        path = canvas.beginPath()
        path.moveTo(x + sign * radius * 0.25, y)
        path.lineTo(x + sign * radius * 0.95, y - radius * 1.55)
        path.lineTo(x + sign * radius * 0.55, y - radius * 1.35)
        path.lineTo(x + sign * radius * 0.35, y - radius * 1.7)
        path.lineTo(x - sign * radius * 0.15, y - radius * 0.2)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(colour)
    canvas.circle(x, y, radius, stroke=0, fill=1)
    canvas.setStrokeColor(tint(colour, 0.5))
    canvas.setLineWidth(1.2)
    canvas.circle(x, y, radius * 0.8, stroke=1, fill=0)
    canvas.setFillColor(Color(1, 1, 1))
    size = radius * (0.9 if award != "bronze" else 0.75)
    canvas.setFont(SERIF_BOLD, size)
    canvas.drawCentredString(x, y - size * 0.36, MEDAL_NUMERALS[award])


def _draw_segments(canvas: Canvas, segments, x_centre: float, y: float, max_width: float):
    """A centred line of (text, font, size, colour) runs, scaled down together to fit."""
    width = sum(canvas.stringWidth(t, f, s) for t, f, s, _ in segments)
    scale = min(1.0, max_width / width) if width else 1.0
    x = x_centre - width * scale / 2
    for text, font, size, colour in segments:
        canvas.setFont(font, size * scale)
        canvas.setFillColor(colour)
        canvas.drawString(x, y, text)
        x += canvas.stringWidth(text, font, size * scale)


def _result_segments(doc: OlympiadDocument) -> list[tuple[str, str, float, Color]]:
    """Subject, points and place as labelled runs for ``_draw_segments``."""
    words = LABELS[doc.lang]
    segments: list[tuple[str, str, float, Color]] = []

    def item(label: str, value: str) -> None:
        if segments:
            segments.append(("     ", SANS, 13, GREY))
        segments.append((label + ": ", SANS, 13, GREY))
        segments.append((value, SANS_BOLD, 13, BLACK))

    if doc.subject:
        item(words["subject"], doc.subject)
    if doc.total is not None:
        points = format_number(doc.total)
        if doc.max_total is not None:
            points += f" / {format_number(doc.max_total)}"
        item(words["points"], points)
    if doc.place is not None:
        item(words["place"], str(doc.place))
    return segments


def _draw_signatories(canvas: Canvas, signatories: Sequence[Signatory], right: float) -> None:
    if not signatories:
        return
    left = FRAME_INNER + 14 * mm
    n = len(signatories)
    slot = (right - left) / n
    line_w = min(62 * mm, slot - 8 * mm)
    y_line = 34 * mm
    for i, sig in enumerate(signatories):
        cx = left + slot * (i + 0.5)
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.6)
        canvas.line(cx - line_w / 2, y_line, cx + line_w / 2, y_line)
        canvas.setFillColor(GREY)
        draw_centred_fit(canvas, sig.title, cx, y_line - 4.2 * mm, font=SANS, size=8.5,
                         max_width=line_w, min_size=6, max_lines=1)
        canvas.setFillColor(BLACK)
        draw_centred_fit(canvas, sig.name, cx, y_line - 8.6 * mm, font=SANS_BOLD, size=10,
                         max_width=line_w, min_size=6.5, max_lines=1)


def _draw_document(canvas: Canvas, doc: OlympiadDocument, style: DocumentStyle, accent: Color,
                   logo) -> None:
    words = LABELS[doc.lang]
    cx = W / 2
    _draw_frame(canvas, accent)

    # Heading: logo top-left, medal top-right, olympiad name, dates and place.
    box = 28 * mm
    top = H - FRAME_INNER - 5 * mm
    if logo is not None:
        draw_image_fit(canvas, logo, FRAME_INNER + 6 * mm, top - box, box, box)
    if doc.award in MEDAL_COLOURS:
        _draw_medal(canvas, doc.award, W - FRAME_INNER - 22 * mm, top - 11 * mm, 10 * mm)
    heading_width = W - 2 * (FRAME_INNER + 40 * mm)
    canvas.setFillColor(accent)
    y = draw_centred_fit(canvas, style.olympiad, cx, H - 27 * mm, font=SANS_BOLD, size=17,
                         max_width=heading_width, min_size=10, max_lines=2, leading=1.2)
    sub = " · ".join(p for p in (style.dates, style.place) if p)
    if sub:
        canvas.setFillColor(GREY)
        draw_centred_fit(canvas, sub, cx, y + 1 * mm, font=SANS, size=11,
                         max_width=heading_width, min_size=7, max_lines=1)

    # The body, centred vertically between the heading band and the signatures: title, rule,
    # lead line, the name (big; shrunk, then wrapped onto two lines if very long), school,
    # city, country and grade, the closing line, then subject, points and place.
    body_width = W - 2 * (FRAME_INNER + 16 * mm)
    lead, tail = PHRASES[doc.lang]["certificate" if doc.award == "none" else "award"]
    affiliation = ", ".join(p for p in (doc.school, doc.city, doc.country) if p)
    if doc.grade:
        affiliation = " · ".join(p for p in (affiliation, _grade_text(doc.lang, doc.grade)) if p)
    # (text, font, size, min size, max lines, leading, colour, space above)
    blocks = [
        (document_title(doc.lang, doc.award), SERIF_BOLD, 38, 20, 1, 1.0, accent, 0),
        ("rule", None, 0, 0, 0, 0, accent, 7 * mm),
        (lead, SERIF, 15, 9, 1, 1.0, GREY, 10 * mm),
        (doc.name, SERIF_BOLD, 34, 22, 2, 1.15, BLACK, 10 * mm),
        (affiliation, SANS, 13, 11, 2, 1.3, GREY, 8 * mm),
        (tail, SERIF, 14, 9, 1, 1.0, GREY, 4 * mm),
        ("segments", None, 13, 0, 1, 1.0, BLACK, 9 * mm),
    ]
    segments = _result_segments(doc)
    laid_out = []
    height = 0.0
    for text, font, size, min_size, max_lines, leading, colour, above in blocks:
        if text == "rule":
            laid_out.append((text, None, 0, [], 0, colour, above))
            height += above
            continue
        if text == "segments":
            if not segments:
                continue
            lines, fitted = [text], size
        elif not text:
            continue
        else:
            fitted, lines = wrap_to_fit(text, font, size, body_width, min_size, max_lines)
        above = above if laid_out else 0
        # A line's height: cap height for the first line, then the leading for each next one.
        block_h = fitted * 0.73 + (len(lines) - 1) * fitted * leading
        laid_out.append((text, font, fitted, lines, leading, colour, above))
        height += above + block_h
    top_limit, bottom_limit = H - 48 * mm, 46 * mm
    y = top_limit - max(0.0, (top_limit - bottom_limit - height) / 2)
    for text, font, fitted, lines, leading, colour, above in laid_out:
        y -= above
        if text == "rule":
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(0.8)
            canvas.line(cx - 45 * mm, y, cx + 45 * mm, y)
            continue
        y -= fitted * 0.73
        if text == "segments":
            _draw_segments(canvas, segments, cx, y, body_width)
            continue
        canvas.setFillColor(colour)
        for i, line in enumerate(lines):
            if i:
                y -= fitted * leading
            canvas.setFont(font, fit_size(line, font, fitted, body_width, 1))
            canvas.drawCentredString(cx, y, line)

    # Bottom: signatures, number, QR with the URL.
    qr_x = W - FRAME_INNER - 8 * mm - QR_SIZE
    qr_y = FRAME_INNER + 12 * mm
    right = qr_x - 8 * mm if doc.verify_url else W - FRAME_INNER - 14 * mm
    _draw_signatories(canvas, style.signatories, right)
    if doc.verify_url:
        draw_qr(canvas, doc.verify_url, qr_x, qr_y, QR_SIZE)
        canvas.setFillColor(GREY)
        url_width = 80 * mm
        size = fit_size(doc.verify_url, SANS, 6.5, url_width, 4)
        canvas.setFont(SANS, size)
        canvas.drawRightString(qr_x + QR_SIZE, FRAME_INNER + 5 * mm, doc.verify_url)
    if doc.number:
        canvas.setFillColor(GREY)
        draw_left_fit(canvas, f"{words['number']} {doc.number}", FRAME_INNER + 6 * mm,
                      FRAME_INNER + 5 * mm, font=SANS, size=8, max_width=70 * mm)


def _drawer(style: DocumentStyle, accent: Color):
    logo = load_image(style.logo_path)

    def draw(canvas: Canvas, doc: OlympiadDocument) -> None:
        _draw_document(canvas, doc, style, accent, logo)

    return draw


def olympiad_documents_pdf(docs: Sequence[OlympiadDocument], style: DocumentStyle) -> bytes:
    """One A4 landscape page per document, in the given (print) order. ``ValueError`` naming
    the document's index and field on bad input; nothing is drawn then."""
    docs = list(docs)
    accent = _validate_style(style)
    _validate_documents(docs)
    return render_pages(docs, _drawer(style, accent), A4_LANDSCAPE, title=style.olympiad)


def document_filename(index: int, doc: OlympiadDocument) -> str:
    """``0001-gold-aliya-qurmangaliqyzy.pdf``: 1-based position, award, transliterated name."""
    return f"{index + 1:04d}-{doc.award}-{slugify(doc.name) or 'participant'}.pdf"


def olympiad_documents_zip(docs: Sequence[OlympiadDocument], style: DocumentStyle) -> bytes:
    """A ZIP with one single-page PDF per document, named by ``document_filename``."""
    docs = list(docs)
    accent = _validate_style(style)
    _validate_documents(docs)
    draw = _drawer(style, accent)

    def files():
        for i, doc in enumerate(docs):
            buffer = io.BytesIO()
            canvas = new_canvas(buffer, A4_LANDSCAPE, title=style.olympiad)
            draw(canvas, doc)
            canvas.showPage()
            canvas.save()
            yield document_filename(i, doc), buffer.getvalue()

    return zip_files(files(), compress=False)


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


def cover_sheets_pdf(sheets: Sequence[CoverSheet]) -> bytes:
    """A4 portrait, one page per sheet: labels, the work code very large, its QR, the
    "do not write your name" line and the markers' boxes. Never a participant's name."""
    sheets = list(sheets)
    _validate_sheets(sheets)
    return render_pages(sheets, lambda canvas, sheet: _draw_cover(canvas, sheet), A4_PORTRAIT)
