"""Printable schedules and tables for the pits, the fields, the judging rooms and the emcee.

One small table renderer (``table_pdf``): a title and subtitle on every page, column headers
repeated on every page, zebra rows, cells shrunk to their column, "page N of M" and the print
time in the footer. Rows may hold several lines (an alliance's teams, one per line). A
``Section`` with ``new_page`` starts on a fresh page; a section that runs over a page goes on
under its heading marked "continued", with the headers again.

The documents read the event through the ``Venue`` only and come out in ``lang`` (kk, ru or
en) whatever the event's language; team names are printed as registered. Per-team, per-field
and per-room documents put each team / field / table / room on pages of its own, so a page
can be handed out or taped up alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from tournament.accounts import Actor
from tournament.errors import Conflict, NotFound

from .certificates import LANGS
from .fonts import SANS, SANS_BOLD, register_fonts
from .pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    BLACK,
    GREY,
    WHITE,
    Progress,
    draw_left_fit,
    fit_size,
    format_number,
    mm,
    parse_colour,
    render_pages,
    tint,
)

if TYPE_CHECKING:
    from tournament.venue import Venue

ACCENT = parse_colour("#1f4e79")
RED = parse_colour("#b3261e")
BLUE = parse_colour("#1f5fb3")
ZEBRA = Color(0.93, 0.94, 0.96)

# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "qualification": "Qualification schedule", "fll_day": "Tournament day schedule",
        "robot_day": "Robot game schedule",
        "judging_sessions": "Judging sessions", "playoffs": "Playoff schedule",
        "team_schedules": "Team schedules", "field_schedules": "Field schedules",
        "table_schedules": "Table schedules", "judging_rooms": "Judging room schedules",
        "rankings": "Rankings", "awards_script": "Awards ceremony",
        "match": "Match", "time": "Time", "field": "Field", "red": "Red", "blue": "Blue",
        "table": "Table", "team": "Team", "name": "Name", "round": "Round", "room": "Room",
        "session": "Session", "alliance": "Alliance", "partners": "Partners",
        "opponents": "Opponents", "activity": "Activity", "where": "Where", "rank": "Rank",
        "played": "Played", "wlt": "W-L-T", "result": "Result", "best": "Best",
        "rs": "RS", "high": "High score", "division": "Division", "practice": "Practice",
        "playoff": "Playoff", "combined": "Judging (all areas)", "judging": "Judging",
        "surrogate": "surrogate", "surrogate_note": "* surrogate match: it does not count "
        "for the team", "no_matches": "No matches.", "continued": "continued",
        "page": "Page {n} of {total}", "printed": "Printed {when}",
        "alliance_n": "Alliance {n}", "seed_n": "Seed {n}", "winner_of": "Winner of {m}",
        "loser_of": "Loser of {m}", "if_needed": "if needed", "best_of": "best of {n}",
        "upper": "Upper bracket", "lower": "Lower bracket", "final": "Final",
        "third_place": "Third place", "waiting": "waiting", "ready": "to play",
        "done": "done", "bye": "bye", "skipped": "not needed", "forfeit": "forfeit",
        "wins": "{who} wins", "field_n": "Field {n}", "table_n": "Table {n}",
        "room_n": "Room {n}", "round_n": "Round {n}",
        # the awards script
        "place_line": "Place {place}… {team}!", "winner_line": "The winner is… {team}!",
        "team_words": "team {number}, «{name}»", "team_words_city": "team {number}, «{name}» "
        "from {city}", "no_winner": "No winner yet.",
        "advancing": "Advancing to the next tournament",
        "advancing_intro": "These teams advance to the next tournament:",
        "no_advancing": "No team advances.",
        "missing": "{n} rubrics are still missing: the winners may still change.",
    },
    "ru": {
        "qualification": "Расписание квалификации", "fll_day": "Расписание турнирного дня",
        "robot_day": "Расписание игры роботов",
        "judging_sessions": "Сессии судейства", "playoffs": "Расписание плей-офф",
        "team_schedules": "Расписания команд", "field_schedules": "Расписания полей",
        "table_schedules": "Расписания столов", "judging_rooms": "Расписания судейских комнат",
        "rankings": "Рейтинг", "awards_script": "Церемония награждения",
        "match": "Матч", "time": "Время", "field": "Поле", "red": "Красные", "blue": "Синие",
        "table": "Стол", "team": "Команда", "name": "Название", "round": "Раунд",
        "room": "Комната", "session": "Сессия", "alliance": "Альянс", "partners": "Партнёры",
        "opponents": "Соперники", "activity": "Что", "where": "Где", "rank": "Место",
        "played": "Сыграно", "wlt": "В-П-Н", "result": "Результат", "best": "Лучший",
        "rs": "RS", "high": "Макс. счёт", "division": "Дивизион", "practice": "Тренировка",
        "playoff": "Плей-офф", "combined": "Судейство (все области)", "judging": "Судейство",
        "surrogate": "замена", "surrogate_note": "* матч-замена: для команды не засчитывается",
        "no_matches": "Матчей нет.", "continued": "продолжение",
        "page": "Стр. {n} из {total}", "printed": "Напечатано {when}",
        "alliance_n": "Альянс {n}", "seed_n": "Посев {n}", "winner_of": "Победитель {m}",
        "loser_of": "Проигравший {m}", "if_needed": "при необходимости",
        "best_of": "до {wins} побед", "upper": "Верхняя сетка", "lower": "Нижняя сетка",
        "final": "Финал", "third_place": "Матч за третье место", "waiting": "ожидает",
        "ready": "к игре", "done": "сыгран", "bye": "без игры", "skipped": "не нужен",
        "forfeit": "техническое поражение", "wins": "побеждает {who}",
        "field_n": "Поле {n}", "table_n": "Стол {n}", "room_n": "Комната {n}",
        "round_n": "Раунд {n}",
        "place_line": "{place}-е место… {team}!", "winner_line": "Побеждает… {team}!",
        "team_words": "команда {number} «{name}»",
        "team_words_city": "команда {number} «{name}», {city}",
        "no_winner": "Победителя пока нет.", "advancing": "Проходят на следующий турнир",
        "advancing_intro": "На следующий турнир проходят команды:",
        "no_advancing": "Ни одна команда не проходит.",
        "missing": "Не хватает рубрик: {n}. Победители ещё могут измениться.",
    },
    "kk": {
        "qualification": "Іріктеу кестесі", "fll_day": "Турнир күнінің кестесі",
        "robot_day": "Робот ойынының кестесі",
        "judging_sessions": "Төрешілік сессиялары", "playoffs": "Плей-офф кестесі",
        "team_schedules": "Командалардың кестесі", "field_schedules": "Алаңдардың кестесі",
        "table_schedules": "Үстелдердің кестесі", "judging_rooms": "Төрешілер бөлмелерінің кестесі",
        "rankings": "Рейтинг", "awards_script": "Марапаттау рәсімі",
        "match": "Матч", "time": "Уақыт", "field": "Алаң", "red": "Қызыл", "blue": "Көк",
        "table": "Үстел", "team": "Команда", "name": "Атауы", "round": "Раунд",
        "room": "Бөлме", "session": "Сессия", "alliance": "Одақ", "partners": "Серіктестер",
        "opponents": "Қарсыластар", "activity": "Не", "where": "Қайда", "rank": "Орын",
        "played": "Ойнады", "wlt": "Ж-Ұ-Т", "result": "Нәтиже", "best": "Ең жақсы",
        "rs": "RS", "high": "Ең жоғары ұпай", "division": "Дивизион",
        "practice": "Жаттығу", "playoff": "Плей-офф", "combined": "Төрешілік (барлық сала)",
        "judging": "Төрешілік", "surrogate": "алмастыру",
        "surrogate_note": "* алмастыру матчы: командаға есептелмейді",
        "no_matches": "Матч жоқ.", "continued": "жалғасы",
        "page": "{total} беттің {n}-беті", "printed": "Басылған уақыты: {when}",
        "alliance_n": "{n}-одақ", "seed_n": "{n}-себу", "winner_of": "{m} жеңімпазы",
        "loser_of": "{m} жеңілгені", "if_needed": "қажет болса", "best_of": "{wins} жеңіске дейін",
        "upper": "Жоғарғы тор", "lower": "Төменгі тор", "final": "Финал",
        "third_place": "Үшінші орын үшін матч", "waiting": "күтуде", "ready": "ойынға дайын",
        "done": "ойналды", "bye": "ойынсыз", "skipped": "қажет емес",
        "forfeit": "техникалық жеңіліс", "wins": "{who} жеңді",
        "field_n": "{n}-алаң", "table_n": "{n}-үстел", "room_n": "{n}-бөлме",
        "round_n": "{n}-раунд",
        "place_line": "{place}-орын… {team}!", "winner_line": "Жеңімпаз… {team}!",
        "team_words": "{number} нөмірлі «{name}» командасы",
        "team_words_city": "{number} нөмірлі «{name}» командасы, {city}",
        "no_winner": "Жеңімпаз әлі жоқ.", "advancing": "Келесі турнирге өтетін командалар",
        "advancing_intro": "Келесі турнирге мына командалар өтеді:",
        "no_advancing": "Келесі турнирге ешбір команда өтпейді.",
        "missing": "Әлі {n} бағалау парағы жетіспейді: жеңімпаздар өзгеруі мүмкін.",
    },
}


class ScheduleExportError(ValueError):
    """Bad input to a schedule export: the message names the argument."""


def _words(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ScheduleExportError(f"lang: {lang!r} is not a document language "
                                  f"(expected one of {', '.join(LANGS)})")
    return WORDS[lang]


# --- the table renderer ---------------------------------------------------------------------

Cell = str | tuple[str, ...]  # a tuple is one line per item (an alliance's teams)


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the table's width
    align: str = "left"  # "left" or "centre"
    fill: Color | None = None  # header colour (red / blue alliance columns)
    bold: bool = False


@dataclass(frozen=True)
class Section:
    """A table under an optional heading. ``note`` is printed when there are no rows;
    ``footnote`` under the last row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    heading: str = ""
    subheading: str = ""
    note: str = ""
    footnote: str = ""
    new_page: bool = False


