"""Charts: an olympiad subject's score distribution with its medal cut-offs, a team's scores
match by match, the event's scores round by round; and two report PDFs built from them.

Three layers:

* readers take the venue and return plain dataclasses (``subject_distribution``,
  ``team_scores``, ``all_team_scores``, ``event_rounds``);
* renderers take those dataclasses and return PNG bytes of a fixed size
  (``distribution_png``, ``team_scores_png``, ``event_rounds_png``);
* ``draw_chart`` puts a PNG on a reportlab canvas; the report functions put it all together.

Matplotlib is used through ``Figure`` and the Agg canvas only: ``pyplot`` keeps global state
and exports run in background threads. Text is DejaVu Sans, which has every Kazakh letter.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean, median

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .certificates import LANGS, MEDALS
from .certificates import MEDAL_COLOURS as CERTIFICATE_MEDAL_COLOURS
from .fonts import SANS, SANS_BOLD
from .pdf import (
    A4_PORTRAIT,
    BLACK,
    GREY,
    LIGHT_GREY,
    Progress,
    draw_centred_fit,
    draw_left_fit,
    format_number,
    mm,
    new_canvas,
)

#: Every chart is this many pixels (16:9) at this resolution, whatever it shows.
WIDTH_PX, HEIGHT_PX = 1600, 900
DPI = 200

FONT = "DejaVu Sans"
ACCENT = "#1f4e79"
OPPONENT = "#b8bec6"
NOTE_GREY = "#6b6f75"
# The medals' colours on the certificates, as matplotlib's RGB tuples.
MEDAL_COLOURS = {m: (c.red, c.green, c.blue) for m, c in CERTIFICATE_MEDAL_COLOURS.items()}


# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "gold": "Gold", "silver": "Silver", "bronze": "Bronze", "hm": "Honourable mention",
        "none": "No award", "distribution": "distribution of totals",
        "total_points": "Total points", "participants": "Participants",
        "no_scores": "No scores yet", "maximum": "maximum",
        "award": "Award", "cutoff": "Cut-off", "count": "Count", "all": "All participants",
        "rule": "Medal rule", "jury": "cut-offs set by the jury",
        "report": "Score distribution and medal cut-offs",
        "alliance": "Alliance score", "opponents": "Opponents' score",
        "robot_game": "Robot game score", "match": "Match", "round": "Round",
        "points": "Points", "playoffs": "Playoffs", "by_match": "scores by match",
        "by_round": "Scores by round", "round_n": "Round {n}", "mean": "Mean",
        "median": "Median", "best": "Best", "scores": "Scores", "rank": "Rank",
        "teams": "Teams", "qualification": "qualification rounds: each team's n-th match",
        "robot_rounds": "robot game rounds",
    },
    "ru": {
        "gold": "Золото", "silver": "Серебро", "bronze": "Бронза", "hm": "Почётный отзыв",
        "none": "Без награды", "distribution": "распределение баллов",
        "total_points": "Сумма баллов", "participants": "Участники",
        "no_scores": "Пока нет результатов", "maximum": "максимум",
        "award": "Награда", "cutoff": "Порог", "count": "Число", "all": "Все участники",
        "rule": "Правило медалей", "jury": "пороги установлены жюри",
        "report": "Распределение баллов и пороги медалей",
        "alliance": "Очки альянса", "opponents": "Очки соперников",
        "robot_game": "Очки игры роботов", "match": "Матч", "round": "Раунд",
        "points": "Очки", "playoffs": "Плей-офф", "by_match": "очки по матчам",
        "by_round": "Очки по раундам", "round_n": "Раунд {n}", "mean": "Среднее",
        "median": "Медиана", "best": "Лучший", "scores": "Оценок", "rank": "Место",
        "teams": "Команды", "qualification": "квалификация: n-й матч каждой команды",
        "robot_rounds": "раунды игры роботов",
    },
    "kk": {
        "gold": "Алтын", "silver": "Күміс", "bronze": "Қола", "hm": "Мақтау грамотасы",
        "none": "Марапатсыз", "distribution": "ұпайлардың таралуы",
        "total_points": "Жалпы ұпай", "participants": "Қатысушылар",
        "no_scores": "Әзірге нәтиже жоқ", "maximum": "ең жоғары ұпай",
        "award": "Марапат", "cutoff": "Шекті ұпай", "count": "Саны", "all": "Барлық қатысушы",
        "rule": "Медаль ережесі", "jury": "шекті ұпайларды қазылар белгіледі",
        "report": "Ұпайлардың таралуы және медаль шектері",
        "alliance": "Альянс ұпайы", "opponents": "Қарсыластар ұпайы",
        "robot_game": "Робот ойынының ұпайы", "match": "Матч", "round": "Раунд",
        "points": "Ұпай", "playoffs": "Плей-офф", "by_match": "матчтардағы ұпайлар",
        "by_round": "Раундтар бойынша ұпайлар", "round_n": "{n}-раунд", "mean": "Орташа",
        "median": "Медиана", "best": "Ең жақсы", "scores": "Нәтиже саны", "rank": "Орын",
        "teams": "Командалар", "qualification": "іріктеу: әр команданың n-ші матчы",
        "robot_rounds": "робот ойынының раундтары",
    },
}
POLICY_NAMES = {"imo": "IMO", "ioi": "IOI", "ioi-2010": "IOI 2010"}


class ChartError(ValueError):
    """Bad chart input; the message names the field (and the position in a list)."""


def _words(lang: str) -> dict[str, str]:
    if lang not in WORDS:
        raise ChartError(f"lang: {lang!r} is not one of {', '.join(LANGS)}")
    return WORDS[lang]


def cutoff_label(lang: str, medal: str, cutoff: float) -> str:
    """"Gold ≥ 31" in ``lang`` (the same text on the chart and in the report's table)."""
    return f"{_words(lang)[medal]} ≥ {format_number(cutoff)}"


def round_label(lang: str, number: int) -> str:
    return _words(lang)["round_n"].format(n=number)


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectDistribution:
    """One olympiad subject's totals and the medal boundaries in force."""

    subject: str  # the subject's name in the document's language
    totals: tuple[float, ...]
    max_total: float
    cutoffs: Mapping[str, float | None] = field(default_factory=dict)  # gold/silver/bronze
    counts: Mapping[str, int] = field(default_factory=dict)  # gold/silver/bronze/hm/none
    step: float = 1.0  # the smallest difference between two marks
    policy: str = ""  # imo | ioi | ioi-2010 | jury
    olympiad: str = ""


@dataclass(frozen=True)
class MatchScore:
    """One played match (FTC) or robot-game round (FLL) of a team. ``score`` None: a
    robot-game round not played (or a no-show); ``opponent`` None: there is no opponent."""

    label: str  # "Q3", "M5", "F-2"; FLL "R2"
    score: float | None
    opponent: float | None = None
    level: str = "qual"  # qual | playoff


@dataclass(frozen=True)
class TeamScores:
    number: int
    name: str
    kind: str  # "ftc" (alliance matches) or "fll" (robot-game rounds)
    matches: tuple[MatchScore, ...]
    rank: int | None = None


@dataclass(frozen=True)
class RoundScores:
    number: int
    scores: tuple[float, ...]


@dataclass(frozen=True)
class EventRounds:
    event: str
    kind: str  # "ftc" or "fll"
    rounds: tuple[RoundScores, ...]


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ChartError(f"{where}: {value!r} is not a number")
    return float(value)


def _check_distribution(data: SubjectDistribution) -> None:
    if not isinstance(data, SubjectDistribution):
        raise ChartError(f"data: expected SubjectDistribution, got {data!r}")
    for i, total in enumerate(data.totals):
        _number(total, f"totals[{i}]")
    _number(data.max_total, "max_total")
    if _number(data.step, "step") <= 0:
        raise ChartError(f"step: {data.step!r} must be above 0")
    for medal in MEDALS:
        value = data.cutoffs.get(medal)
        if value is not None:
            _number(value, f"cutoffs.{medal}")


def _check_team(data: TeamScores) -> None:
    if not isinstance(data, TeamScores):
        raise ChartError(f"data: expected TeamScores, got {data!r}")
    if data.kind not in ("ftc", "fll"):
        raise ChartError(f"kind: {data.kind!r} is not 'ftc' or 'fll'")
    for i, match in enumerate(data.matches):
        for name in ("score", "opponent"):
            value = getattr(match, name)
            if value is not None:
                _number(value, f"matches[{i}].{name}")


def _check_rounds(data: EventRounds) -> None:
    if not isinstance(data, EventRounds):
        raise ChartError(f"data: expected EventRounds, got {data!r}")
    for i, rnd in enumerate(data.rounds):
        for j, score in enumerate(rnd.scores):
            _number(score, f"rounds[{i}].scores[{j}]")


# --- readers (the venue → plain data) -------------------------------------------------------


def subject_distribution(venue, subject_code: str, lang: str) -> SubjectDistribution:
    """A subject's totals, maximum, cut-offs and medal counts as the olympiad service
    computed them (the organiser's view: cut-offs whether announced or not). An unknown
    subject raises the service's ``NotFound``, which lists the subjects."""
    _words(lang)
    results = venue.olympiad.results(subject_code, public=False)
    info = venue.olympiad.info()
    step = next((s["step"] for s in info["subjects"] if s["code"] == subject_code), 1.0)
    names = results.get("names") or {}
    return SubjectDistribution(
        subject=names.get(lang) or subject_code,
        totals=tuple(float(r["total"]) for r in results["rows"]),
        max_total=float(results["max_total"]),
        cutoffs={m: results["cutoffs"].get(m) for m in MEDALS},
        counts={k: int(results["counts"].get(k, 0)) for k in (*MEDALS, "hm", "none")},
        step=float(step or 1.0),
        policy=results.get("policy") or "",
        olympiad=info.get("name", ""),
    )


def _is_fll(venue) -> bool:
    """The robot game ranks by best round score (``rp == "best"``), like ``Venue.rankings``."""
    return venue.season().ranking.rp == "best"


def _ftc_matches(matches: Sequence[Mapping], number: int) -> tuple[MatchScore, ...]:
    """A team's committed qualification and playoff matches, in playing order."""
    out = []
    for m in matches:
        if m["result"] is None or m["level"] not in ("qual", "playoff"):
            continue
        side = m.get("alliance") or next(
            (c for c in ("red", "blue") if any(s["number"] == number for s in m[c])), None)
        if side is None:
            continue
        other = "blue" if side == "red" else "red"
        out.append(MatchScore(label=m["label"], score=m["result"][f"{side}_score"],
                              opponent=m["result"][f"{other}_score"], level=m["level"]))
    return tuple(out)


def _fll_matches(row: Mapping) -> tuple[MatchScore, ...]:
    return tuple(MatchScore(label=f"R{i}", score=score)
                 for i, score in enumerate(row.get("scores") or [], start=1))


def _rank_rows(venue) -> dict[int, Mapping]:
    return {row["team"]["number"]: row for row in venue.rankings()}


def team_scores(venue, number: int) -> TeamScores:
    """One team's scores: FTC its alliance's and the opponents' score in each committed
    qualification and playoff match, in order; FLL its robot-game rounds (ranked rounds,
    None where not played). An unknown team raises the venue's ``NotFound``."""
    page = venue.team_page(number)
    ranking = page.get("ranking") or {}
    if _is_fll(venue):
        matches = _fll_matches(ranking)
        kind = "fll"
    else:
        matches = _ftc_matches(page["matches"], number)
        kind = "ftc"
    return TeamScores(number=number, name=page["team"]["name"], kind=kind, matches=matches,
                      rank=ranking.get("rank"))


def all_team_scores(venue) -> list[TeamScores]:
    """Every team's scores, by team number, from one reading of the schedule."""
    ranks = _rank_rows(venue)
    fll = _is_fll(venue)
    schedule = [] if fll else venue.schedule()
    out = []
    for team in sorted(venue.teams(), key=lambda t: t["number"]):
        number = team["number"]
        row = ranks.get(number, {})
        matches = _fll_matches(row) if fll else _ftc_matches(schedule, number)
        out.append(TeamScores(number=number, name=team["name"], kind="fll" if fll else "ftc",
                              matches=matches, rank=row.get("rank")))
    return out


def event_rounds(venue) -> EventRounds:
    """The event's scores by round. FLL: robot-game round 1, 2, 3… (each team's score).
    FTC: round n is every team's n-th qualification match in the schedule (surrogate
    appearances not counted), valued at its alliance's score; the schedule has no rounds of
    its own, but each team playing once is what a round means."""
    name = venue.event_info()["name"]
    if _is_fll(venue):
        rounds = venue.season().ranking.ranked_rounds
        columns: list[list[float]] = [[] for _ in range(rounds)]
        for row in venue.rankings():
            for i, score in enumerate((row.get("scores") or [])[:rounds]):
                if score is not None:
                    columns[i].append(float(score))
        return EventRounds(name, "fll", tuple(RoundScores(i + 1, tuple(c))
                                              for i, c in enumerate(columns)))
    seen: dict[int, int] = {}
    columns_by_round: dict[int, list[float]] = {}
    for m in venue.schedule():
        if m["level"] != "qual":
            continue
        for side in ("red", "blue"):
            for slot in m[side]:
                if slot["surrogate"]:
                    continue
                n = seen[slot["number"]] = seen.get(slot["number"], 0) + 1
                column = columns_by_round.setdefault(n, [])
                if m["result"] is not None:
                    column.append(float(m["result"][f"{side}_score"]))
    return EventRounds(name, "ftc", tuple(RoundScores(n, tuple(columns_by_round[n]))
                                          for n in sorted(columns_by_round)))


# --- rendering ------------------------------------------------------------------------------


def _font(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")


def _figure() -> tuple[Figure, object]:
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e3e6ea", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    return fig, ax


def _titles(fig: Figure, ax, title: str, subtitle: str, titled: bool) -> None:
    if not titled:
        return
    fig.suptitle(title, fontproperties=_font(14, bold=True))
    if subtitle:
        ax.set_title(subtitle, fontproperties=_font(10), color=NOTE_GREY)


def _labels(ax, xlabel: str, ylabel: str) -> None:
    ax.set_xlabel(xlabel, fontproperties=_font(11))
    ax.set_ylabel(ylabel, fontproperties=_font(11))
    ax.tick_params(labelsize=9.5)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontfamily(FONT)


def _no_scores(ax, lang: str) -> None:
    ax.text(0.5, 0.5, _words(lang)["no_scores"], transform=ax.transAxes, ha="center",
            va="center", fontproperties=_font(16), color=NOTE_GREY)


def _png(fig: Figure) -> bytes:
    """Opaque RGB PNG: no alpha channel for the PDF to carry as a soft mask, and no
    software/version text, so the same data gives the same bytes."""
    canvas = fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _bin_width(span: float, step: float, most: int = 40) -> float:
    """The narrowest of 1, 2, 2.5, 5 × 10^k (and a multiple of ``step``) giving at most
    ``most`` bins over ``span``."""
    for exponent in range(-3, 9):
        for mantissa in (1, 2, 2.5, 5):
            width = mantissa * 10.0 ** exponent
            if width + 1e-9 < step or abs(width / step - round(width / step)) > 1e-6:
                continue
            if span / width <= most:
                return width
    return max(span / most, step)


def distribution_png(data: SubjectDistribution, lang: str, *, titled: bool = True) -> bytes:
    """A histogram of the totals with the gold/silver/bronze cut-offs as lines over shaded
    bands, each labelled "Gold ≥ 31"; the legend counts each award."""
    words = _words(lang)
    _check_distribution(data)
    totals = list(data.totals)
    step = data.step
    top = max([data.max_total, *totals, step])
    width = _bin_width(top, step)
    # One bar per possible total when the bins are that narrow: centre it on the total.
    centred = abs(width - step) < 1e-9
    shift = step / 2 if centred else 0.0
    count = math.ceil(top / width - 1e-9) + (1 if centred else 0)
    edges = [i * width - shift for i in range(count + 1)]
    left, right = edges[0], edges[-1]

    fig, ax = _figure()
    subtitle = " · ".join(p for p in (data.olympiad, f"{words['participants']}: {len(totals)}",
                                      f"{words['maximum']} {format_number(data.max_total)}")
                          if p)
    _titles(fig, ax, f"{data.subject}: {words['distribution']}", subtitle, titled)
    peak = 1.0
    if totals:
        heights, _, _ = ax.hist(totals, bins=edges, color=ACCENT, edgecolor="white",
                                linewidth=0.6, zorder=2)
        peak = max(peak, float(max(heights)))
    ax.set_xlim(left, right)
    ax.set_ylim(0, peak * 1.45 + 0.5)  # headroom for the cut-off labels
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, steps=[1, 2, 2.5, 5, 10],
                                           integer=step >= 1))

    handles = []
    upper = right
    for medal in MEDALS:  # gold first: each band runs up to the next higher cut-off
        cutoff = data.cutoffs.get(medal)
        if cutoff is None:
            continue
        colour = MEDAL_COLOURS[medal]
        at = cutoff - shift
        ax.axvspan(at, max(at, upper), color=colour, alpha=0.18, zorder=1, linewidth=0)
        ax.axvline(at, color=colour, linewidth=2.2, zorder=3)
        label = cutoff_label(lang, medal, cutoff)
        ax.text(at, 0.98, " " + label, transform=ax.get_xaxis_transform(), rotation=90,
                ha="right", va="top", fontproperties=_font(9.5, bold=True), color="#333333",
                zorder=4, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.8})
        handles.append(Patch(facecolor=(*colour, 0.35), edgecolor=colour,
                             label=f"{label}: {data.counts.get(medal, 0)}"))
        upper = at
    for key in ("hm", "none"):
        if key in data.counts:
            handles.append(Patch(facecolor="white", edgecolor=NOTE_GREY,
                                 label=f"{words[key]}: {data.counts.get(key, 0)}"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  borderaxespad=0, frameon=False, prop=_font(9.5))
    if not totals:
        _no_scores(ax, lang)
    _labels(ax, words["total_points"], words["participants"])
    return _png(fig)


def team_title(lang: str, team: TeamScores) -> str:
    return f"{team.number} · {team.name}"


def team_scores_png(data: TeamScores, lang: str, *, titled: bool = True) -> bytes:
    """FTC: the team's alliance score beside the opponents' in each match, playoffs after a
    divider. FLL: one bar per robot-game round. Values are written on the bars."""
    words = _words(lang)
    _check_team(data)
    fig, ax = _figure()
    fll = data.kind == "fll"
    subtitle = words["robot_game"] if fll else words["by_match"]
    _titles(fig, ax, team_title(lang, data), subtitle, titled)
    matches = list(data.matches)
    xs = list(range(len(matches)))
    played = [m for m in matches if m.score is not None]
    if fll:
        own = ax.bar(xs, [m.score or 0 for m in matches], width=0.6, color=ACCENT, zorder=2)
        ax.bar_label(own, labels=[format_number(m.score) if m.score is not None else "—"
                                  for m in matches], padding=2, fontproperties=_font(9.5))
    else:
        width = 0.38
        own = ax.bar([x - width / 2 for x in xs], [m.score or 0 for m in matches], width,
                     color=ACCENT, zorder=2, label=words["alliance"])
        opp = ax.bar([x + width / 2 for x in xs], [m.opponent or 0 for m in matches], width,
                     color=OPPONENT, zorder=2, label=words["opponents"])
        small = _font(7.5 if len(matches) > 12 else 9)
        ax.bar_label(own, labels=[format_number(m.score or 0) for m in matches], padding=2,
                     fontproperties=small)
        ax.bar_label(opp, labels=[format_number(m.opponent or 0) for m in matches], padding=2,
                     fontproperties=small, color=NOTE_GREY)
        first_playoff = next((i for i, m in enumerate(matches) if m.level == "playoff"), None)
        if first_playoff:
            ax.axvline(first_playoff - 0.5, color=NOTE_GREY, linestyle="--", linewidth=1)
            ax.text(first_playoff - 0.4, 0.98, words["playoffs"], va="top",
                    transform=ax.get_xaxis_transform(), fontproperties=_font(9),
                    color=NOTE_GREY)
        if matches:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                      frameon=False, prop=_font(9.5))
    ax.set_xticks(xs, [m.label for m in matches])
    ax.set_xlim(-0.7, max(len(matches), 3) - 0.3)
    values = [v for m in matches for v in (m.score, m.opponent) if v is not None]
    ax.set_ylim(min([0, *values]), max([1, *values]) * 1.15)
    if not played:
        _no_scores(ax, lang)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, words["round"] if fll else words["match"], words["points"])
    return _png(fig)


