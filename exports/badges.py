"""Name badges with QR codes: A4 sheets of ten cards with cut marks, or one lanyard card (A6)
per page.

A team's or participant's card links to their public page; a staff card (referee, judge,
scorekeeper, team leader) carries the join link that signs a tablet in, so it is printed for
that person only. Each role has its own colour band, so a volunteer at the door tells a judge
from a team member across the room. Pure: ``Badge`` values in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .certificates import LANGS, DocumentError, DocumentStyle, one_of, validate_style
from .fonts import SANS, SANS_BOLD
from .pdf import (
    A4_PORTRAIT,
    BLACK,
    GREY,
    WHITE,
    Progress,
    draw_centred_fit,
    draw_image_fit,
    draw_left_fit,
    draw_qr,
    load_image,
    mm,
    render_pages,
    tint,
    wrap_to_fit,
)

ROLES = ("team", "participant", "leader", "judge", "referee", "scorekeeper", "jury",
         "volunteer", "staff")
ROLE_COLOURS = {
    "team": Color(0.12, 0.31, 0.55), "participant": Color(0.10, 0.45, 0.30),
    "leader": Color(0.35, 0.22, 0.55), "judge": Color(0.55, 0.15, 0.35),
    "referee": Color(0.15, 0.15, 0.15), "scorekeeper": Color(0.70, 0.33, 0.05),
    "jury": Color(0.55, 0.15, 0.35), "volunteer": Color(0.85, 0.45, 0.05),
    "staff": Color(0.40, 0.40, 0.40),
}
ROLE_TITLES = {
    "en": {"team": "Team", "participant": "Participant", "leader": "Team leader",
           "judge": "Judge", "referee": "Referee", "scorekeeper": "Scorekeeper",
           "jury": "Jury", "volunteer": "Volunteer", "staff": "Staff"},
    "ru": {"team": "Команда", "participant": "Участник", "leader": "Руководитель команды",
           "judge": "Судья", "referee": "Рефери", "scorekeeper": "Секретарь матчей",
           "jury": "Жюри", "volunteer": "Волонтёр", "staff": "Организатор"},
    "kk": {"team": "Команда", "participant": "Қатысушы", "leader": "Команда жетекшісі",
           "judge": "Төреші", "referee": "Рефери", "scorekeeper": "Матч хатшысы",
           "jury": "Қазылар алқасы", "volunteer": "Ерікті", "staff": "Ұйымдастырушы"},
}
STAFF_NOTE = {"en": "Personal sign-in code: do not share",
              "ru": "Личный код входа: не передавайте",
              "kk": "Жеке кіру коды: басқаға бермеңіз"}

CARD_W, CARD_H = 85 * mm, 54 * mm  # ID-1, the size of a bank card: fits standard holders
COLUMNS, ROWS = 2, 5
LANYARD = (105 * mm, 148 * mm)  # A6


@dataclass(frozen=True)
class Badge:
    lang: str
    role: str  # one of ROLES: the colour band and its title
    name: str  # a person, or a team's name
    number: str = ""  # team or participant number, printed large
    organisation: str = ""  # school, club, city
    url: str = ""  # the QR code's link: a public page, or a staff member's join link
    detail: str = ""  # a line under the role, e.g. "Field 1 · red" or "Mathematics"


def validate_badges(badges: Sequence[Badge]) -> None:
    for i, badge in enumerate(badges):
        if not isinstance(badge, Badge):
            raise DocumentError("badges", i, "type", f"expected Badge, got {badge!r}")
        for field, allowed in (("lang", LANGS), ("role", ROLES)):
            problem = one_of(getattr(badge, field), allowed)
            if problem:
                raise DocumentError("badges", i, field, problem)
        if not isinstance(badge.name, str) or not badge.name.strip():
            raise DocumentError("badges", i, "name", "is empty")
        for field in ("number", "organisation", "url", "detail"):
            if not isinstance(getattr(badge, field), str):
                raise DocumentError("badges", i, field, "must be text")


def _role_line(badge: Badge) -> str:
    return ROLE_TITLES[badge.lang][badge.role]


def _draw_card(canvas: Canvas, badge: Badge, style: DocumentStyle, logo, x: float, y: float,
               w: float, h: float, big: bool) -> None:
    """One badge in the box (x, y, w, h): event band on top, role band at the bottom, name,
    number and organisation on the left, the QR code on the right (below, on a lanyard)."""
    colour = ROLE_COLOURS[badge.role]
    pad = (5 if big else 3) * mm
    band = (16 if big else 8.5) * mm
    role_band = (14 if big else 8) * mm
    canvas.setFillColor(colour)
    canvas.rect(x, y + h - band, w, band, stroke=0, fill=1)
    canvas.rect(x, y, w, role_band, stroke=0, fill=1)
    text_left = x + pad
    if logo is not None:
        size = band - 2 * mm
        canvas.setFillColor(WHITE)
        canvas.rect(x + pad - 0.5 * mm, y + h - band + 0.5 * mm, size + 1 * mm, size + 1 * mm,
                    stroke=0, fill=1)
        draw_image_fit(canvas, logo, x + pad, y + h - band + 1 * mm, size, size)
        text_left += size + 2 * mm
    canvas.setFillColor(WHITE)
    draw_left_fit(canvas, style.event, text_left, y + h - band * 0.62,
                  font=SANS_BOLD, size=13 if big else 8, max_width=x + w - pad - text_left)
    canvas.setFillColor(WHITE)
    role = _role_line(badge) + (f" · {badge.detail}" if badge.detail else "")
    draw_centred_fit(canvas, role, x + w / 2, y + role_band * 0.34, font=SANS_BOLD,
                     size=16 if big else 10, max_width=w - 2 * pad, max_lines=1)

    body_top = y + h - band - pad
    body_bottom = y + role_band + (3 if big else 1.5) * mm
    if big:  # lanyard: centred text, the QR code below it
        qr = 50 * mm if badge.url else 0
        cx = x + w / 2
        top = body_top - 4 * mm
        if badge.number:
            canvas.setFillColor(colour)
            draw_centred_fit(canvas, badge.number, cx, top - 12 * mm, font=SANS_BOLD, size=30,
                             max_width=w - 2 * pad, max_lines=1)
            top -= 17 * mm
        canvas.setFillColor(BLACK)
        top = draw_centred_fit(canvas, badge.name, cx, top - 6 * mm, font=SANS_BOLD, size=20,
                               max_width=w - 2 * pad, min_size=11, max_lines=2)
        if badge.organisation:
            canvas.setFillColor(GREY)
            draw_centred_fit(canvas, badge.organisation, cx, top - 1 * mm, font=SANS, size=11,
                             max_width=w - 2 * pad, min_size=7, max_lines=2)
        if qr:
            draw_qr(canvas, badge.url, cx - qr / 2, body_bottom + 4 * mm, qr)
            if badge.role not in ("team", "participant"):
                canvas.setFillColor(GREY)
                draw_centred_fit(canvas, STAFF_NOTE[badge.lang], cx, body_bottom, font=SANS,
                                 size=7, max_width=w - 2 * pad, max_lines=1)
        return

    qr = (body_top - body_bottom) if badge.url else 0
    text_w = w - 2 * pad - (qr + 2 * mm if qr else 0)
    if qr:
        draw_qr(canvas, badge.url, x + w - pad - qr, body_bottom, qr)
    line_y = body_top - 4.5 * mm
    if badge.number:
        canvas.setFillColor(colour)
        draw_left_fit(canvas, badge.number, x + pad, line_y - 1.5 * mm, font=SANS_BOLD, size=17,
                      max_width=text_w)
        line_y -= 9 * mm
    size, lines = wrap_to_fit(badge.name, SANS_BOLD, 12, text_w, 7, 2)
    canvas.setFillColor(BLACK)
    for line in lines:
        draw_left_fit(canvas, line, x + pad, line_y, font=SANS_BOLD, size=size, max_width=text_w)
        line_y -= size * 1.15
    if badge.organisation:
        canvas.setFillColor(GREY)
        size, lines = wrap_to_fit(badge.organisation, SANS, 7.5, text_w, 5.5, 2)
        for line in lines:
            draw_left_fit(canvas, line, x + pad, line_y - 0.8 * mm, font=SANS, size=size,
                          max_width=text_w)
            line_y -= size * 1.15


def _cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    """Short lines in the margins where the guillotine cuts: every card edge, outside the
    cards, so nothing is printed over a card."""
    length, gap = 5 * mm, 1.5 * mm
    right, top = left + COLUMNS * CARD_W, bottom + ROWS * CARD_H
    canvas.setStrokeColor(BLACK)
    canvas.setLineWidth(0.3)
    for i in range(COLUMNS + 1):
        x = left + i * CARD_W
        canvas.line(x, top + gap, x, top + gap + length)
        canvas.line(x, bottom - gap, x, bottom - gap - length)
    for j in range(ROWS + 1):
        y = bottom + j * CARD_H
        canvas.line(left - gap, y, left - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)


def _checked(badges: Sequence[Badge], style: DocumentStyle) -> tuple[list[Badge], Any]:
    """The badges as a list and the style's logo, once both are checked."""
    badges = list(badges)
    validate_style(style)
    validate_badges(badges)
    return badges, load_image(style.logo_path)