@dataclass(frozen=True)
class TableDocument:
    title: str
    subtitle: str
    lang: str
    sections: tuple[Section, ...]
    printed: str = ""  # the print time, already formatted
    landscape: bool | None = None  # None: landscape for more than six columns


MARGIN = 14 * mm
TITLE_SIZE = 15.0
SUBTITLE_SIZE = 9.5
HEADING_SIZE = 12.5
SUBHEADING_SIZE = 9.0
HEADER_SIZE = 8.5
BODY_SIZE = 9.5
LEADING = 11.5
PAD = 3.5
HEADER_HEIGHT = 17.0
FOOTER_SIZE = 7.5


def _lines(cell: Cell) -> tuple[str, ...]:
    if isinstance(cell, tuple):
        return cell or ("",)
    return (cell,)


def _row_height(row: Sequence[Cell]) -> float:
    return max(len(_lines(c)) for c in row) * LEADING + 2 * PAD


def _heading_height(section: Section) -> float:
    if not section.heading:
        return 0.0
    return HEADING_SIZE + 8 + (SUBHEADING_SIZE + 3 if section.subheading else 0)


@dataclass
class _Page:
    items: list[tuple] = field(default_factory=list)  # (kind, y, ...) in drawing order


def _body_top(height: float) -> float:
    return height - MARGIN - TITLE_SIZE - SUBTITLE_SIZE - 16


def _body_bottom() -> float:
    return MARGIN + FOOTER_SIZE + 8


