"""Finding, reading and schema-checking season files under scoring/seasons/."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import SeasonFileError
from .season import LANGS, Choice, Field, Ranking, RankKey, Season, Timing, Titles

SEASONS_DIR = Path(__file__).parent / "seasons"

_SEASON_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_KINDS = ("bool", "count", "choice")
_CREDITS = ("self", "opponent")
_GAMES = ("alliance", "team")
_AGGS = ("mean", "max")


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
                             "fields", "ranking"}, frozenset({"playoff"}))
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
        return Season(id=season_id, title=title, game=game, alliance_size=alliance_size,
                      timing=timing, periods=periods, parts=parts, fields=fields,
                      ranking=self.ranking(doc["ranking"], part_ids),
                      playoff_tiebreakers=self.playoff(doc.get("playoff", {}), part_ids))

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
        self.table(value, key, {"id", "kind", "period", "part", "title"},
                   frozenset({"min", "max", "points", "choices", "robot", "hint", "credit"}))
        kind = self.one_of(value["kind"], f"{key}.kind", _KINDS)
        needs = {"count": {"min", "max", "points"}, "bool": {"points"}, "choice": {"choices"}}[kind]
        for name in ("min", "max", "points", "choices"):
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
        return Field(
            id=field_id,
            kind=kind,
            min=lo,
            max=hi,
            points=points,
            choices=choices,
            period=self.one_of(value["period"], f"{key}.period", periods),
            robot=robot,
            part=self.one_of(value["part"], f"{key}.part", parts),
            title=self.titles(value["title"], f"{key}.title"),
            default=default,
            hint=self.titles(value["hint"], f"{key}.hint") if "hint" in value else None,
            credit=self.one_of(value.get("credit", "self"), f"{key}.credit", _CREDITS),
        )

    def choice(self, value: Any, key: str) -> Choice:
        self.table(value, key, {"id", "points", "title"})
        return Choice(
            id=self.text(value["id"], f"{key}.id", _NAME),
            points=self.integer(value["points"], f"{key}.points"),
            title=self.titles(value["title"], f"{key}.title"),
        )

    def ranking(self, value: Any, parts: list[str]) -> Ranking:
        self.table(value, "ranking", {"rp", "win", "tie", "loss", "title", "keys"})
        rp = self.one_of(value["rp"], "ranking.rp", ("record",))
        record = {k: self.integer(value[k], f"ranking.{k}") for k in ("win", "tie", "loss")}
        title = self.titles(value["title"], "ranking.title")
        keys = []
        for i, entry in enumerate(self.entries(value["keys"], "ranking.keys")):
            where = f"ranking.keys[{i}]"
            self.table(entry, where, {"id", "of", "agg", "title"})
            keys.append(RankKey(
                id=self.text(entry["id"], f"{where}.id", _NAME),
                of=self.one_of(entry["of"], f"{where}.of", ["total", "np_total", *parts]),
                agg=self.one_of(entry["agg"], f"{where}.agg", _AGGS),
                title=self.titles(entry["title"], f"{where}.title"),
            ))
        self.ids_unique([k.id for k in keys], "ranking.keys")
        return Ranking(rp=rp, title=title, keys=tuple(keys), **record)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