def event_rounds_png(data: EventRounds, lang: str, *, titled: bool = True) -> bytes:
    """A box per round (median, quartiles, whiskers to 1.5 IQR, outliers) with the mean
    marked and written above it; the number of scores under each round's name."""
    words = _words(lang)
    _check_rounds(data)
    fig, ax = _figure()
    subtitle = words["robot_rounds"] if data.kind == "fll" else words["qualification"]
    _titles(fig, ax, f"{data.event}: {words['by_round']}", subtitle, titled)
    rounds = list(data.rounds)
    filled = [(i, r) for i, r in enumerate(rounds) if r.scores]
    if filled:
        ax.boxplot([list(r.scores) for _, r in filled], positions=[i for i, _ in filled],
                   widths=0.5, showmeans=True, patch_artist=True, zorder=2,
                   boxprops={"facecolor": "#d6e2ef", "edgecolor": ACCENT},
                   medianprops={"color": ACCENT, "linewidth": 2},
                   whiskerprops={"color": ACCENT}, capprops={"color": ACCENT},
                   flierprops={"markeredgecolor": NOTE_GREY, "markersize": 4},
                   meanprops={"marker": "D", "markerfacecolor": "#c0392b",
                              "markeredgecolor": "white", "markersize": 6})
        high = max(s for _, r in filled for s in r.scores)
        low = min([0.0, *(s for _, r in filled for s in r.scores)])
        for i, r in filled:
            mean = fmean(r.scores)
            ax.text(i, max(r.scores) + (high - low or 1) * 0.04, format_number(round(mean, 1)),
                    ha="center", va="bottom", fontproperties=_font(9.5), color="#c0392b")
        ax.set_ylim(low, high + (high - low or 1) * 0.15)
        ax.legend(handles=[Line2D([], [], marker="D", linestyle="none", color="#c0392b",
                                  label=words["mean"]),
                           Line2D([], [], color=ACCENT, linewidth=2, label=words["median"])],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                  frameon=False, prop=_font(9.5))
    else:
        ax.set_ylim(0, 1)
        _no_scores(ax, lang)
    ax.set_xticks(range(len(rounds)), [f"{round_label(lang, r.number)}\n(n = {len(r.scores)})"
                                       for r in rounds])
    ax.set_xlim(-0.6, max(len(rounds), 1) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _labels(ax, words["round"], words["points"])
    return _png(fig)


# --- PDFs -----------------------------------------------------------------------------------


def draw_chart(canvas: Canvas, png: bytes, x: float, y: float, width: float,
               height: float) -> tuple[float, float, float, float]:
    """The PNG inside the box (lower-left x, y), aspect kept, centred; returns the box the
    image took (x, y, width, height)."""
    image = ImageReader(io.BytesIO(png))
    iw, ih = image.getSize()
    scale = min(width / iw, height / ih)
    w, h = iw * scale, ih * scale
    left, bottom = x + (width - w) / 2, y + (height - h) / 2
    canvas.drawImage(image, left, bottom, w, h)
    return left, bottom, w, h


PW, PH = A4_PORTRAIT
MARGIN = 18 * mm
CONTENT_W = PW - 2 * MARGIN
CHART_H = CONTENT_W * HEIGHT_PX / WIDTH_PX


def _header(canvas: Canvas, over: str, title: str, under: str) -> float:
    """Small line, big title, grey line under it; returns the y below."""
    y = PH - MARGIN
    if over:
        canvas.setFillColor(GREY)
        draw_left_fit(canvas, over, MARGIN, y - 10, font=SANS, size=10, max_width=CONTENT_W)
        y -= 16
    canvas.setFillColor(BLACK)
    y = draw_centred_fit(canvas, title, PW / 2, y - 20, font=SANS_BOLD, size=18,
                         max_width=CONTENT_W, min_size=11, max_lines=2)
    if under:
        canvas.setFillColor(GREY)
        y = draw_centred_fit(canvas, under, PW / 2, y - 2, font=SANS, size=11,
                             max_width=CONTENT_W, min_size=8, max_lines=2)
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, y, PW - MARGIN, y)
    return y - 4 * mm