def _layout(doc: TableDocument, pagesize: tuple[float, float]) -> list[_Page]:
    """Place the sections' headings, headers and rows on pages (y is a row's top edge)."""
    top, bottom = _body_top(pagesize[1]), _body_bottom()
    pages = [_Page()]
    y = top

    def new_page() -> None:
        nonlocal y
        pages.append(_Page())
        y = top

    def head(section: Section, continued: bool) -> None:
        nonlocal y
        if section.heading:
            pages[-1].items.append(("heading", y, section, continued))
            y -= _heading_height(section)
        pages[-1].items.append(("header", y, section))
        y -= HEADER_HEIGHT

    for section in doc.sections:
        if section.new_page and pages[-1].items:
            new_page()
        elif pages[-1].items:
            y -= 10  # space between sections
        first = _row_height(section.rows[0]) if section.rows else LEADING + 2 * PAD
        if y - (_heading_height(section) + HEADER_HEIGHT + first) < bottom and pages[-1].items:
            new_page()
        head(section, False)
        if not section.rows:
            pages[-1].items.append(("note", y, section.note))
            y -= LEADING + 2 * PAD
        for index, row in enumerate(section.rows):
            height = _row_height(row)
            if y - height < bottom and index > 0:
                new_page()
                head(section, True)
            pages[-1].items.append(("row", y, section, row, height, index % 2 == 1))
            y -= height
        if section.footnote:
            if y - LEADING - 2 < bottom:
                new_page()
            pages[-1].items.append(("footnote", y, section.footnote))
            y -= LEADING + 2
    return pages


def _column_edges(section: Section, width: float) -> list[tuple[float, float]]:
    """(x, width) of each column across the body's width."""
    total = sum(c.weight for c in section.columns)
    edges, x = [], MARGIN
    for column in section.columns:
        w = width * column.weight / total
        edges.append((x, w))
        x += w
    return edges


def _draw_cell_text(canvas: Canvas, text: str, x: float, w: float, baseline: float, *,
                    font: str, size: float, align: str) -> None:
    inner = w - 2 * PAD  # a long text shrinks to its column; it is never clipped
    if align == "centre":
        canvas.setFont(font, fit_size(text, font, size, inner, 1))
        canvas.drawCentredString(x + w / 2, baseline, text)
    else:
        draw_left_fit(canvas, text, x + PAD, baseline, font=font, size=size, max_width=inner)


def _draw_frame(canvas: Canvas, title: str, subtitle: str, lang: str, printed: str,
                number: int, total: int) -> None:
    """Title and subtitle at the top, print time and page number at the bottom."""
    width, height = canvas._pagesize
    inner = width - 2 * MARGIN
    y = height - MARGIN - TITLE_SIZE
    canvas.setFillColor(ACCENT)
    draw_left_fit(canvas, title, MARGIN, y, font=SANS_BOLD, size=TITLE_SIZE, max_width=inner)
    canvas.setFillColor(GREY)
    if subtitle:
        draw_left_fit(canvas, subtitle, MARGIN, y - SUBTITLE_SIZE - 4, font=SANS,
                      size=SUBTITLE_SIZE, max_width=inner)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    rule = y - SUBTITLE_SIZE - 9
    canvas.line(MARGIN, rule, width - MARGIN, rule)
    words = WORDS[lang]
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, FOOTER_SIZE)
    if printed:
        canvas.drawString(MARGIN, MARGIN, words["printed"].format(when=printed))
    canvas.drawRightString(width - MARGIN, MARGIN,
                           words["page"].format(n=number, total=total))
    canvas.setFillColor(BLACK)


def _draw_table_page(canvas: Canvas, doc: TableDocument, page: _Page, number: int,
                     total: int) -> None:
    width = canvas._pagesize[0] - 2 * MARGIN
    _draw_frame(canvas, doc.title, doc.subtitle, doc.lang, doc.printed, number, total)
    words = WORDS[doc.lang]
    for item in page.items:
        kind, y = item[0], item[1]
        if kind == "heading":
            section, continued = item[2], item[3]
            text = section.heading + (f" ({words['continued']})" if continued else "")
            canvas.setFillColor(BLACK)
            draw_left_fit(canvas, text, MARGIN, y - HEADING_SIZE, font=SANS_BOLD,
                          size=HEADING_SIZE, max_width=width)
            if section.subheading:
                canvas.setFillColor(GREY)
                draw_left_fit(canvas, section.subheading, MARGIN,
                              y - HEADING_SIZE - SUBHEADING_SIZE - 4, font=SANS,
                              size=SUBHEADING_SIZE, max_width=width)
        elif kind == "header":
            section = item[2]
            for column, (x, w) in zip(section.columns, _column_edges(section, width),
                                      strict=True):
                canvas.setFillColor(column.fill or ACCENT)
                canvas.rect(x, y - HEADER_HEIGHT, w, HEADER_HEIGHT, stroke=0, fill=1)
                canvas.setFillColor(WHITE)
                _draw_cell_text(canvas, column.title, x, w, y - HEADER_HEIGHT + 5.5,
                                font=SANS_BOLD, size=HEADER_SIZE, align=column.align)
        elif kind == "row":
            section, row, height, zebra = item[2], item[3], item[4], item[5]
            if zebra:
                canvas.setFillColor(ZEBRA)
                canvas.rect(MARGIN, y - height, width, height, stroke=0, fill=1)
            canvas.setStrokeColor(tint(GREY, 0.7))
            canvas.setLineWidth(0.3)
            canvas.line(MARGIN, y - height, MARGIN + width, y - height)
            canvas.setFillColor(BLACK)
            edges = _column_edges(section, width)
            cells = [_lines(c) for c in row]
            # Line by line across the row, so that a reader's text comes out row by row.
            for i in range(max(len(c) for c in cells)):
                baseline = y - PAD - (i + 1) * LEADING + 2.5
                for column, (x, w), lines in zip(section.columns, edges, cells, strict=True):
                    if i < len(lines) and lines[i]:
                        _draw_cell_text(canvas, lines[i], x, w, baseline,
                                        font=SANS_BOLD if column.bold else SANS,
                                        size=BODY_SIZE, align=column.align)
        elif kind in ("note", "footnote"):
            canvas.setFillColor(GREY)
            draw_left_fit(canvas, item[2], MARGIN + PAD, y - PAD - LEADING + 2.5, font=SANS,
                          size=BODY_SIZE if kind == "note" else FOOTER_SIZE + 0.5,
                          max_width=width - 2 * PAD)
            canvas.setFillColor(BLACK)


