"""Certificates and diplomas: one layout for every kind the server prints.

An olympiad diploma, a certificate of participation, an FTC or FLL award certificate: each is
a ``Certificate`` (title, the recipient, a line before and after, a few labelled values, an
optional medal, a number and a verification URL shown as a QR code) drawn on A4 landscape
under the event's ``DocumentStyle`` (name, dates and place, accent colour, logo,
signatories). Callers put the words in the document's language; this module only lays out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD
from .pdf import (
    A4_LANDSCAPE,
    BLACK,
    GREY,
    Progress,
    draw_centred_fit,
    draw_image_fit,
    draw_left_fit,
    draw_qr,
    fit_size,
    load_image,
    mm,
    new_canvas,
    parse_colour,
    render_pages,
    tint,
    wrap_to_fit,
    zip_files,
)

LANGS = ("kk", "ru", "en")
MEDALS = ("gold", "silver", "bronze")


@dataclass(frozen=True)
class Signatory:
    title: str  # e.g. "Chair of the Jury"
    name: str


@dataclass(frozen=True)
class DocumentStyle:
    event: str  # the event's or olympiad's name, already in the document's language
    dates: str = ""  # e.g. "15–21 January 2027", already localised
    place: str = ""  # city / venue line
    accent: str = "#1f4e79"  # colour of rules and headings (hex)
    logo_path: str | None = None  # optional PNG/JPG drawn top-left if the file exists
    signatories: tuple[Signatory, ...] = ()


@dataclass(frozen=True)
class Certificate:
    """What one page says, already in its language (``lang`` is kept for the file's metadata
    and for callers that sort or split by language)."""

    lang: str
    title: str  # "Diploma of the First Degree", "Inspire Award", "Certificate of Participation"
    name: str  # the recipient: a person, or "Team 12345 «Name»"
    lead: str = ""  # the line above the name ("is awarded to")
    tail: str = ""  # the line below the affiliation ("for taking part in …")
    affiliation: str = ""  # school, organisation, city, country, grade
    segments: tuple[tuple[str, str], ...] = ()  # (label, value): subject, points, place
    medal: str | None = None  # gold | silver | bronze: a medal drawn top right
    number: str = ""  # printed small bottom left, e.g. "No. M-0001"
    verify_url: str = ""  # if set: a QR code of exactly this URL, and the URL in small text
    template: str = ""  # the organiser's template that prints it: award, participation, …


# One style for every page, or one per template (``Certificate.template``).
Styles = DocumentStyle | Mapping[str, DocumentStyle]


# --- validation ---------------------------------------------------------------------------

class DocumentError(ValueError):
    """Bad input: ``.index`` is the item's position, ``.field`` the field's name."""

    def __init__(self, what: str, index: int, field: str, message: str):
        super().__init__(f"{what}[{index}].{field}: {message}")
        self.index = index
        self.field = field


def one_of(value, allowed: Sequence[str]) -> str | None:
    if value in allowed:
        return None
    return f"unknown value {value!r} (expected one of {', '.join(allowed)})"


def validate_style(style: DocumentStyle) -> Color:
    if not isinstance(style, DocumentStyle):
        raise ValueError(f"style: expected DocumentStyle, got {style!r}")
    return parse_colour(style.accent, "style.accent")


# --- drawing ------------------------------------------------------------------------------

MEDAL_COLOURS = {
    "gold": Color(0.80, 0.64, 0.16),
    "silver": Color(0.62, 0.64, 0.67),
    "bronze": Color(0.69, 0.44, 0.24),
}
MEDAL_NUMERALS = {"gold": "I", "silver": "II", "bronze": "III"}
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


def _segments(items: Sequence[tuple[str, str]]) -> list[tuple[str, str, float, Color]]:
    """(label, value) pairs as runs for ``_draw_segments``: "Label: value", spaced apart."""
    segments: list[tuple[str, str, float, Color]] = []
    for label, value in items:
        if segments:
            segments.append(("     ", SANS, 13, GREY))
        segments.append((label + ": ", SANS, 13, GREY))
        segments.append((value, SANS_BOLD, 13, BLACK))
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


def _draw_certificate(canvas: Canvas, doc: Certificate, style: DocumentStyle, accent: Color,
                      logo: ImageReader | None) -> None:
    cx = W / 2
    _draw_frame(canvas, accent)

    # Heading: logo top-left, medal top-right, olympiad name, dates and place.
    box = 28 * mm
    top = H - FRAME_INNER - 5 * mm
    if logo is not None:
        draw_image_fit(canvas, logo, FRAME_INNER + 6 * mm, top - box, box, box)
    if doc.medal in MEDAL_COLOURS:
        _draw_medal(canvas, doc.medal, W - FRAME_INNER - 22 * mm, top - 11 * mm, 10 * mm)
    heading_width = W - 2 * (FRAME_INNER + 40 * mm)
    canvas.setFillColor(accent)
    y = draw_centred_fit(canvas, style.event, cx, H - 27 * mm, font=SANS_BOLD, size=17,
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
    # (text, font, size, min size, max lines, leading, colour, space above)
    blocks = [
        (doc.title, SERIF_BOLD, 38, 20, 1, 1.0, accent, 0),
        ("rule", None, 0, 0, 0, 0, accent, 7 * mm),
        (doc.lead, SERIF, 15, 9, 1, 1.0, GREY, 10 * mm),
        (doc.name, SERIF_BOLD, 34, 22, 2, 1.15, BLACK, 10 * mm),
        (doc.affiliation, SANS, 13, 11, 2, 1.3, GREY, 8 * mm),
        (doc.tail, SERIF, 14, 9, 1, 1.0, GREY, 4 * mm),
        ("segments", None, 13, 0, 1, 1.0, BLACK, 9 * mm),
    ]
    segments = _segments(doc.segments)
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
        draw_left_fit(canvas, doc.number, FRAME_INNER + 6 * mm,
                      FRAME_INNER + 5 * mm, font=SANS, size=8, max_width=70 * mm)


def _drawer(style: Styles, docs: Sequence[Certificate]
            ) -> tuple[Callable[[Canvas, Certificate], None], str]:
    """Draws each certificate under its template's style (each style checked and its logo
    loaded once); and the PDF's title."""
    styles = {"": style} if isinstance(style, DocumentStyle) else dict(style)
    if not styles:
        raise ValueError("style: no style given")
    prepared = {key: (s, validate_style(s), load_image(s.logo_path))
                for key, s in styles.items()}
    single = prepared[""] if isinstance(style, DocumentStyle) else None
    for i, doc in enumerate(docs):
        if single is None and doc.template not in prepared:
            raise DocumentError("docs", i, "template", f"no style for {doc.template!r}")

    def draw(canvas: Canvas, doc: Certificate) -> None:
        _draw_certificate(canvas, doc, *(single or prepared[doc.template]))

    return draw, next(iter(styles.values())).event