def badge_sheets_pdf(badges: Sequence[Badge], style: DocumentStyle, *,
                     progress: Progress | None = None) -> bytes:
    """A4 pages of ten ID-1 cards (2 × 5) with cut marks, in the given order."""
    badges, logo = _checked(badges, style)
    page_w, page_h = A4_PORTRAIT
    left = (page_w - COLUMNS * CARD_W) / 2
    bottom = (page_h - ROWS * CARD_H) / 2
    per_page = COLUMNS * ROWS
    pages = [badges[start:start + per_page] for start in range(0, len(badges), per_page)]

    def draw(canvas: Canvas, page: list[Badge]) -> None:
        for k, badge in enumerate(page):
            col, row = k % COLUMNS, k // COLUMNS
            x, y = left + col * CARD_W, bottom + (ROWS - 1 - row) * CARD_H
            _draw_card(canvas, badge, style, logo, x, y, CARD_W, CARD_H, big=False)
            canvas.setStrokeColor(tint(GREY, 0.6))
            canvas.setLineWidth(0.25)
            canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)
        _cut_marks(canvas, left, bottom)

    def cards_done(done: int, _pages: int) -> None:  # progress in badges, not pages
        if progress is not None:
            progress(min(done * per_page, len(badges)), len(badges))

    return render_pages(pages, draw, A4_PORTRAIT, title=style.event, progress=cards_done)


def lanyard_cards_pdf(badges: Sequence[Badge], style: DocumentStyle, *,
                      progress: Progress | None = None) -> bytes:
    """One A6 portrait card per page, for a lanyard pouch or a card printer."""
    badges, logo = _checked(badges, style)
    return render_pages(
        badges, lambda canvas, badge: _draw_card(canvas, badge, style, logo, 0, 0, *LANYARD,
                                                 big=True),
        LANYARD, title=style.event, progress=progress)