LEGIBLE = 7.5  # below this a cell's line is wrapped instead of shrunk further


def _wrap_long_lines(doc: TableDocument, width: float) -> TableDocument:
    """Lines that would shrink below ``LEGIBLE`` to fit their column go onto more lines."""
    sections = []
    for section in doc.sections:
        inner = [w - 2 * PAD for _, w in _column_edges(section, width)]
        rows = []
        for row in section.rows:
            cells: list[Cell] = []
            for column, cell, room in zip(section.columns, row, inner, strict=True):
                font = SANS_BOLD if column.bold else SANS
                lines: list[str] = []
                for line in _lines(cell):
                    if fit_size(line, font, BODY_SIZE, room, 1) >= LEGIBLE:
                        lines.append(line)
                    else:
                        lines += simpleSplit(line, font, BODY_SIZE, room) or [line]
                cells.append(tuple(lines) if isinstance(cell, tuple) or len(lines) > 1
                             else lines[0])
            rows.append(tuple(cells))
        sections.append(dataclasses.replace(section, rows=tuple(rows)))
    return dataclasses.replace(doc, sections=tuple(sections))


def table_pdf(doc: TableDocument, *, progress: Progress | None = None) -> bytes:
    """The document's sections as a paginated table PDF."""
    _words(doc.lang)
    for i, section in enumerate(doc.sections):
        for j, row in enumerate(section.rows):
            if len(row) != len(section.columns):
                raise ScheduleExportError(
                    f"sections[{i}].rows[{j}]: {len(row)} cells for "
                    f"{len(section.columns)} columns")
    wide = doc.landscape
    if wide is None:
        wide = max((len(s.columns) for s in doc.sections), default=0) > 6
    pagesize = A4_LANDSCAPE if wide else A4_PORTRAIT
    register_fonts()  # the layout measures text
    doc = _wrap_long_lines(doc, pagesize[0] - 2 * MARGIN)
    pages = _layout(doc, pagesize)
    numbered = list(enumerate(pages, 1))

    def draw(canvas: Canvas, item: object) -> None:
        number, page = item  # type: ignore[misc]
        _draw_table_page(canvas, doc, page, number, len(pages))

    return render_pages(numbered, draw, pagesize, title=doc.title, progress=progress)


# --- reading the event ----------------------------------------------------------------------


def _is_team_game(venue: Venue) -> bool:
    return venue.season().game == "team"


def _subtitle(venue: Venue, extra: str = "") -> str:
    info = venue.event_info()
    return " · ".join(p for p in (info.get("name", ""), info.get("venue", ""), extra) if p)


def _printed(venue: Venue) -> str:
    return datetime.fromtimestamp(venue.clock.wall()).strftime("%d.%m.%Y %H:%M")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _time_format(values: Sequence[str | None]) -> Callable[[str | None], str]:
    """"09:30", or "22.11 09:30" when the times span more than one day."""
    days = {v[:10] for v in values if v}
    pattern = "%d.%m %H:%M" if len(days) > 1 else "%H:%M"

    def show(value: str | None) -> str:
        moment = _parse(value)
        return moment.strftime(pattern) if moment else "—"

    return show


def _span(show: Callable[[str | None], str], start: str, end: str) -> str:
    return f"{show(start)}–{show(end)[-5:]}"


def _team(slot: dict[str, Any]) -> str:
    mark = "*" if slot.get("surrogate") else ""
    return f"{slot['number']}{mark} {slot.get('name', '')}".rstrip()


def _divisions(venue: Venue, division: str | None) -> list[dict[str, Any]]:
    """The divisions to print: the one asked for, else every one ([] without divisions)."""
    known = venue.divisions()
    if division is None:
        return known
    if not known:
        raise NotFound(f"this event has no divisions (asked for {division!r})")
    for d in known:
        if d["code"] == division:
            return [d]
    raise NotFound(f"there is no division {division!r}; divisions: "
                   + ", ".join(d["code"] for d in known))


def _division_title(w: dict[str, str], d: dict[str, Any]) -> str:
    return f"{w['division']}: {d.get('name') or d['code']}"


def _season_titles(venue: Venue, lang: str) -> dict[str, str]:
    """Judged area and award ids → their titles in ``lang``."""
    judging = venue.season().judging
    if judging is None:
        return {}
    out = {a.id: a.title[lang] for a in judging.areas}
    out.update({f"award:{a.id}": a.title[lang] for a in judging.awards})
    return out


def _activity(w: dict[str, str], titles: dict[str, str], kind: str, *,
              prefix: bool = True) -> str:
    """A judging session's kind in words ("Judging: Robot Design" where it could be taken
    for something else)."""
    if kind == "combined":
        return w["combined"]
    return f"{w['judging']}: {titles.get(kind, kind)}" if prefix else titles.get(kind, kind)


def _robot_round(w: dict[str, str], match: dict[str, Any]) -> str:
    label = match["label"]
    if match["level"] == "playoff":
        return w["playoff"]
    if match["level"] == "practice":
        return w["practice"]
    if label.startswith("R") and "-" in label:
        return w["round_n"].format(n=label[1:label.index("-")])
    return ""


def _tables(match: dict[str, Any]) -> tuple[int | None, int | None]:
    """A robot-game match's two tables (field k = tables 2k−1 and 2k)."""
    f = match.get("field")
    return (None, None) if f is None else (2 * f - 1, 2 * f)


def _schedule(venue: Venue) -> list[dict[str, Any]]:
    matches = venue.schedule()
    if not matches:
        raise NotFound("there is no schedule yet: generate the schedule first")
    return matches


# --- qualification schedule -----------------------------------------------------------------


