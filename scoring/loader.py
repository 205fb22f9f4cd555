"""Finding, reading and schema-checking season files under scoring/seasons/."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import SeasonFileError
from .judging import BASES, Area, Award, Judging, RubricRow
from .season import (
    LANGS,
    Case,
    Choice,
    Constraint,
    Field,
    Ranking,
    RankKey,
    Season,
    Timing,
    Titles,
)

SEASONS_DIR = Path(__file__).parent / "seasons"

_SEASON_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_KINDS = ("bool", "count", "choice", "computed")
_CREDITS = ("self", "opponent")
_GAMES = ("alliance", "team")
_AGGS = ("mean", "max")
_RPS = ("record", "best")
_AREAS = ("innovation_project", "robot_design", "core_values")
_FIELD_OPTIONAL = frozenset({"part", "min", "max", "points", "choices", "robot", "hint", "credit",
                             "default", "scored", "cases"})
_GP_AREA = "core_values"  # the one area that also takes the robot-table GP scores


def available_seasons() -> list[str]:
    """Ids of the season files shipped in scoring/seasons/, sorted."""
    return sorted(p.stem for p in SEASONS_DIR.glob("*.toml"))


@functools.cache
def load_season(season_id: str) -> Season:
    """Load a shipped season by id (cached). Raises LookupError for an unknown id and
    SeasonFileError if the file breaks the schema."""
    if season_id not in available_seasons():
        raise LookupError(
            f"unknown season {season_id!r}; available: {', '.join(available_seasons())}"
        )
    return load_season_file(SEASONS_DIR / f"{season_id}.toml")


def load_season_file(path: str | Path) -> Season:
    """Read and validate any season file (not cached). The file's ``id`` must equal its
    name without ".toml". Raises SeasonFileError naming the file and the offending key."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
    except OSError as exc:
        raise SeasonFileError(str(path), "", f"cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SeasonFileError(str(path), "", f"not valid TOML: {exc}") from exc
    return _Reader(str(path)).season(doc, path.stem)


class _Reader:
    """Builds a Season from parsed TOML, failing on the first schema violation."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> SeasonFileError:
        return SeasonFileError(self.path, key, message)

    def table(
        self, value: Any, key: str, required: set[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        for name in value:
            if name not in required | optional:
                raise self.fail(_join(key, name), "unknown key")
        for name in sorted(required):
            if name not in value:
                raise self.fail(_join(key, name), "missing")
        return value

    def integer(self, value: Any, key: str, minimum: int | None = None) -> int:
        if type(value) is not int:
            raise self.fail(key, f"must be an integer, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        return value

    def text(self, value: Any, key: str, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {value!r}")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key, f"{value!r} must match {pattern.pattern}")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {value!r}")
        return value

    def one_of(self, value: Any, key: str, allowed: tuple[str, ...] | list[str]) -> str:
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def titles(self, value: Any, key: str) -> Titles:
        self.table(value, key, set(LANGS))
        return {lang: self.text(value[lang], f"{key}.{lang}") for lang in LANGS}

    def entries(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty array")
        return value

    def ids_unique(self, ids: list[str], key: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                raise self.fail(f"{key}[{i}].id", f"duplicate id {ident!r}")
            seen.add(ident)

    def named_list(self, value: Any, key: str) -> list[tuple[str, Titles]]:
        out = []
        for i, entry in enumerate(self.entries(value, key)):
            where = f"{key}[{i}]"
            self.table(entry, where, {"id", "title"})
            out.append((self.text(entry["id"], f"{where}.id", _NAME),
                        self.titles(entry["title"], f"{where}.title")))
        self.ids_unique([ident for ident, _ in out], key)
        return out

    def season(self, doc: dict[str, Any], stem: str) -> Season:
        self.table(doc, "", {"id", "title", "game", "alliance_size", "timing", "periods", "parts",
                             "fields", "ranking"}, frozenset({"playoff", "constraints", "judging"}))
        season_id = self.text(doc["id"], "id", _SEASON_ID)
        if season_id != stem:
            raise self.fail("id", f"{season_id!r} must equal the file name {stem!r}")
        title = self.titles(doc["title"], "title")
        game = self.one_of(doc["game"], "game", _GAMES)
        alliance_size = self.integer(doc["alliance_size"], "alliance_size", 1)
        timing = self.timing(doc["timing"])
        periods = self.named_list(doc["periods"], "periods")
        parts = self.named_list(doc["parts"], "parts")
        period_ids, part_ids = [p for p, _ in periods], [p for p, _ in parts]
        entries = self.entries(doc["fields"], "fields")
        fields = [self.field(entry, f"fields[{i}]", period_ids, part_ids, alliance_size)
                  for i, entry in enumerate(entries)]
        self.ids_unique([f.id for f in fields], "fields")
        by_id = {f.id: f for f in fields}
        for f in fields:
            for i, case in enumerate(f.cases or ()):
                self.case_condition(case, f"fields[{f.id}].cases[{i}].when", by_id)
        constraints = []
        if "constraints" in doc:
            raw = self.entries(doc["constraints"], "constraints")
            constraints = [self.constraint(c, f"constraints[{i}]", by_id)
                           for i, c in enumerate(raw)]
            self.ids_unique([c.id for c in constraints], "constraints")
        judging = None
        if "judging" in doc:
            if game != "team":
                raise self.fail("judging", "only allowed for a team game")
            judging = self.judging(doc["judging"])
        return Season(id=season_id, title=title, game=game, alliance_size=alliance_size,
                      timing=timing, periods=periods, parts=parts, fields=fields,
                      ranking=self.ranking(doc["ranking"], part_ids),
                      playoff_tiebreakers=self.playoff(doc.get("playoff", {}), part_ids),
                      constraints=constraints, judging=judging)

    def playoff(self, value: Any, parts: list[str]) -> tuple[str, ...]:
        """``[playoff] tiebreakers``: figures compared in order when a playoff match is tied."""
        self.table(value, "playoff", set(), frozenset({"tiebreakers"}))
        known = ["total", "np_total", *parts]
        out = []
        given = value.get("tiebreakers")
        for i, of in enumerate(self.entries(given, "playoff.tiebreakers") if given else []):
            out.append(self.one_of(of, f"playoff.tiebreakers[{i}]", known))
        return tuple(out)

    def timing(self, value: Any) -> Timing:
        """Either ``auto, transition, teleop, endgame`` (FTC) or ``match`` with an optional
        ``endgame`` cue (FLL)."""
        if isinstance(value, dict) and "match" in value:
            self.table(value, "timing", {"match"}, frozenset({"endgame"}))
            t = Timing(match=self.integer(value["match"], "timing.match", 1),
                       endgame=self.integer(value.get("endgame", 0), "timing.endgame", 0))
            if t.endgame > t.match:
                raise self.fail("timing.endgame", "must not be longer than timing.match")
            return t
        self.table(value, "timing", {"auto", "transition", "teleop", "endgame"})
        t = Timing(**{k: self.integer(value[k], f"timing.{k}", 0) for k in value})
        if t.endgame > t.teleop:
            raise self.fail("timing.endgame", "must not be longer than timing.teleop")
        return t

    def field(
        self, value: Any, key: str, periods: list[str], parts: list[str], alliance_size: int
    ) -> Field:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        field_id = self.text(value.get("id"), f"{key}.id", _NAME)
        key = f"fields[{field_id}]"  # from here on, errors name the field by its id
        self.table(value, key, {"id", "kind", "period", "title"}, _FIELD_OPTIONAL)
        kind = self.one_of(value["kind"], f"{key}.kind", _KINDS)
        scored = self.boolean(value.get("scored", True), f"{key}.scored")
        if scored and "part" not in value:
            raise self.fail(f"{key}.part", "missing (required unless scored = false)")
        if kind == "computed":
            for name in sorted(_FIELD_OPTIONAL - {"part", "hint", "cases"}):
                if name in value:
                    raise self.fail(f"{key}.{name}", "not allowed for a computed field")
            if "cases" not in value:
                raise self.fail(f"{key}.cases", "missing (required for a computed field)")
            return Field(
                id=field_id, kind=kind, min=None, max=None, points=None, choices=None,
                period=self.one_of(value["period"], f"{key}.period", periods), robot=None,
                part=self.one_of(value["part"], f"{key}.part", parts),
                title=self.titles(value["title"], f"{key}.title"), default=None,
                hint=self.titles(value["hint"], f"{key}.hint") if "hint" in value else None,
                cases=tuple(self.case(c, f"{key}.cases[{i}]")
                            for i, c in enumerate(self.entries(value["cases"], f"{key}.cases"))),
            )
        needs = {"count": {"min", "max", "points"}, "bool": {"points"}, "choice": {"choices"}}[kind]
        for name in ("min", "max", "points", "choices", "cases"):
            if name in needs and name not in value:
                raise self.fail(f"{key}.{name}", f"missing (required for a {kind} input)")
            if name not in needs and name in value:
                raise self.fail(f"{key}.{name}", f"not allowed for a {kind} input")
        lo = hi = points = choices = None
        default: bool | int | str = False
        if kind == "count":
            lo = default = self.integer(value["min"], f"{key}.min", 0)
            hi = self.integer(value["max"], f"{key}.max", lo)
        if kind == "choice":
            entries = self.entries(value["choices"], f"{key}.choices")
            choices = tuple(self.choice(c, f"{key}.choices[{i}]") for i, c in enumerate(entries))
            self.ids_unique([c.id for c in choices], f"{key}.choices")
            default = choices[0].id
        else:
            points = self.integer(value["points"], f"{key}.points")
        robot = None
        if "robot" in value:
            robot = self.integer(value["robot"], f"{key}.robot", 1)
            if robot > alliance_size:
                raise self.fail(f"{key}.robot", f"must be at most alliance_size {alliance_size}")
        out = Field(
            id=field_id,
            kind=kind,
            min=lo,
            max=hi,
            points=points,
            choices=choices,
            period=self.one_of(value["period"], f"{key}.period", periods),
            robot=robot,
            part=self.one_of(value["part"], f"{key}.part", parts) if "part" in value else None,
            title=self.titles(value["title"], f"{key}.title"),
            default=default,
            hint=self.titles(value["hint"], f"{key}.hint") if "hint" in value else None,
            credit=self.one_of(value.get("credit", "self"), f"{key}.credit", _CREDITS),
            scored=scored,
        )
        if "default" in value:
            problem = out.problem(value["default"])
            if problem:
                raise self.fail(f"{key}.default", problem)
            out = dataclasses.replace(out, default=value["default"])
        return out

    def case(self, value: Any, key: str) -> Case:
        """A computed field's case, checked for shape only; ``case_condition`` checks names
        and values once every field is known."""
        self.table(value, key, {"when", "points"})
        when = value["when"]
        if not isinstance(when, dict) or not when:
            raise self.fail(f"{key}.when", "must be a non-empty table of field = value")
        return Case(when=dict(when), points=self.integer(value["points"], f"{key}.points"))

    def case_condition(self, case: Case, key: str, fields: dict[str, Field]) -> None:
        for name, wanted in case.when.items():
            where = f"{key}.{name}"
            target = fields.get(name)
            if target is None:
                raise self.fail(where, "unknown field")
            if not target.is_input:
                raise self.fail(where, "must name an input, not a computed field")
            if target.kind == "bool" and type(wanted) is int and wanted in (0, 1):
                continue  # a yes/no may be written as 0 or 1
            problem = target.problem(wanted)
            if problem:
                raise self.fail(where, problem)

    def constraint(self, value: Any, key: str, fields: dict[str, Field]) -> Constraint:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        constraint_id = self.text(value.get("id"), f"{key}.id", _NAME)
        key = f"constraints[{constraint_id}]"
        self.table(value, key, {"id", "terms", "message"}, frozenset({"min", "max"}))
        terms = value["terms"]
        if not isinstance(terms, dict) or not terms:
            raise self.fail(f"{key}.terms", "must be a non-empty table of field = coefficient")
        for name, coefficient in terms.items():
            where = f"{key}.terms.{name}"
            target = fields.get(name)
            if target is None:
                raise self.fail(where, "unknown field")
            if target.kind not in ("bool", "count"):
                raise self.fail(where, f"must be a bool or count input, not a {target.kind} field")
            if self.integer(coefficient, where) == 0:
                raise self.fail(where, "coefficient must not be 0")
        if "min" not in value and "max" not in value:
            raise self.fail(f"{key}.min", "missing (a constraint needs min, max or both)")
        lo = self.integer(value["min"], f"{key}.min") if "min" in value else None
        hi = self.integer(value["max"], f"{key}.max") if "max" in value else None
        if lo is not None and hi is not None and hi < lo:
            raise self.fail(f"{key}.max", f"must be at least min {lo}, got {hi}")
        return Constraint(id=constraint_id, terms=tuple(terms.items()), min=lo, max=hi,
                          message=self.titles(value["message"], f"{key}.message"))

    def choice(self, value: Any, key: str) -> Choice:
        self.table(value, key, {"id", "points", "title"})
        return Choice(
            id=self.text(value["id"], f"{key}.id", _NAME),
            points=self.integer(value["points"], f"{key}.points"),
            title=self.titles(value["title"], f"{key}.title"),
        )

    def ranking(self, value: Any, parts: list[str]) -> Ranking:
        """``rp = "record"``: win/tie/loss and a non-empty ``keys``. ``rp = "best"``:
        ranked_rounds and practice_rounds; win/tie/loss optional (0) and ``keys`` optional."""
        rounds = ("ranked_rounds", "practice_rounds")
        if not isinstance(value, dict):
            raise self.fail("ranking", "must be a table")
        self.table(value, "ranking", {"rp"},
                   frozenset({"win", "tie", "loss", "title", "keys", *rounds}))
        rp = self.one_of(value["rp"], "ranking.rp", _RPS)
        if rp == "record":
            for name in rounds:
                if name in value:
                    raise self.fail(f"ranking.{name}", 'not allowed for rp = "record"')
            self.table(value, "ranking", {"rp", "win", "tie", "loss", "title", "keys"})
            counted = {}
        else:
            self.table(value, "ranking", {"rp", "title", *rounds},
                       frozenset({"win", "tie", "loss", "keys"}))
            counted = {"ranked_rounds": self.integer(value["ranked_rounds"],
                                                     "ranking.ranked_rounds", 1),
                       "practice_rounds": self.integer(value["practice_rounds"],
                                                       "ranking.practice_rounds", 0)}
        record = {k: self.integer(value.get(k, 0), f"ranking.{k}") for k in ("win", "tie", "loss")}
        title = self.titles(value["title"], "ranking.title")
        given = value.get("keys", [])
        if rp == "record" or given != []:
            given = self.entries(given, "ranking.keys")
        keys = []
        for i, entry in enumerate(given):
            where = f"ranking.keys[{i}]"
            self.table(entry, where, {"id", "of", "agg", "title"})
            keys.append(RankKey(
                id=self.text(entry["id"], f"{where}.id", _NAME),
                of=self.one_of(entry["of"], f"{where}.of", ["total", "np_total", *parts]),
                agg=self.one_of(entry["agg"], f"{where}.agg", _AGGS),
                title=self.titles(entry["title"], f"{where}.title"),
            ))
        self.ids_unique([k.id for k in keys], "ranking.keys")
        return Ranking(rp=rp, title=title, keys=tuple(keys), **record, **counted)

    def judging(self, value: Any) -> Judging:
        self.table(value, "judging", {"levels", "areas", "rows", "awards"})
        levels = self.named_list(value["levels"], "judging.levels")
        if len(levels) != 4:
            raise self.fail("judging.levels", f"must have exactly 4 levels, got {len(levels)}")
        areas = []
        for i, entry in enumerate(self.entries(value["areas"], "judging.areas")):
            where = f"judging.areas[{i}]"
            self.table(entry, where, {"id", "title"}, frozenset({"include_gp"}))
            area_id = self.one_of(entry["id"], f"{where}.id", _AREAS)
            include_gp = self.boolean(entry.get("include_gp", False), f"{where}.include_gp")
            if include_gp and area_id != _GP_AREA:
                raise self.fail(f"{where}.include_gp", f"only the {_GP_AREA} area takes GP")
            areas.append(Area(id=area_id, title=self.titles(entry["title"], f"{where}.title"),
                              include_gp=include_gp))
        self.ids_unique([a.id for a in areas], "judging.areas")
        area_ids = [a.id for a in areas]
        rows = []
        for i, entry in enumerate(self.entries(value["rows"], "judging.rows")):
            where = f"judging.rows[{i}]"
            self.table(entry, where, {"id", "area", "title", "levels"},
                       frozenset({"core_values"}))
            area = self.one_of(entry["area"], f"{where}.area", area_ids)
            row_levels = entry["levels"]
            if not isinstance(row_levels, list) or len(row_levels) != len(levels):
                raise self.fail(f"{where}.levels",
                                f"must be an array of {len(levels)} titles, one per level")
            core_values = self.boolean(entry.get("core_values", area == _GP_AREA),
                                       f"{where}.core_values")
            if area == _GP_AREA and not core_values:
                raise self.fail(f"{where}.core_values", f"must be true in the {_GP_AREA} area")
            rows.append(RubricRow(
                id=self.text(entry["id"], f"{where}.id", _NAME),
                area=area,
                title=self.titles(entry["title"], f"{where}.title"),
                levels=tuple(self.titles(t, f"{where}.levels[{j}]")
                             for j, t in enumerate(row_levels)),
                core_values=core_values,
            ))
        self.ids_unique([r.id for r in rows], "judging.rows")
        for i, area in enumerate(areas):
            if not any(r.area == area.id for r in rows):
                raise self.fail(f"judging.areas[{i}]", f"area {area.id!r} has no rubric rows")
        awards = []
        for i, entry in enumerate(self.entries(value["awards"], "judging.awards")):
            where = f"judging.awards[{i}]"
            self.table(entry, where, {"id", "title", "basis", "judged", "count"},
                       frozenset({"area"}))
            basis = self.one_of(entry["basis"], f"{where}.basis", BASES)
            if basis == "area" and "area" not in entry:
                raise self.fail(f"{where}.area", 'missing (required for basis = "area")')
            if basis != "area" and "area" in entry:
                raise self.fail(f"{where}.area", 'only allowed for basis = "area"')
            awards.append(Award(
                id=self.text(entry["id"], f"{where}.id", _NAME),
                title=self.titles(entry["title"], f"{where}.title"),
                basis=basis,
                judged=self.boolean(entry["judged"], f"{where}.judged"),
                count=self.integer(entry["count"], f"{where}.count", 0),
                area=self.one_of(entry["area"], f"{where}.area", area_ids)
                if "area" in entry else None,
            ))
        self.ids_unique([a.id for a in awards], "judging.awards")
        return Judging(levels=tuple(levels), areas=tuple(areas), rows=tuple(rows),
                       awards=tuple(awards))


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