def validate_certificates(docs: Sequence[Certificate]) -> None:
    for i, doc in enumerate(docs):
        if not isinstance(doc, Certificate):
            raise DocumentError("docs", i, "type", f"expected Certificate, got {doc!r}")
        problem = one_of(doc.lang, LANGS)
        if problem:
            raise DocumentError("docs", i, "lang", problem)
        if doc.medal is not None and doc.medal not in MEDALS:
            raise DocumentError("docs", i, "medal", one_of(doc.medal, MEDALS))
        for field in ("title", "name"):
            value = getattr(doc, field)
            if not isinstance(value, str) or not value.strip():
                raise DocumentError("docs", i, field, "is empty")


def certificates_pdf(docs: Sequence[Certificate], style: Styles, *,
                     progress: Progress | None = None) -> bytes:
    """One A4 landscape page per certificate, in the given (print) order. ``DocumentError``
    naming the certificate's index and field on bad input; nothing is drawn then."""
    docs = list(docs)
    validate_certificates(docs)
    draw, title = _drawer(style, docs)
    return render_pages(docs, draw, A4_LANDSCAPE, title=title, progress=progress)


def certificates_zip(docs: Sequence[Certificate], names: Sequence[str], style: Styles,
                     *, progress: Progress | None = None) -> bytes:
    """A ZIP of single-page PDFs, the i-th certificate stored as ``names[i]``."""
    docs = list(docs)
    if len(names) != len(docs) or len(set(names)) != len(names):
        raise ValueError("names: one unique file name per certificate")
    validate_certificates(docs)
    draw, title = _drawer(style, docs)

    def files():
        for i, doc in enumerate(docs):
            buffer = io.BytesIO()
            canvas = new_canvas(buffer, A4_LANDSCAPE, title=title)
            draw(canvas, doc)
            canvas.showPage()
            canvas.save()
            if progress is not None:
                progress(i + 1, len(docs))
            yield names[i], buffer.getvalue()

    return zip_files(files(), compress=False)