def qualification_schedule_pdf(venue: Venue, lang: str, division: str | None = None) -> bytes:
    """FTC: every qualification match (time, field, red and blue teams with names), one
    section per division. FLL: the robot-game day (practice and ranked rounds, both tables of
    each match) and then the judging sessions."""
    w = _words(lang)
    divisions = _divisions(venue, division)
    if _is_team_game(venue):
        return _robot_day_pdf(venue, lang, w)
    quals = [m for m in _schedule(venue) if m["level"] == "qual"]
    if not quals:
        raise NotFound("there is no qualification schedule yet: generate the schedule first")
    show = _time_format([m["scheduled_at"] for m in quals])
    columns = (Column(w["match"], 0.8, bold=True), Column(w["time"], 0.9),
               Column(w["field"], 0.6, align="centre"), Column(w["red"], 3.0, fill=RED),
               Column(w["blue"], 3.0, fill=BLUE))
    groups = [(_division_title(w, d), [m for m in quals if m["division"] == d["code"]])
              for d in divisions] if divisions else [("", quals)]
    sections = []
    for heading, matches in groups:
        rows = tuple((m["label"], show(m["scheduled_at"]), str(m["field"] or "—"),
                      tuple(_team(s) for s in m["red"]), tuple(_team(s) for s in m["blue"]))
                     for m in matches)
        surrogates = any(s.get("surrogate") for m in matches for s in m["red"] + m["blue"])
        sections.append(Section(columns, rows, heading=heading, note=w["no_matches"],
                                footnote=w["surrogate_note"] if surrogates else "",
                                new_page=bool(heading)))
    extra = _division_title(w, divisions[0]) if division is not None else ""
    return table_pdf(TableDocument(w["qualification"], _subtitle(venue, extra), lang,
                                   tuple(sections), _printed(venue)))


def _robot_day_pdf(venue: Venue, lang: str, w: dict[str, str]) -> bytes:
    matches = [m for m in venue.schedule() if m["level"] in ("practice", "qual")]
    day = venue.fll.day()
    sessions = [i for i in day["items"] if i["kind"] == "judging"]
    if not matches and not sessions:
        raise NotFound("the tournament day is not planned yet: generate the day first")
    show = _time_format([m["scheduled_at"] for m in matches] + [i["start"] for i in sessions])
    robot = (Column(w["time"], 0.8), Column(w["match"], 0.8, bold=True),
             Column(w["round"], 1.0), Column(w["table"], 0.7, align="centre"),
             Column(w["team"], 2.6), Column(w["table"], 0.7, align="centre"),
             Column(w["team"], 2.6))
    rows = []
    for m in matches:
        left, right = _tables(m)
        rows.append((show(m["scheduled_at"]), m["label"], _robot_round(w, m),
                     str(left or "—"), tuple(_team(s) for s in m["red"]) or "—",
                     str(right or "—"), tuple(_team(s) for s in m["blue"]) or "—"))
    titles = _season_titles(venue, lang)
    judging = (Column(w["time"], 1.0), Column(w["room"], 0.6, align="centre"),
               Column(w["session"], 2.2), Column(w["team"], 0.7, bold=True),
               Column(w["name"], 3.0))
    session_rows = tuple((_span(show, i["start"], i["end"]), str(i["room"]),
                          _activity(w, titles, i["what"], prefix=False), str(i["team"]),
                          i["team_name"])
                         for i in sessions)
    sections = [Section(robot, tuple(rows), heading=w["robot_day"], note=w["no_matches"])]
    if session_rows:
        sections.append(Section(judging, session_rows, heading=w["judging_sessions"],
                                new_page=True))
    return table_pdf(TableDocument(w["fll_day"], _subtitle(venue), lang, tuple(sections),
                                   _printed(venue), landscape=False))


# --- playoffs -------------------------------------------------------------------------------


def playoff_schedule_pdf(venue: Venue, lang: str, division: str | None = None) -> bytes:
    """The bracket's matches in play order: round, match, the two sides (an alliance and its
    teams, or "winner of M3" while undecided), field and time of the games made so far, and
    where each stands. One section per division with playoffs."""
    w = _words(lang)
    divisions = _divisions(venue, division)
    codes = [d["code"] for d in divisions] or [None]
    titles = {d["code"]: _division_title(w, d) for d in divisions}
    games = {m["id"]: m for m in venue.schedule() if m["level"] == "playoff"}
    sections = []
    for code in codes:
        snap = venue.playoffs.snapshot(code)
        if not snap.get("created"):
            continue
        sections.append(_bracket_section(w, snap, games, titles.get(code, "")))
    if not sections:
        raise NotFound("the playoffs have not been created")
    extra = titles[division] if division is not None else ""
    return table_pdf(TableDocument(w["playoffs"], _subtitle(venue, extra), lang,
                                   tuple(sections), _printed(venue)))


def _bracket_section(w: dict[str, str], snap: dict[str, Any], games: dict[int, dict],
                     heading: str) -> Section:
    alliances = {a["seed"]: a for a in snap["alliances"]}
    all_times = [games[g["id"]]["scheduled_at"] for m in snap["matches"] for g in m["games"]
                 if g["id"] in games]
    show = _time_format(all_times)

    def side(seed: int | None, source: dict[str, Any]) -> tuple[str, ...]:
        if seed is not None and seed in alliances:
            teams = tuple(f"{t['number']} {t['name']}".rstrip()
                          for t in alliances[seed]["teams"])
            return (w["alliance_n"].format(n=seed), *teams)
        if "winner" in source:
            return (w["winner_of"].format(m=source["winner"]),)
        if "loser" in source:
            return (w["loser_of"].format(m=source["loser"]),)
        if "seed" in source:
            return (w["seed_n"].format(n=source["seed"]),)
        return ("—",)

    rows = []
    for m in snap["matches"]:
        label = [m["key"], w.get(m["section"], m["section"])]
        if m["if_needed"]:
            label.append(f"({w['if_needed']})")
        if m["best_of"] > 1:
            label.append(f"({w['best_of'].format(n=m['best_of'], wins=m['best_of'] // 2 + 1)})")
        result: list[str] = []
        where: list[str] = []
        for g in m["games"]:
            info = games.get(g["id"], {})
            place = w["field_n"].format(n=info["field"]) if info.get("field") else ""
            when = show(info.get("scheduled_at")) if info.get("scheduled_at") else ""
            where.append(" ".join(p for p in (g["label"] + ":", place, when) if p))
            if g["red_score"] is not None:
                result.append(f"{g['label']}: {g['red_score']}–{g['blue_score']}")
        if m.get("forfeit"):
            result.append(w["forfeit"])
        if m["winner"] is not None:
            result.append(w["wins"].format(who=w["alliance_n"].format(n=m["winner"])))
        elif not result:
            result.append(w.get(m["status"], m["status"]))
        rows.append((str(m["round"]), tuple(label), side(m["red"], m["red_from"]),
                     side(m["blue"], m["blue_from"]), tuple(where) or "—", tuple(result)))
    columns = (Column(w["round"], 0.75, align="centre"), Column(w["match"], 1.4, bold=True),
               Column(w["red"], 2.4, fill=RED), Column(w["blue"], 2.4, fill=BLUE),
               Column(w["field"], 1.5), Column(w["result"], 1.6))
    return Section(columns, tuple(rows), heading=heading, new_page=bool(heading))