def _table(canvas: Canvas, y: float, header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float], *, bold_last: bool = False) -> float:
    """A plain ruled table from ``y`` down; numbers right-aligned; returns the y below."""
    row_h = 7 * mm
    x0 = MARGIN
    for r, cells in enumerate([header, *rows]):
        bold = r == 0 or (bold_last and r == len(rows))
        x = x0
        canvas.setFillColor(GREY if r == 0 else BLACK)
        for c, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            font = SANS_BOLD if bold else SANS
            if c == 0:
                draw_left_fit(canvas, cell, x + 2, y - row_h + 2 * mm, font=font, size=10,
                              max_width=w - 4)
            else:
                canvas.setFont(font, 10)
                canvas.drawRightString(x + w - 2 * mm, y - row_h + 2 * mm, cell)
            x += w
        y -= row_h
        canvas.setStrokeColor(BLACK if r == 0 else LIGHT_GREY)
        canvas.setLineWidth(0.8 if r == 0 else 0.4)
        canvas.line(x0, y, x0 + sum(widths), y)
    return y


def olympiad_subject_report_pdf(venue, subject_code: str, lang: str) -> bytes:
    """One A4 page: the subject's name, the distribution chart, and a table of the cut-offs
    and how many got each award."""
    words = _words(lang)
    data = subject_distribution(venue, subject_code, lang)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4_PORTRAIT, title=f"{data.subject} — {words['report']}")
    y = _header(canvas, data.olympiad, data.subject, words["report"])
    draw_chart(canvas, distribution_png(data, lang, titled=False), MARGIN, y - CHART_H,
               CONTENT_W, CHART_H)
    y -= CHART_H + 8 * mm
    rows = []
    for medal in MEDALS:
        cutoff = data.cutoffs.get(medal)
        rows.append([words[medal], "≥ " + format_number(cutoff) if cutoff is not None else "—",
                     str(data.counts.get(medal, 0))])
    rows.append([words["hm"], "", str(data.counts.get("hm", 0))])
    rows.append([words["none"], "", str(data.counts.get("none", 0))])
    rows.append([words["all"], "", str(len(data.totals))])
    y = _table(canvas, y, [words["award"], words["cutoff"], words["count"]], rows,
               [CONTENT_W * 0.5, CONTENT_W * 0.25, CONTENT_W * 0.25], bold_last=True)
    rule = words["jury"] if data.policy == "jury" else POLICY_NAMES.get(data.policy,
                                                                         data.policy)
    canvas.setFillColor(GREY)
    draw_left_fit(canvas, f"{words['rule']}: {rule} · {words['maximum']} "
                  f"{format_number(data.max_total)}", MARGIN, y - 6 * mm, font=SANS, size=9,
                  max_width=CONTENT_W)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _round_rows(lang: str, data: EventRounds) -> list[list[str]]:
    rows = []
    for r in data.rounds:
        scores = list(r.scores)
        rows.append([round_label(lang, r.number), str(len(scores)),
                     *(format_number(round(f(scores), 1)) if scores else "—"
                       for f in (fmean, median, max))])
    return rows


