"""Paper score sheets and match result sheets (A4 portrait PDFs).

Blank score sheets are the referees' backup when the tablets fail: one page per alliance (FTC)
or table (FLL), generated from the season file alone — the same inputs, ranges, points and
constraint messages as the tablet. Match result sheets show a committed match for the teams
and the pit board: each side's entries, the points they gave, penalties, totals and winner.

Every page must fit one sheet of paper: the layout is measured first and the type and
spacing shrink until it fits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

import scoring
from tournament.fll import table_number
from tournament.models import UNPLAYED

from .certificates import LANGS
from .fonts import SANS, SANS_BOLD, register_fonts
from .pdf import (
    A4_PORTRAIT,
    BLACK,
    GREY,
    LIGHT_GREY,
    WHITE,
    Progress,
    draw_left_fit,
    fit_size,
    format_number,
    mm,
    render_pages,
    tint,
)

PW, PH = A4_PORTRAIT
MARGIN = 11 * mm
WIDTH = PW - 2 * MARGIN

ALLIANCE_COLOURS = {
    "red": Color(0.78, 0.12, 0.12),
    "blue": Color(0.10, 0.32, 0.70),
    None: Color(0.18, 0.30, 0.33),  # a team game's table: no alliance colour
}

# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "score_sheet": "Score sheet", "result_sheet": "Match result", "event": "Event",
        "match": "Match", "field": "Field", "table": "Table", "team": "Team", "time": "Time",
        "red": "Red alliance", "blue": "Blue alliance", "yes": "Yes", "no": "No",
        "pts": "pts", "each": "each", "tally": "tally", "range": "range",
        "computed": "computed from the lines above", "recorded": "recorded, not scored",
        "check": "Check before signing", "total_scorekeeper": "Total (scorekeeper)",
        "referee": "Referee", "name": "Name", "signature": "Signature",
        "team_captain": "Team captain", "team_initials": "Team member initials",
        "notes": "Notes", "entered": "Entered", "points": "Points", "total": "Total",
        "parts": "Score parts", "winner": "Winner", "tie": "Tie", "dq": "DQ",
        "dq_note": "DQ: disqualified from this match",
        "surrogate": "surrogate: this match does not count for the team",
        "committed": "Committed {at} UTC by {by}", "to_opponent": "→ points to the opponent",
        "final": "Final score", "empty_table": "no team",
    },
    "ru": {
        "score_sheet": "Судейский протокол", "result_sheet": "Результат матча",
        "event": "Соревнование", "match": "Матч", "field": "Поле", "table": "Стол",
        "team": "Команда", "time": "Время", "red": "Красный альянс", "blue": "Синий альянс",
        "yes": "Да", "no": "Нет", "pts": "очк.", "each": "за каждый", "tally": "подсчёт",
        "range": "диапазон", "computed": "вычисляется по строкам выше",
        "recorded": "записывается, в счёт не входит", "check": "Проверьте перед подписью",
        "total_scorekeeper": "Итого (заполняет секретарь)", "referee": "Судья",
        "name": "Ф. И. О.", "signature": "Подпись", "team_captain": "Капитан команды",
        "team_initials": "Инициалы участника команды", "notes": "Примечания",
        "entered": "Отмечено", "points": "Очки", "total": "Итого", "parts": "Состав счёта",
        "winner": "Победитель", "tie": "Ничья", "dq": "ДИСКВ.",
        "dq_note": "ДИСКВ.: дисквалифицирована в этом матче",
        "surrogate": "суррогат: матч не засчитывается команде",
        "committed": "Зафиксировано {at} UTC, {by}", "to_opponent": "→ очки сопернику",
        "final": "Итоговый счёт", "empty_table": "нет команды",
    },
    "kk": {
        "score_sheet": "Төрешінің хаттамасы", "result_sheet": "Матч нәтижесі",
        "event": "Жарыс", "match": "Матч", "field": "Алаң", "table": "Үстел",
        "team": "Команда", "time": "Уақыты", "red": "Қызыл альянс", "blue": "Көк альянс",
        "yes": "Иә", "no": "Жоқ", "pts": "ұпай", "each": "әрқайсысы", "tally": "санау",
        "range": "аралығы", "computed": "жоғарыдағы жолдардан есептеледі",
        "recorded": "жазылады, ұпайға қосылмайды", "check": "Қол қоймас бұрын тексеріңіз",
        "total_scorekeeper": "Барлығы (хатшы толтырады)", "referee": "Төреші",
        "name": "Аты-жөні", "signature": "Қолы", "team_captain": "Команда капитаны",
        "team_initials": "Команда мүшесінің инициалдары", "notes": "Ескертпелер",
        "entered": "Белгіленгені", "points": "Ұпай", "total": "Барлығы",
        "parts": "Ұпай құрамы", "winner": "Жеңімпаз", "tie": "Тең ойын", "dq": "ДИСКВ.",
        "dq_note": "ДИСКВ.: осы матчта дисквалификацияланды",
        "surrogate": "суррогат: матч командаға есептелмейді",
        "committed": "Бекітілді {at} UTC, {by}", "to_opponent": "→ ұпай қарсыласқа",
        "final": "Қорытынды есеп", "empty_table": "команда жоқ",
    },
}


class SheetError(ValueError):
    """Bad input for a score or result sheet; the message names what and where."""


def _check_lang(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise SheetError(f"lang: unknown language {lang!r} (expected one of {', '.join(LANGS)})")
    return WORDS[lang]


def _season(season_id: str) -> scoring.Season:
    try:
        return scoring.load_season(season_id)
    except LookupError:
        raise SheetError(f"season_id: unknown season {season_id!r}; available: "
                         f"{', '.join(scoring.available_seasons())}") from None


# --- what a page shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamSlot:
    number: str = ""  # blank: the referee writes it in
    name: str = ""
    disqualified: bool = False
    surrogate: bool = False


@dataclass(frozen=True)
class BlankSide:
    """One blank score-sheet page: an alliance (``colour``) or a table (``colour`` None)."""

    colour: str | None
    label: str = ""
    place: str = ""  # field number (alliance game) or table number (team game)
    time: str = ""
    teams: tuple[TeamSlot, ...] = ()


def _team_slot(value: Any, where: str) -> TeamSlot:
    if isinstance(value, TeamSlot):
        return value
    if isinstance(value, dict):
        number = value.get("number")
        name = str(value.get("name") or "")
    else:
        number, name = value, ""
    if number is None or number == "":
        return TeamSlot(name=name)
    if isinstance(number, bool) or not isinstance(number, int | str):
        raise SheetError(f"{where}: a team number must be a whole number, got {number!r}")
    return TeamSlot(number=str(number), name=name)


def _teams(value: Any, where: str) -> tuple[TeamSlot, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        value = [value]
    return tuple(_team_slot(v, f"{where}[{i}]") for i, v in enumerate(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _sides_of(season: scoring.Season, matches: list[dict] | None) -> list[BlankSide]:
    """The pages: blank ones without ``matches``, else one per alliance (table) per match."""
    team_game = season.game == "team"
    if matches is None:
        slots = tuple(TeamSlot() for _ in range(season.alliance_size))
        if team_game:
            return [BlankSide(None, teams=slots)]
        return [BlankSide("red", teams=slots), BlankSide("blue", teams=slots)]
    if not isinstance(matches, list | tuple):
        raise SheetError(f"matches: expected a list of matches, got {type(matches).__name__}")
    sides: list[BlankSide] = []
    for i, m in enumerate(matches):
        where = f"matches[{i}]"
        if not isinstance(m, dict):
            raise SheetError(f"{where}: expected a dict with label, field, red and blue")
        label = _text(m.get("label"))
        time = _text(m.get("time"))
        if team_game and ("team" in m or "table" in m):  # one table of a team game
            sides.append(BlankSide(None, label, _text(m.get("table")), time,
                                   _pad(_teams(m.get("team"), f"{where}.team"), season)))
            continue
        field = m.get("field")
        for colour in ("red", "blue"):
            teams = _teams(m.get(colour), f"{where}.{colour}")
            if team_game:
                if not teams:
                    continue  # an empty table needs no sheet
                place = "" if not isinstance(field, int) else str(
                    2 * field - (1 if colour == "red" else 0))
                sides.append(BlankSide(None, label, place, time, _pad(teams, season)))
            else:
                sides.append(BlankSide(colour, label, _text(field), time, _pad(teams, season)))
    return sides


def _pad(teams: tuple[TeamSlot, ...], season: scoring.Season) -> tuple[TeamSlot, ...]:
    """At least ``alliance_size`` team boxes: the missing ones are left to write in."""
    return teams + tuple(TeamSlot() for _ in range(season.alliance_size - len(teams)))


# --- the blank sheet's layout ------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[scoring.Field, ...]
    fouls: bool = False


def _groups(season: scoring.Season, lang: str) -> list[Group]:
    """Inputs grouped as the referee meets them: missions (parts) in a team game, periods in
    an alliance game; fouls (points to the opponent) and unscored inputs after them."""
    by_part = season.game == "team"
    titles = dict(season.parts if by_part else season.periods)
    period_titles = dict(season.periods)
    order: list[str] = [key for key, _ in (season.parts if by_part else season.periods)]
    members: dict[str, list[scoring.Field]] = {}
    for f in season.fields:
        key = f.part if by_part and f.part else f.period
        if key not in titles:
            titles[key] = period_titles.get(key, {lang: key})
            order.append(key)
        members.setdefault(key, []).append(f)
    groups = []
    tail = []
    for key in order:
        fields = members.get(key)
        if not fields:
            continue
        group = Group(titles[key][lang], tuple(fields),
                      fouls=all(f.credit == "opponent" for f in fields))
        (tail if group.fouls or not any(f.scored for f in fields) else groups).append(group)
    return groups + tail


class Scale:
    """Type sizes and spacing at one scale (``s``: an input title's size) for a body of one
    or two columns."""

    GUTTER = 12

    def __init__(self, s: float, columns: int = 1):
        self.s = s
        self.columns = columns
        self.small = s * 0.8
        self.lead = s * 1.18
        self.box = s * 1.35
        self.pad = s * 0.4
        self.heading = s * 1.6
        self.col_w = (WIDTH - (columns - 1) * self.GUTTER) / columns
        self.title_w = self.col_w * (0.40 if columns == 1 else 0.39)
        self.pts_w = max(s * 2.6, self.col_w * 0.06)
        self.input_dx = self.title_w + 5
        self.input_w = self.col_w - self.input_dx - self.pts_w - 2

    def column_x(self, i: int) -> float:
        return MARGIN + i * (self.col_w + self.GUTTER)


class _Pen:
    """Draws, or only measures when ``canvas`` is None (the same code does both)."""

    def __init__(self, canvas: Canvas | None):
        self.c = canvas

    def text(self, x, y, text, font, size, colour=BLACK, max_width=None):
        if self.c is None or not text:
            return
        self.c.setFillColor(colour)
        if max_width is not None:
            draw_left_fit(self.c, text, x, y, font=font, size=size, max_width=max_width)
        else:
            self.c.setFont(font, size)
            self.c.drawString(x, y, text)

    def right(self, x, y, text, font, size, colour=BLACK, max_width=None):
        if self.c is None or not text:
            return
        if max_width is not None:
            size = fit_size(text, font, size, max_width, 1)
        self.c.setFillColor(colour)
        self.c.setFont(font, size)
        self.c.drawRightString(x, y, text)

    def box(self, x, y, w, h, width=0.8, colour=BLACK, fill=None):
        """A rectangle; ``fill`` None leaves it white (boxes to write in)."""
        if self.c is None:
            return
        self.c.setLineWidth(width)
        self.c.setStrokeColor(colour)
        self.c.setFillColor(WHITE if fill is None else fill)
        self.c.rect(x, y, w, h, stroke=1 if width else 0, fill=1)

    def line(self, x1, y1, x2, y2, width=0.5, colour=GREY):
        if self.c is None:
            return
        self.c.setLineWidth(width)
        self.c.setStrokeColor(colour)
        self.c.line(x1, y1, x2, y2)


def _points_note(f: scoring.Field) -> str:
    if not f.scored or f.kind in ("choice", "computed") or not f.points:
        return ""
    if f.kind == "bool":
        return f"+{f.points}"
    return f"×{f.points}"


def _choice_items(f: scoring.Field, lang: str,
                  sc: Scale) -> list[tuple[list[str], str, float, float]]:
    """(title lines, points, width, height) of each option: a box, the title (wrapped when
    it is wider than the column) and its points, small."""
    size = sc.s * 0.92
    items = []
    for choice in f.choices or ():
        pts = f"{choice.points}" if f.scored else ""
        pts_w = 2 + stringWidth(pts, SANS, sc.small * 0.85) if pts else 0
        title = choice.title[lang]
        room = sc.input_w - sc.box - 3 - pts_w
        lines = simpleSplit(title, SANS, size, room) or [""]
        width = sc.box + 3 + max(stringWidth(ln, SANS, size) for ln in lines) + pts_w
        height = max(sc.box, sc.box / 2 + size * 0.45 + (len(lines) - 1) * size * 1.1 + 1)
        items.append((lines, pts, min(width, sc.input_w), height))
    return items


def _flow(widths: list[float], width: float, gap: float) -> list[list[int]]:
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if lines[-1] and used + gap + w > width:
            lines.append([])
            used = 0.0
        used += (gap if lines[-1] else 0) + w
        lines[-1].append(i)
    return lines


def _cases_text(f: scoring.Field) -> str:
    return " · ".join(", ".join(str(v) for v in case.when.values()) + f" → {case.points}"
                      for case in f.cases or ())


def _input_row(pen: _Pen, f: scoring.Field, lang: str, sc: Scale, words: dict[str, str],
               x: float, top: float, shade: bool) -> float:
    """One input (or computed line) in the column at ``x``; returns its height."""
    title_lines = simpleSplit(f.title[lang], SANS, sc.s, sc.title_w - 2)
    notes = []
    if f.hint:
        notes.append(f.hint[lang])
    if not f.scored:
        notes.append(words["recorded"])
    if f.kind == "computed":
        notes.append(words["computed"] + ": " + _cases_text(f))
    small_lead = sc.small * 1.12
    note_lines = [ln for n in notes for ln in simpleSplit(n, SANS, sc.small, sc.title_w - 2)]
    text_h = len(title_lines) * sc.lead + len(note_lines) * small_lead

    x0, width = x + sc.input_dx, sc.input_w
    gap = sc.s * 0.8
    line_gap = sc.pad * 0.7
    if f.kind == "choice":
        items = _choice_items(f, lang, sc)
        flow = _flow([it[2] for it in items], width, gap)
        line_heights = [max(items[i][3] for i in line) for line in flow]
        input_h = sum(line_heights) + line_gap * (len(flow) - 1)
    elif f.kind == "computed":
        input_h = 0.0
    else:
        input_h = sc.box
    height = max(text_h, input_h) + 2 * sc.pad
    if pen.c is None:
        return height

    if shade:
        pen.box(x, top - height, sc.col_w, height, width=0, fill=tint(LIGHT_GREY, 0.78))
    y = top - sc.pad - sc.s * 0.82
    for ln in title_lines:
        pen.text(x + 2, y, ln, SANS, sc.s)
        y -= sc.lead
    y += sc.lead  # back on the last title line
    for ln in note_lines:
        y -= small_lead
        pen.text(x + 2, y, ln, SANS, sc.small, GREY)

    by = top - sc.pad - sc.box  # the boxes' lower edge on the first line
    mid = by + sc.box / 2 - sc.s * 0.33  # a baseline centred on a box
    if f.kind == "bool":
        bx = x0
        for word in (words["yes"], words["no"]):
            pen.box(bx, by, sc.box, sc.box)
            pen.text(bx + sc.box + 3, mid, word, SANS, sc.s)
            bx += sc.box + 3 + stringWidth(word, SANS, sc.s) + gap * 2.5
    elif f.kind == "count":
        assert f.min is not None and f.max is not None
        n = f.max - f.min + 1
        step = sc.box + 2
        if n * step <= width and n <= 16:
            # Few values: numbered boxes, the referee ticks one.
            for i in range(n):
                bx = x0 + i * step
                pen.box(bx, by, sc.box, sc.box)
                pen.c.setFillColor(GREY)
                pen.c.setFont(SANS, sc.small)
                pen.c.drawCentredString(bx + sc.box / 2, mid + 0.5, str(f.min + i))
        else:
            # Many values: room for tally marks, then the count written in a box.
            rng = f"{f.min}–{f.max}"
            answer_w = sc.box * 2.6
            rng_w = stringWidth(rng, SANS, sc.small) + 4
            eq_w = sc.s * 0.9
            tally_w = width - answer_w - rng_w - eq_w - 4
            pen.line(x0, by, x0 + tally_w, by, 0.4, LIGHT_GREY)
            pen.text(x0 + 1, by + 1.5, words["tally"], SANS, sc.small * 0.8, LIGHT_GREY)
            ax = x0 + tally_w + eq_w
            pen.right(ax - 2, mid, "=", SANS, sc.s, GREY)
            pen.box(ax, by, answer_w, sc.box, width=1.1)
            pen.text(ax + answer_w + 3, mid, rng, SANS, sc.small, GREY)
    elif f.kind == "choice":
        size = sc.s * 0.92
        box_top = top - sc.pad
        for line, line_h in zip(flow, line_heights, strict=True):
            bx = x0
            for i in line:
                lines, pts, w, _ = items[i]
                pen.box(bx, box_top - sc.box, sc.box, sc.box)
                tx = bx + sc.box + 3
                ty = box_top - sc.box / 2 - sc.s * 0.33
                for k, ln in enumerate(lines):
                    pen.text(tx, ty - k * size * 1.1, ln, SANS, size)
                if pts:
                    used = stringWidth(lines[-1], SANS, size)
                    pen.text(tx + used + 2, ty - (len(lines) - 1) * size * 1.1 + sc.s * 0.25,
                             pts, SANS, sc.small * 0.85, GREY)
                bx += w + gap
            box_top -= line_h + line_gap

    note = _points_note(f)
    if note:
        pen.right(x + sc.col_w - 2, mid, note, SANS, sc.small, GREY, max_width=sc.pts_w)
    return height


def _heading(pen: _Pen, group: Group, sc: Scale, colour: Color, x: float, top: float,
             words: dict[str, str]) -> float:
    h = sc.heading
    if pen.c is not None:
        fill = tint(colour, 0.78 if not group.fouls else 0.6)
        pen.box(x, top - h, sc.col_w, h, width=0, fill=fill)
        base = top - h / 2 - sc.s * 0.36
        note_w = stringWidth(words["to_opponent"], SANS, sc.small) + 6 if group.fouls else 0
        pen.text(x + 3, base, group.title, SANS_BOLD, sc.s * 1.02,
                 max_width=sc.col_w - 6 - note_w)
        if group.fouls:
            pen.right(x + sc.col_w - 2, base, words["to_opponent"], SANS, sc.small, BLACK)
    return h


def _group_height(group: Group, lang: str, sc: Scale, words: dict[str, str]) -> float:
    pen = _Pen(None)
    height = _heading(pen, group, sc, BLACK, 0, 0, words) + sc.s * 0.35
    for f in group.fields:
        height += _input_row(pen, f, lang, sc, words, 0, 0, False)
    return height


def _columns(groups: list[Group], lang: str, sc: Scale,
             words: dict[str, str]) -> tuple[list[list[Group]], float]:
    """Groups split into the scale's columns (in order, a group never split) so that the
    tallest column is as short as possible; (columns, tallest height)."""
    heights = [_group_height(g, lang, sc, words) for g in groups]
    if sc.columns == 1:
        return [groups], sum(heights)
    best: tuple[float, int] = (float("inf"), len(groups))
    for cut in range(len(groups) + 1):
        tallest = max(sum(heights[:cut]), sum(heights[cut:]))
        best = min(best, (tallest, cut))
    cut = best[1]
    return [groups[:cut], groups[cut:]], best[0]


# --- the blank sheet's header and footer ------------------------------------------------------


def _header(pen: _Pen, season: scoring.Season, side: BlankSide, lang: str, event_name: str,
            sc: Scale, words: dict[str, str], title: str) -> float:
    """Title, event, colour band and the match/field/team boxes; returns the y below."""
    top = PH - MARGIN
    size = max(10.0, sc.s * 1.6)
    y = top - size
    pen.text(MARGIN, y, title, SANS_BOLD, size, max_width=WIDTH * 0.45)
    if event_name:
        pen.right(PW - MARGIN, y, event_name, SANS_BOLD, size * 0.8, max_width=WIDTH * 0.52)
    small = max(6.5, sc.small)
    y -= small * 1.5
    pen.text(MARGIN, y, season.title[lang], SANS, small, GREY, max_width=WIDTH)
    y -= small * 0.7

    # The band: alliance colour and name (a team game's table has a neutral band).
    colour = ALLIANCE_COLOURS[side.colour]
    band = max(14.0, sc.s * 2.0)
    if pen.c is not None:
        pen.box(MARGIN, y - band, WIDTH, band, width=0, fill=colour)
        label = words[side.colour] if side.colour else words["table"] + (
            f" {side.place}" if side.place else "")
        pen.text(MARGIN + 6, y - band / 2 - band * 0.2, label.upper(), SANS_BOLD, band * 0.58,
                 WHITE, max_width=WIDTH * 0.6)
    y -= band + 4

    # Boxes to write in (or pre-filled): match, field/table, time, the teams.
    boxes: list[tuple[str, str, str, float]] = [
        (words["match"], side.label, "", 1.0),
        (words["table"] if season.game == "team" else words["field"], side.place, "", 0.7)]
    if side.time:
        boxes.append((words["time"], side.time, "", 1.2))
    for slot in side.teams:
        boxes.append((words["team"], slot.number, slot.name, 1.6))
    box_h = max(28.0, sc.s * 3.4)
    gap = 5
    unit = (WIDTH - gap * (len(boxes) - 1)) / sum(b[3] for b in boxes)
    x = MARGIN
    for label, value, sub, weight in boxes:
        w = unit * weight
        pen.box(x, y - box_h, w, box_h, width=1.0)
        pen.text(x + 3, y - small - 1.5, label, SANS, small, GREY, max_width=w - 6)
        if value:
            size = box_h * (0.34 if sub else 0.42)
            pen.text(x + 4, y - small - 3 - size * 0.8, value, SANS_BOLD, size,
                     max_width=w - 8)
        if sub:
            pen.text(x + 4, y - box_h + 3, sub, SANS, small, BLACK, max_width=w - 8)
        x += w + gap
    return y - box_h - 5


def _footer(pen: _Pen, season: scoring.Season, lang: str, sc: Scale, words: dict[str, str],
            slots: Sequence[TeamSlot] = ()) -> float:
    """Constraint checks, the scorekeeper's total, referee and team sign-off, drawn upwards
    from the bottom margin; returns the y of its top edge."""
    s = max(sc.s, 7.5)  # the lines people sign on keep a readable size
    line_h = s * 2.3
    team_game = season.game == "team"
    n_sign = 1 if team_game else season.alliance_size
    y = MARGIN
    # Team sign-off lines (one per team in an alliance game), bottom up.
    for i in reversed(range(n_sign)):
        slot = slots[i] if i < len(slots) else TeamSlot()
        lbl = words["team_initials"] if team_game else words["team_captain"]
        base = y + s * 0.4
        pen.text(MARGIN, base, f"{words['team']} {slot.number or '______'} · {lbl}:", SANS, s,
                 max_width=WIDTH * 0.45)
        pen.line(MARGIN + WIDTH * 0.46, base - 1, PW - MARGIN, base - 1, 0.6, BLACK)
        y += line_h
    y += s * 0.2

    # Total box (left) and the referee's name and signature (right).
    total_h = line_h * 2
    tw = WIDTH * 0.36
    pen.box(MARGIN, y, tw, total_h, width=1.8)
    pen.text(MARGIN + 4, y + total_h - s - 2, words["total_scorekeeper"], SANS_BOLD,
             s * 0.9, BLACK, max_width=tw - 8)
    rx = MARGIN + tw + 10
    for i, key in enumerate(("signature", "name")):
        base = y + i * line_h + s * 0.4
        pen.text(rx, base, f"{words['referee']} · {words[key]}:", SANS, s,
                 max_width=WIDTH * 0.25)
        pen.line(rx + WIDTH * 0.26, base - 1, PW - MARGIN, base - 1, 0.6, BLACK)
    y += total_h + s * 0.6

    # The constraint messages a referee checks before signing.
    if season.constraints:
        small = sc.small
        lines = [ln for c in season.constraints
                 for ln in simpleSplit("☐ " + c.message[lang], SANS, small, WIDTH)]
        for ln in reversed(lines):
            pen.text(MARGIN, y + small * 0.25, ln, SANS, small)
            y += small * 1.18
        pen.text(MARGIN, y + small * 0.3, words["check"], SANS_BOLD, small * 1.05)
        y += small * 1.6
    return y


def _fit_scale(fits: Callable[[float], bool], start: float, floor: float) -> float:
    """The largest size (in steps of 0.25 pt) from ``start`` down at which ``fits`` holds,
    else the floor."""
    s = start
    while s > floor:
        if fits(s):
            return s
        s -= 0.25
    return floor


def _blank_scale(season: scoring.Season, lang: str, side: BlankSide,
                 groups: list[Group]) -> Scale:
    """One column if the type can stay large; else two columns if that allows larger type."""
    words = WORDS[lang]

    def fits(columns: int) -> Callable[[float], bool]:
        def check(s: float) -> bool:
            sc = Scale(s, columns)
            head = _header(_Pen(None), season, side, lang, "x", sc, words, "x")
            foot = _footer(_Pen(None), season, lang, sc, words)
            return _columns(groups, lang, sc, words)[1] <= head - foot - s * 0.5
        return check

    one = _fit_scale(fits(1), start=11.0, floor=5.0)
    if one >= 8.5:
        return Scale(one, 1)
    two = _fit_scale(fits(2), start=11.0, floor=5.0)
    return Scale(two, 2) if two > one else Scale(one, 1)


def _draw_blank(canvas: Canvas, season: scoring.Season, lang: str, side: BlankSide,
                event_name: str, groups: list[Group], sc: Scale) -> None:
    words = WORDS[lang]
    pen = _Pen(canvas)
    colour = ALLIANCE_COLOURS[side.colour]
    top = _header(pen, season, side, lang, event_name, sc, words, words["score_sheet"])
    columns, _ = _columns(groups, lang, sc, words)
    bottom = top
    for c, column in enumerate(columns):
        x = sc.column_x(c)
        y = top
        for g in column:
            y -= _heading(pen, g, sc, colour, x, y, words)
            for i, f in enumerate(g.fields):
                y -= _input_row(pen, f, lang, sc, words, x, y, shade=i % 2 == 1)
            y -= sc.s * 0.35
        bottom = min(bottom, y)
    footer_top = _footer(pen, season, lang, sc, words, side.teams)
    # Room left over becomes a box for the referee's notes.
    if bottom - footer_top > 30:
        h = bottom - footer_top - 10
        pen.box(MARGIN, footer_top + 6, WIDTH, h, width=0.6, colour=GREY)
        pen.text(MARGIN + 3, footer_top + 6 + h - sc.small - 2, words["notes"], SANS,
                 sc.small, GREY)


def blank_score_sheets_pdf(season_id: str, lang: str, *, event_name: str = "",
                           matches: list[dict] | None = None,
                           progress: Progress | None = None) -> bytes:
    """Paper score sheets of a season in ``lang``, one A4 page per alliance (FTC) or table
    (FLL). Without ``matches``: one blank page per alliance (FTC red and blue, FLL one).
    With ``matches`` (each {label, field, red: [team numbers], blue: [...], time?}; a team
    game may instead give {label, table, team}), one pre-filled page per alliance per match;
    a team may also be {number, name}."""
    _check_lang(lang)
    season = _season(season_id)
    register_fonts()
    sides = _sides_of(season, matches)
    groups = _groups(season, lang)
    scales: dict[tuple, Scale] = {}

    def draw(canvas: Canvas, side: BlankSide) -> None:
        key = (len(side.teams), bool(side.time))  # the header's shape decides the scale
        if key not in scales:
            scales[key] = _blank_scale(season, lang, side, groups)
        _draw_blank(canvas, season, lang, side, event_name, groups, scales[key])

    title = f"{WORDS[lang]['score_sheet']} · {season.title[lang]}"
    return render_pages(sides, draw, A4_PORTRAIT, title=title, progress=progress)


# --- reading the venue ------------------------------------------------------------------------


def _time_text(iso: str | None) -> str:
    return iso.replace("T", " ") if iso else ""


def venue_score_sheets_pdf(venue, lang: str, matches: str | list[int] = "all",
                           progress: Progress | None = None) -> bytes:
    """Pre-filled score sheets of the venue's event: ``matches`` is "all", "unplayed" or a
    list of match ids (an unknown id is an error naming it)."""
    _check_lang(lang)
    info = venue.event_info()
    schedule = venue.schedule()
    if matches == "all":
        chosen = schedule
    elif matches == "unplayed":
        chosen = [m for m in schedule if m["result"] is None and m["status"] in UNPLAYED]
    elif isinstance(matches, list | tuple):
        by_id = {m["id"]: m for m in schedule}
        missing = [i for i in matches if i not in by_id]
        if missing:
            raise SheetError(f"matches: no match {', '.join(map(str, missing))} at this event")
        chosen = [by_id[i] for i in matches]
    else:
        raise SheetError(f"matches: expected 'all', 'unplayed' or a list of match ids, "
                         f"got {matches!r}")
    if not chosen:
        raise SheetError(f"matches: no {matches if isinstance(matches, str) else ''} matches "
                         "to print".replace("  ", " "))
    rows = [{"label": m["label"], "field": m["field"],
             "time": _time_text(m.get("scheduled_at")),
             "red": [{"number": t["number"], "name": t["name"]} for t in m["red"]],
             "blue": [{"number": t["number"], "name": t["name"]} for t in m["blue"]]}
            for m in chosen]
    return blank_score_sheets_pdf(info["season_id"], lang, event_name=info["name"],
                                  matches=rows, progress=progress)


# --- match result sheets ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultSide:
    colour: str  # red | blue
    place: str  # table number in a team game, else ""
    teams: tuple[TeamSlot, ...]
    sheet: dict[str, Any]  # the referee's values, defaults filled in
    breakdown: dict[str, Any]  # as committed: total, parts, items, recorded


@dataclass(frozen=True)
class ResultPage:
    event: str
    label: str
    field: str
    time: str
    sides: tuple[ResultSide, ...]
    winner: str
    committed_at: str
    committed_by: str


def _result_pages(venue, season: scoring.Season, match_ids: list[int] | None) -> list[ResultPage]:
    records = venue.match_records()
    order = [m["id"] for m in records]
    committed = [m["id"] for m in records if m["result"] is not None]
    if match_ids is None:
        wanted = committed
    else:
        if not isinstance(match_ids, list | tuple):
            raise SheetError(f"match_ids: expected a list of match ids, got {match_ids!r}")
        labels = {m["id"]: m["label"] for m in records}
        for i in match_ids:
            if i not in labels:
                raise SheetError(f"match_ids: there is no match {i!r} at this event")
            if i not in committed:
                raise SheetError(f"match_ids: match {i} ({labels[i]}) is not committed yet")
        wanted = sorted(set(match_ids), key=order.index)
    if not wanted:
        raise SheetError("match_ids: no committed matches yet, so no result sheets to print")
    team_game = season.game == "team"
    blank = season.blank_sheet()
    event = venue.event_info()["name"]
    by_id = {m["id"]: m for m in records}
    pages = []
    for mid in wanted:
        m = by_id[mid]
        sides = []
        for colour in ("red", "blue"):
            if team_game and not m[colour]:
                continue
            teams = tuple(TeamSlot(str(t["number"]), t["name"], t["disqualified"],
                                   t["surrogate"]) for t in m[colour])
            place = table_number(m["field"], colour) if team_game else None
            sides.append(ResultSide(
                colour, "" if place is None else str(place), teams,
                {**blank, **(m["sheets"].get(colour) or {})}, m["breakdowns"][colour]))
        pages.append(ResultPage(
            event=event, label=m["label"], field=str(m["field"] or ""),
            time=_time_text(m["scheduled_at"]), sides=tuple(sides),
            winner=m["result"]["winner"],
            committed_at=m["committed_at"].strftime("%Y-%m-%d %H:%M")
            if m["committed_at"] else "", committed_by=m["committed_by"] or ""))
    return pages


def _value_text(f: scoring.Field, value: Any, lang: str, words: dict[str, str]) -> str:
    if f.kind == "computed":
        return ""
    if f.kind == "bool":
        return words["yes"] if value else words["no"]
    if f.kind == "choice":
        choice = next((c for c in f.choices or () if c.id == value), None)
        return choice.title[lang] if choice else str(value)
    return str(value)


def _points_text(f: scoring.Field, side: ResultSide) -> str:
    if not f.scored:
        return "—"
    if f.credit == "opponent":  # fouls committed by this side: points go to the opponent
        given = f.score(side.sheet[f.id])
        return f"→ {given}" if given else "0"
    return format_number(side.breakdown.get("items", {}).get(f.id, 0))


class _ResultGeometry:
    def __init__(self, s: float, n_sides: int):
        self.s = s
        self.size = s * 0.95
        self.lead = s * 1.12
        self.pad = s * 0.3
        self.heading = s * 1.6
        self.title_w = WIDTH * (0.40 if n_sides == 2 else 0.55)
        self.side_w = (WIDTH - self.title_w) / n_sides
        self.pts_w = min(self.side_w * 0.3, s * 4.5)
        self.value_w = self.side_w - self.pts_w - 8

    def column_x(self, i: int) -> float:
        return MARGIN + self.title_w + i * self.side_w


def _side_label(season: scoring.Season, side: ResultSide, words: dict[str, str]) -> str:
    if season.game == "team":
        return f"{words['table']} {side.place}".strip()
    return words[side.colour]


def _result_row(pen: _Pen, f: scoring.Field, page: ResultPage, lang: str, g: _ResultGeometry,
                words: dict[str, str], top: float, shade: bool) -> float:
    """One field: its title, then each side's entry and points; returns the row's height."""
    title = simpleSplit(f.title[lang], SANS, g.size, g.title_w - 6)[:2]
    values = [simpleSplit(_value_text(f, side.sheet.get(f.id), lang, words), SANS, g.size,
                          g.value_w)[:2] for side in page.sides]
    n = max([len(title)] + [len(v) for v in values])
    height = n * g.lead + 2 * g.pad
    if pen.c is None:
        return height
    if shade:
        pen.box(MARGIN, top - height, WIDTH, height, width=0, fill=tint(LIGHT_GREY, 0.75))
    base = top - g.pad - g.size * 0.85
    for k, ln in enumerate(title):
        pen.text(MARGIN + 3, base - k * g.lead, ln, SANS, g.size, max_width=g.title_w - 6)
    for i, side in enumerate(page.sides):
        cx = g.column_x(i)
        for k, ln in enumerate(values[i]):
            pen.text(cx + 4, base - k * g.lead, ln, SANS, g.size, max_width=g.value_w)
        pen.right(cx + g.side_w - 3, base, _points_text(f, side), SANS_BOLD, g.size)
    return height


def _draw_result(pen: _Pen, season: scoring.Season, lang: str, page: ResultPage,
                 groups: list[Group], s: float) -> float:
    """Draws a result page (or, with a measuring pen, only measures it); returns the height
    used from the top margin."""
    words = WORDS[lang]
    n = max(1, len(page.sides))
    g = _ResultGeometry(s, n)
    team_game = season.game == "team"

    # Title line and event.
    top = PH - MARGIN
    y = top - 15
    pen.text(MARGIN, y, f"{words['result_sheet']} {page.label}", SANS_BOLD, 15,
             max_width=WIDTH * 0.5)
    pen.right(PW - MARGIN, y, page.event, SANS_BOLD, 12, max_width=WIDTH * 0.48)
    y -= 13
    facts = [season.title[lang]]
    if page.field and not team_game:
        facts.append(f"{words['field']} {page.field}")
    if page.time:
        facts.append(f"{words['time']}: {page.time}")
    pen.text(MARGIN, y, " · ".join(facts), SANS, 8.5, GREY, max_width=WIDTH)
    y -= 8

    # One panel per side: its colour, teams (DQ and surrogate marks) and the final score.
    band = 16
    rows = max((len(sd.teams) for sd in page.sides), default=1) or 1
    panel_h = band + max(12 * rows + 6, 34)
    gap = 8
    pw = (WIDTH - gap * (n - 1)) / n
    marks = set()
    for i, side in enumerate(page.sides):
        x = MARGIN + i * (pw + gap)
        colour = ALLIANCE_COLOURS[None if team_game else side.colour]
        pen.box(x, y - panel_h, pw, panel_h, width=0, fill=tint(colour, 0.85))
        pen.box(x, y - band, pw, band, width=0, fill=colour)
        pen.text(x + 5, y - band + 4.5, _side_label(season, side, words).upper(), SANS_BOLD,
                 9.5, WHITE, max_width=pw * 0.6)
        score = format_number(side.breakdown.get("total", 0))
        pen.right(x + pw - 6, y - panel_h + 7, score, SANS_BOLD, 26)
        score_w = stringWidth(score, SANS_BOLD, 26) + 14
        ty = y - band - 12
        for slot in side.teams:
            tags = []
            if slot.disqualified:
                tags.append(words["dq"])
                marks.add("dq_note")
            if slot.surrogate:
                tags.append("*")
                marks.add("surrogate")
            tag = " ".join(tags)
            tag_w = stringWidth(tag, SANS_BOLD, 9) + 5 if tag else 0
            text = f"{slot.number} {slot.name}".strip()
            room = pw - score_w - 10 - tag_w
            pen.text(x + 5, ty, text, SANS_BOLD, 9.5, max_width=room)
            if tag:
                used = min(stringWidth(text, SANS_BOLD, 9.5), room)
                pen.text(x + 5 + used + 5, ty, tag, SANS_BOLD, 9, ALLIANCE_COLOURS["red"])
            ty -= 12
        if not side.teams:
            pen.text(x + 5, ty, words["empty_table"], SANS, 9, GREY)
    y -= panel_h + 8

    # The table: title | per side: entered value and points.
    for i, side in enumerate(page.sides):
        cx = g.column_x(i)
        colour = ALLIANCE_COLOURS[None if team_game else side.colour]
        pen.text(cx + 4, y - s, words["entered"], SANS_BOLD, s * 0.85, colour,
                 max_width=g.value_w)
        pen.right(cx + g.side_w - 3, y - s, words["points"], SANS_BOLD, s * 0.85, colour)
    y -= s * 1.4
    table_top = y
    for group in groups:
        pen.box(MARGIN, y - g.heading, WIDTH, g.heading, width=0,
                fill=tint(ALLIANCE_COLOURS[None], 0.8))
        base = y - g.heading / 2 - s * 0.36
        room = g.title_w - 6
        pen.text(MARGIN + 3, base, group.title, SANS_BOLD, s, max_width=room)
        if group.fouls:  # the heading spans the page: the note may run past the titles
            used = min(stringWidth(group.title, SANS_BOLD, s), room)
            pen.text(MARGIN + 3 + used + 8, base, words["to_opponent"], SANS, s * 0.8, GREY,
                     max_width=WIDTH * 0.45)
        if team_game and group.fields[0].part:  # a mission's subtotal in its heading
            part = group.fields[0].part
            for i, side in enumerate(page.sides):
                sub = side.breakdown.get("parts", {}).get(part, 0)
                pen.right(g.column_x(i) + g.side_w - 3, base, format_number(sub), SANS_BOLD, s)
        y -= g.heading
        for k, f in enumerate(group.fields):
            y -= _result_row(pen, f, page, lang, g, words, y, shade=k % 2 == 1)
        y -= s * 0.3

    # Parts (alliance games: the periods above are not the parts), then the totals.
    if not team_game:
        pen.line(MARGIN, y, PW - MARGIN, y, 0.8, BLACK)
        y -= s * 0.3
        for part_id, titles in season.parts:
            base = y - g.pad - g.size * 0.85
            lines = simpleSplit(titles[lang], SANS, g.size, g.title_w - 6)[:2]
            for k, ln in enumerate(lines):
                pen.text(MARGIN + 3, base - k * g.lead, ln, SANS, g.size,
                         max_width=g.title_w - 6)
            row = len(lines) * g.lead + 2 * g.pad
            for i, side in enumerate(page.sides):
                value = side.breakdown.get("parts", {}).get(part_id, 0)
                pen.right(g.column_x(i) + g.side_w - 3, base, format_number(value), SANS,
                          g.size)
            y -= row
    for i in range(1, len(page.sides)):  # a rule between the sides
        pen.line(g.column_x(i), table_top, g.column_x(i), y, 0.5, LIGHT_GREY)
    pen.line(MARGIN, y, PW - MARGIN, y, 1.2, BLACK)
    row = s * 2.2
    base = y - row / 2 - s * 0.5
    pen.text(MARGIN + 3, base, words["total"], SANS_BOLD, s * 1.35, max_width=g.title_w)
    for i, side in enumerate(page.sides):
        pen.right(g.column_x(i) + g.side_w - 3, base,
                  format_number(side.breakdown.get("total", 0)), SANS_BOLD, s * 1.35)
    y -= row

    # Winner (alliance games only), the marks' legend and the commit line.
    if not team_game and len(page.sides) == 2:
        winner = words["tie"] if page.winner == "tie" else words.get(page.winner, page.winner)
        colour = ALLIANCE_COLOURS[page.winner] if page.winner in ("red", "blue") else BLACK
        y -= s * 1.6
        pen.text(MARGIN + 3, y, f"{words['winner']}: {winner}", SANS_BOLD, s * 1.3, colour,
                 max_width=WIDTH)
        y -= s * 0.4
    lines = [words[key] if key == "dq_note" else f"* {words[key]}" for key in sorted(marks)]
    if page.committed_at:
        lines.append(words["committed"].format(at=page.committed_at,
                                               by=page.committed_by or "—"))
    for ln in lines:
        y -= s * 1.3
        pen.text(MARGIN + 3, y, ln, SANS, s * 0.85, GREY, max_width=WIDTH)
    return top - y + s * 0.3


def match_result_sheets_pdf(venue, lang: str, match_ids: list[int] | None = None,
                            progress: Progress | None = None) -> bytes:
    """One A4 page per committed match (all of them by default, in playing order): teams,
    each side's entries and the points they gave, penalties, totals, winner, DQ marks and
    who committed it when. A match id that is unknown or not committed is an error."""
    _check_lang(lang)
    season = _season(venue.event_info()["season_id"])
    pages = _result_pages(venue, season, match_ids)
    groups = _groups(season, lang)
    register_fonts()

    def draw(canvas: Canvas, page: ResultPage) -> None:
        # Each page is measured: a long choice title may take two lines on one page only.
        size = _fit_scale(lambda s: _draw_result(_Pen(None), season, lang, page, groups, s)
                          <= PH - 2 * MARGIN, start=11.0, floor=5.0)
        _draw_result(_Pen(canvas), season, lang, page, groups, size)

    title = f"{WORDS[lang]['result_sheet']} · {season.title[lang]}"
    return render_pages(pages, draw, A4_PORTRAIT, title=title, progress=progress)


__all__ = [
    "LANGS",
    "WORDS",
    "BlankSide",
    "SheetError",
    "TeamSlot",
    "blank_score_sheets_pdf",
    "match_result_sheets_pdf",
    "venue_score_sheets_pdf",
]