# --- per team -------------------------------------------------------------------------------


def team_schedules_pdf(venue: Venue, lang: str, teams: list[int] | None = None, *,
                       progress: Progress | None = None) -> bytes:
    """One page per team (more if its list runs over): each of its matches with time, field
    or table, alliance, partners and opponents, and at FLL its judging sessions. ``teams``
    picks teams by number, in that order; every team by number when None."""
    w = _words(lang)
    roster = {t["number"]: t for t in venue.teams()}
    if not roster:
        raise NotFound("no teams are registered yet: import the teams first")
    if teams is None:
        chosen = sorted(roster)
    else:
        if not teams:
            raise ScheduleExportError("teams: give at least one team number (or None for all)")
        bad = [n for n in teams if isinstance(n, bool) or not isinstance(n, int)]
        if bad:
            raise ScheduleExportError(f"teams: team numbers are whole numbers, got {bad[0]!r}")
        unknown = [n for n in teams if n not in roster]
        if unknown:
            raise NotFound("not registered at this event: team "
                           + ", ".join(str(n) for n in unknown))
        chosen = list(dict.fromkeys(teams))
    team_game = _is_team_game(venue)
    matches = venue.schedule()
    sessions = [i for i in venue.fll.day()["items"] if i["kind"] == "judging"] if team_game else []
    if not matches and not sessions:
        raise NotFound("there is no schedule yet: generate the schedule first")
    show = _time_format([m["scheduled_at"] for m in matches] + [i["start"] for i in sessions])
    titles = _season_titles(venue, lang) if team_game else {}
    sections = []
    for number in chosen:
        team = roster[number]
        sub = ", ".join(p for p in (team.get("organization"), team.get("city")) if p)
        heading = f"{number} {team['name']}"
        if team_game:
            section = _fll_team_section(w, titles, show, number, matches, sessions)
        else:
            section = _ftc_team_section(w, show, number, matches)
        sections.append(Section(section.columns, section.rows, heading=heading, subheading=sub,
                                note=w["no_matches"], footnote=section.footnote,
                                new_page=True))
    return table_pdf(TableDocument(w["team_schedules"], _subtitle(venue), lang,
                                   tuple(sections), _printed(venue)), progress=progress)


def _ftc_team_section(w: dict[str, str], show, number: int,
                      matches: list[dict[str, Any]]) -> Section:
    rows = []
    surrogate_seen = False
    for m in matches:
        for colour, other in (("red", "blue"), ("blue", "red")):
            mine = next((s for s in m[colour] if s["number"] == number), None)
            if mine is None:
                continue
            alliance = w[colour]
            if mine.get("surrogate"):
                alliance += f" ({w['surrogate']})"
                surrogate_seen = True
            partners = tuple(_team(s) for s in m[colour] if s["number"] != number)
            rows.append((show(m["scheduled_at"]), m["label"], str(m["field"] or "—"),
                         alliance, partners or "—", tuple(_team(s) for s in m[other]) or "—"))
    columns = (Column(w["time"], 0.8), Column(w["match"], 0.8, bold=True),
               Column(w["field"], 0.6, align="centre"), Column(w["alliance"], 1.0),
               Column(w["partners"], 2.4), Column(w["opponents"], 2.6))
    return Section(columns, tuple(rows),
                   footnote=w["surrogate_note"] if surrogate_seen else "")


def _fll_team_section(w: dict[str, str], titles: dict[str, str], show, number: int,
                      matches: list[dict[str, Any]], sessions: list[dict[str, Any]]) -> Section:
    entries: list[tuple[str, tuple]] = []
    for m in matches:
        for colour in ("red", "blue"):
            if any(s["number"] == number for s in m[colour]):
                left, right = _tables(m)
                table = left if colour == "red" else right
                where = w["table_n"].format(n=table) if table else "—"
                entries.append((m["scheduled_at"] or "9999", (
                    show(m["scheduled_at"]), _robot_round(w, m), m["label"], where)))
    for i in sessions:
        if i["team"] == number:
            entries.append((i["start"], (_span(show, i["start"], i["end"]),
                                         _activity(w, titles, i["what"]), "",
                                         w["room_n"].format(n=i["room"]))))
    entries.sort(key=lambda e: e[0])
    columns = (Column(w["time"], 1.0), Column(w["activity"], 2.8),
               Column(w["match"], 0.9, bold=True), Column(w["where"], 1.2))
    return Section(columns, tuple(row for _, row in entries))


# --- per field / table ----------------------------------------------------------------------