def event_scores_report_pdf(venue, lang: str, progress: Progress | None = None) -> bytes:
    """A4 portrait: page 1 the scores by round (chart and a table), then each team's
    chart, two teams a page, by team number. ``progress(done, total)`` counts charts."""
    words = _words(lang)
    rounds = event_rounds(venue)
    teams = all_team_scores(venue)
    total = 1 + len(teams)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4_PORTRAIT, title=f"{rounds.event} — {words['by_round']}")
    subtitle = words["robot_rounds"] if rounds.kind == "fll" else words["qualification"]
    y = _header(canvas, "", rounds.event, f"{words['by_round']} ({subtitle})")
    draw_chart(canvas, event_rounds_png(rounds, lang, titled=False), MARGIN, y - CHART_H,
               CONTENT_W, CHART_H)
    y -= CHART_H + 8 * mm
    _table(canvas, y, [words["round"], words["scores"], words["mean"], words["median"],
                       words["best"]], _round_rows(lang, rounds),
           [CONTENT_W * 0.32] + [CONTENT_W * 0.17] * 4)
    canvas.showPage()
    if progress is not None:
        progress(1, total)

    slot_h = (PH - 2 * MARGIN) / 2
    for i, team in enumerate(teams):
        top = PH - MARGIN - (i % 2) * slot_h
        canvas.setFillColor(BLACK)
        draw_left_fit(canvas, team_title(lang, team), MARGIN, top - 14, font=SANS_BOLD,
                      size=14, max_width=CONTENT_W * 0.75)
        if team.rank is not None:
            canvas.setFillColor(GREY)
            canvas.setFont(SANS, 11)
            canvas.drawRightString(PW - MARGIN, top - 14, f"{words['rank']}: {team.rank}")
        canvas.setStrokeColor(LIGHT_GREY)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 20, PW - MARGIN, top - 20)
        draw_chart(canvas, team_scores_png(team, lang, titled=False), MARGIN,
                   top - 24 - CHART_H, CONTENT_W, CHART_H)
        if i % 2 == 1 or i == len(teams) - 1:
            canvas.showPage()
        if progress is not None:
            progress(i + 2, total)
    canvas.save()
    return buffer.getvalue()


__all__ = [
    "DPI",
    "HEIGHT_PX",
    "WIDTH_PX",
    "ChartError",
    "EventRounds",
    "MatchScore",
    "RoundScores",
    "SubjectDistribution",
    "TeamScores",
    "all_team_scores",
    "cutoff_label",
    "distribution_png",
    "draw_chart",
    "event_rounds",
    "event_rounds_png",
    "event_scores_report_pdf",
    "olympiad_subject_report_pdf",
    "round_label",
    "subject_distribution",
    "team_scores",
    "team_scores_png",
    "team_title",
]