def field_schedules_pdf(venue: Venue, lang: str, *, progress: Progress | None = None) -> bytes:
    """What plays where and when: per field (FTC: match, time, red and blue teams), or per
    table (FLL: time, match, round, team), each starting on a new page."""
    w = _words(lang)
    matches = [m for m in _schedule(venue) if m.get("field") is not None]
    if not matches:
        raise NotFound("no match has a field yet")
    show = _time_format([m["scheduled_at"] for m in matches])
    sections = []
    if _is_team_game(venue):
        tables = sorted({t for m in matches for t in _tables(m) if t is not None})
        columns = (Column(w["time"], 0.8), Column(w["match"], 0.8, bold=True),
                   Column(w["round"], 1.2), Column(w["team"], 3.2))
        for table in tables:
            rows = []
            for m in matches:
                left, right = _tables(m)
                colour = "red" if table == left else "blue" if table == right else None
                if colour is None:
                    continue
                rows.append((show(m["scheduled_at"]), m["label"], _robot_round(w, m),
                             tuple(_team(s) for s in m[colour]) or "—"))
            sections.append(Section(columns, tuple(rows), heading=w["table_n"].format(n=table),
                                    note=w["no_matches"], new_page=True))
        title = w["table_schedules"]
    else:
        columns = (Column(w["time"], 0.8), Column(w["match"], 0.8, bold=True),
                   Column(w["red"], 3.0, fill=RED), Column(w["blue"], 3.0, fill=BLUE))
        for number in sorted({m["field"] for m in matches}):
            rows = tuple((show(m["scheduled_at"]), m["label"],
                          tuple(_team(s) for s in m["red"]) or "—",
                          tuple(_team(s) for s in m["blue"]) or "—")
                         for m in matches if m["field"] == number)
            sections.append(Section(columns, rows, heading=w["field_n"].format(n=number),
                                    new_page=True))
        title = w["field_schedules"]
    return table_pdf(TableDocument(title, _subtitle(venue), lang, tuple(sections),
                                   _printed(venue)), progress=progress)


# --- judging rooms --------------------------------------------------------------------------


def judging_room_schedules_pdf(venue: Venue, lang: str, *,
                               progress: Progress | None = None) -> bytes:
    """FLL: one page per judging room with its sessions in time order (time, team number and
    name, session)."""
    w = _words(lang)
    if not _is_team_game(venue) or venue.season().judging is None:
        raise Conflict("judging rooms exist only at FLL events; this event's season "
                       f"{venue.event_info()['season_id']} has no judging")
    sessions = [i for i in venue.fll.day()["items"] if i["kind"] == "judging"]
    if not sessions:
        raise NotFound("no judging session is planned yet: generate the day first")
    show = _time_format([i["start"] for i in sessions])
    titles = _season_titles(venue, lang)
    columns = (Column(w["time"], 1.1), Column(w["team"], 0.8, bold=True),
               Column(w["name"], 3.0), Column(w["session"], 2.2))
    sections = []
    for room in sorted({i["room"] for i in sessions}):
        rows = tuple((_span(show, i["start"], i["end"]), str(i["team"]), i["team_name"],
                      _activity(w, titles, i["what"], prefix=False))
                     for i in sorted(sessions, key=lambda i: (i["start"], i["team"]))
                     if i["room"] == room)
        sections.append(Section(columns, rows, heading=w["room_n"].format(n=room),
                                new_page=True))
    return table_pdf(TableDocument(w["judging_rooms"], _subtitle(venue), lang, tuple(sections),
                                   _printed(venue)), progress=progress)


# --- rankings -------------------------------------------------------------------------------


def rankings_pdf(venue: Venue, lang: str, division: str | None = None) -> bytes:
    """The rankings as ``venue.rankings()`` gives them. FTC: rank, team, name, ranking score,
    the season's tie-breakers, W-L-T and matches played; FLL robot game: rank, team, name,
    best score and each ranked round's score. One section per division."""
    w = _words(lang)
    divisions = _divisions(venue, division)
    season = venue.season()
    best = season.ranking.rp == "best"
    if best:
        rounds = season.ranking.ranked_rounds
        columns = (Column(w["rank"], 0.6, align="centre", bold=True),
                   Column(w["team"], 0.7, align="centre"), Column(w["name"], 3.0),
                   Column(w["best"], 0.8, align="centre", bold=True),
                   *(Column(w["round_n"].format(n=r), 0.8, align="centre")
                     for r in range(1, rounds + 1)))
    else:
        means = [k for k in season.ranking.keys if k.agg == "mean"]
        highs = [k for k in season.ranking.keys if k.agg == "max"]
        key_columns = [Column(k.title[lang].split(":")[0].strip(), 0.8, align="centre")
                       for k in means]
        if highs:
            key_columns.append(Column(w["high"], 0.9, align="centre"))
        columns = (Column(w["rank"], 0.6, align="centre", bold=True),
                   Column(w["team"], 0.7, align="centre"), Column(w["name"], 2.8),
                   Column(w["rs"], 0.7, align="centre", bold=True), *key_columns,
                   Column(w["wlt"], 0.9, align="centre"),
                   Column(w["played"], 0.8, align="centre"))

    def row(r: dict[str, Any]) -> tuple[str, ...]:
        team = r["team"]
        if best:
            scores = [("—" if s is None else str(s)) for s in r.get("scores", [])]
            scores += ["—"] * (rounds - len(scores))
            return (str(r["rank"]), str(team["number"]), team["name"],
                    "—" if r.get("best") is None else str(r["best"]), *scores[:rounds])
        keys = [format_number(round(v, 2)) for v in r.get("tiebreakers", [])]
        keys += ["—"] * (len(means) - len(keys))
        if highs:
            keys.append(str(r.get("highest_score", 0)))
        return (str(r["rank"]), str(team["number"]), team["name"],
                format_number(round(r["ranking_score"], 2)), *keys[:len(key_columns)],
                f"{r['wins']}-{r['losses']}-{r['ties']}", str(r["played"]))

    groups = ([(_division_title(w, d), venue.rankings(d["code"])) for d in divisions]
              if divisions else [("", venue.rankings())])
    if not any(rows for _, rows in groups):
        raise NotFound("nothing to rank: no teams are registered yet")
    sections = tuple(Section(columns, tuple(row(r) for r in rows), heading=heading,
                             new_page=bool(heading)) for heading, rows in groups)
    extra = _division_title(w, divisions[0]) if division is not None else ""
    title = w["rankings"] + (f" — {season.ranking.title[lang]}" if best else "")
    return table_pdf(TableDocument(title, _subtitle(venue, extra), lang, sections,
                                   _printed(venue)))


# --- the awards ceremony script -------------------------------------------------------------

SCRIPT_AWARD_SIZE = 20.0
SCRIPT_LINE_SIZE = 16.0
SCRIPT_INDENT = 14.0
SCRIPT_NOTE_SIZE = 11.0


@dataclass(frozen=True)
class ScriptBlock:
    """What the emcee reads for one award (or the advancing teams): a heading and lines,
    kept together on one page. ``muted`` lines are printed grey (nothing to announce)."""

    heading: str
    lines: tuple[str, ...]
    muted: bool = False


def awards_script(venue: Venue, lang: str, actor: Actor | None = None) -> tuple[
        list[ScriptBlock], str]:
    """The ceremony's content, in the order of the page ``/awards/script``: the awards from
    the last to the first (the Champion's award last), each one's places from the last to
    the first, then the teams advancing; and the warning about missing rubrics ("" if none).
    """
    w = _words(lang)
    season = venue.season()
    if season.game != "team" or season.judging is None:
        raise Conflict(f"the awards script is for FLL events; season {season.id} has no "
                       "judged awards")
    results = venue.fll.results(actor or Actor.system())
    titles = _season_titles(venue, lang)

    def team_words(t: dict[str, Any]) -> str:
        key = "team_words_city" if t.get("city") else "team_words"
        return w[key].format(number=t["number"], name=t["name"], city=t.get("city", ""))

    blocks = []
    for award in reversed(results["awards"]):
        if award["count"] <= 0:
            continue
        title = titles.get(f"award:{award['id']}", award["id"])
        winners = award["winners"]
        if not winners:
            blocks.append(ScriptBlock(title, (w["no_winner"],), muted=True))
            continue
        lines = []
        for i, team in enumerate(reversed(winners)):
            if award["count"] > 1:
                lines.append(w["place_line"].format(place=len(winners) - i,
                                                    team=team_words(team)))
            else:
                lines.append(w["winner_line"].format(team=team_words(team)))
        blocks.append(ScriptBlock(title, tuple(lines)))
    advancing = results.get("advancing") or []
    if advancing:
        blocks.append(ScriptBlock(w["advancing"], (w["advancing_intro"], *(
            f"{i}. {team_words(t)}" for i, t in enumerate(advancing, 1)))))
    else:
        blocks.append(ScriptBlock(w["advancing"], (w["no_advancing"],), muted=True))
    missing = results.get("missing") or []
    warning = w["missing"].format(n=len(missing)) if missing else ""
    return blocks, warning


def _script_block_lines(block: ScriptBlock,
                        width: float) -> list[tuple[str, str, float, float]]:
    """(font, text, size, advance) lines of a block, wrapped to ``width``; ``advance`` is
    the distance down to the line's baseline (each announcement gets air above it)."""
    out = [(SANS_BOLD, line, SCRIPT_AWARD_SIZE, SCRIPT_AWARD_SIZE * 1.25)
           for line in simpleSplit(block.heading, SANS_BOLD, SCRIPT_AWARD_SIZE, width)]
    for text in block.lines:
        wrapped = simpleSplit(text, SANS, SCRIPT_LINE_SIZE, width - SCRIPT_INDENT)
        out += [(SANS, line, SCRIPT_LINE_SIZE, SCRIPT_LINE_SIZE * 1.3 + (7 if i == 0 else 0))
                for i, line in enumerate(wrapped)]
    return out


def awards_script_pdf(venue: Venue, lang: str, *, actor: Actor | None = None) -> bytes:
    """The awards ceremony script in large type for the emcee: one block per award (the
    places announced from the last to the first), then the teams advancing. An award never
    splits across pages."""
    w = _words(lang)
    blocks, warning = awards_script(venue, lang, actor)
    register_fonts()  # the layout measures text
    pagesize = A4_PORTRAIT
    width = pagesize[0] - 2 * MARGIN
    top, bottom = _body_top(pagesize[1]), _body_bottom()
    pages: list[list[tuple]] = [[]]
    y = top
    if warning:
        pages[0].append(("warning", y, warning))
        y -= SCRIPT_NOTE_SIZE * 1.4 * len(simpleSplit(warning, SANS_BOLD, SCRIPT_NOTE_SIZE,
                                                     width)) + 10
    for block in blocks:
        lines = _script_block_lines(block, width)
        height = sum(advance for *_, advance in lines) + 22
        if y - height < bottom and pages[-1]:
            pages.append([])
            y = top
        pages[-1].append(("block", y, block, lines))
        y -= height

    def draw(canvas: Canvas, item: object) -> None:
        number, items = item  # type: ignore[misc]
        _draw_frame(canvas, w["awards_script"], _subtitle(venue), lang, printed, number,
                    len(pages))
        for entry in items:
            kind, y = entry[0], entry[1]
            if kind == "warning":
                canvas.setFillColor(RED)
                for i, line in enumerate(simpleSplit(entry[2], SANS_BOLD, SCRIPT_NOTE_SIZE,
                                                     width)):
                    canvas.setFont(SANS_BOLD, SCRIPT_NOTE_SIZE)
                    canvas.drawString(MARGIN, y - SCRIPT_NOTE_SIZE * (1 + 1.4 * i), line)
                continue
            block, lines = entry[2], entry[3]
            cursor = y - 4
            for font, text, size, advance in lines:
                cursor -= advance
                heading = font == SANS_BOLD
                indent = 0 if heading else SCRIPT_INDENT
                canvas.setFillColor(ACCENT if heading else GREY if block.muted else BLACK)
                draw_left_fit(canvas, text, MARGIN + indent, cursor, font=font, size=size,
                              max_width=width - indent)
            canvas.setStrokeColor(tint(ACCENT, 0.6))
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN, cursor - 10, MARGIN + width, cursor - 10)

    printed = _printed(venue)
    buffer_pages = list(enumerate(pages, 1))
    return render_pages(buffer_pages, draw, pagesize, title=w["awards_script"])


__all__ = [
    "LANGS",
    "WORDS",
    "Column",
    "ScheduleExportError",
    "ScriptBlock",
    "Section",
    "TableDocument",
    "awards_script",
    "awards_script_pdf",
    "field_schedules_pdf",
    "judging_room_schedules_pdf",
    "playoff_schedule_pdf",
    "qualification_schedule_pdf",
    "rankings_pdf",
    "table_pdf",
    "team_schedules_pdf",
]
