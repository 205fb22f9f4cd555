"""Elimination brackets as data: FIRST's double-elimination tables and generic brackets.

A ``Bracket`` is only the structure: which matches exist, in which round, and where each side
comes from (a seed, or the winner or loser of an earlier match). Results live in
``BracketState`` (``brackets.bracket_state``), which is recomputed from the games played;
it is importable from here as well.

Brackets are built over the next power of two and then *pruned*: a side that can only ever be
empty (a seed above the number of entrants) is a bye, so its match is removed and the other
side moves straight on; the loser of a bye is nobody, so a lower-bracket match fed by it is
removed the same way. With every seed present, every match of a built bracket is played
(an ``if_needed`` reset aside).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .seeding import standard_order

if TYPE_CHECKING:  # at run time these come from __getattr__ below, lazily (no import cycle)
    from .bracket_state import BracketError, BracketState, Game, MatchStatus

__all__ = [
    "Bracket",
    "BracketError",
    "BracketMatch",
    "BracketState",
    "Game",
    "Loser",
    "MatchStatus",
    "Seed",
    "Source",
    "Winner",
    "double_elimination",
    "double_elimination_bracket",
    "single_elimination",
    "standard_order",
]

KINDS = ("double_elimination", "single_elimination")
SECTIONS = ("upper", "lower", "final", "third_place")
FIRST_FINALS = ("two_wins", "best_of_3")
GRAND_FINALS = ("none", "single", "reset")

# Later sections rank higher in placements; a match may only feed one of the same or a
# later tier (the final feeds nothing), which keeps "knocked out later places higher" true.
TIER = {"upper": 1, "lower": 1, "third_place": 2, "final": 3}

# Names that live in bracket_state (which imports this module) and are re-exported lazily.
_STATE_NAMES = ("BracketError", "BracketState", "Game", "MatchStatus")


def __getattr__(name: str) -> Any:
    """``from brackets.elimination import BracketState`` without an import cycle."""
    if name in _STATE_NAMES:
        from . import bracket_state

        return getattr(bracket_state, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Seed:
    """The entrant with seed ``n`` (1 = top seed)."""

    n: int

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"a seed is a whole number from 1, got {self.n!r}")


@dataclass(frozen=True)
class Winner:
    """The winner of bracket match ``match`` (a key)."""

    match: str


@dataclass(frozen=True)
class Loser:
    """The loser of bracket match ``match`` (a key)."""

    match: str


Source = Seed | Winner | Loser


def describe(source: Source) -> str:
    """A source in words, for messages: "seed 3", "the winner of M3", "the loser of M3"."""
    if isinstance(source, Seed):
        return f"seed {source.n}"
    word = "winner" if isinstance(source, Winner) else "loser"
    return f"the {word} of {source.match}"


def source_dict(source: Source) -> dict[str, Any]:
    """JSON form of a source: ``{"seed": 3}``, ``{"winner": "M3"}`` or ``{"loser": "M3"}``."""
    if isinstance(source, Seed):
        return {"seed": source.n}
    return {"winner" if isinstance(source, Winner) else "loser": source.match}


@dataclass(frozen=True)
class BracketMatch:
    """One match (or best-of series) of a bracket.

    ``round`` is the play order: every match of a round can be played before the next round,
    because a match's sources always come from earlier rounds. ``best_of`` makes it a series,
    won by the first side to ``best_of // 2 + 1`` game wins. An ``if_needed`` match repeats
    the sources of the latest earlier match with the same sources (its *reset*: FTC's Final 2,
    a grand-final reset); it is played only if the loser of that match had not lost before,
    so that nobody is out of a double elimination after a single loss. ``number`` is FIRST's
    match number (M5 -> 5), 0 where there is none.
    """

    key: str
    round: int
    section: str
    red: Source
    blue: Source
    best_of: int = 1
    if_needed: bool = False
    number: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; sources as in ``source_dict``."""
        return {
            "key": self.key,
            "round": self.round,
            "section": self.section,
            "red": source_dict(self.red),
            "blue": source_dict(self.blue),
            "best_of": self.best_of,
            "if_needed": self.if_needed,
            "number": self.number,
        }


@dataclass(frozen=True)
class Bracket:
    """A whole bracket: its kind, number of seeds and matches in play order.

    Checked on construction (``ValueError``): unique keys, known sections, rounds in order,
    sources that exist in an earlier round of the same or an earlier section tier, every seed
    1..``entrants`` used exactly once, every winner and loser used at most once (resets
    aside), and a reset for every ``if_needed`` match.
    """

    kind: str
    entrants: int
    matches: tuple[BracketMatch, ...]
    _index: dict = field(init=False, repr=False, compare=False, hash=False, default=None)
    _resets: dict = field(init=False, repr=False, compare=False, hash=False, default=None)
    _feeds: frozenset = field(init=False, repr=False, compare=False, hash=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matches", tuple(self.matches))
        index, resets, feeds = _check_bracket(self)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_resets", resets)
        object.__setattr__(self, "_feeds", feeds)

    def match(self, key: str) -> BracketMatch:
        """The match with this key; ``ValueError`` naming the key if there is none."""
        try:
            return self._index[key]
        except (KeyError, TypeError):
            raise ValueError(f"no match {key!r} in this bracket") from None

    def rounds(self) -> list[list[BracketMatch]]:
        """The matches grouped by round, in play order (rounds without matches left out)."""
        out: list[list[BracketMatch]] = []
        for m in self.matches:
            if out and out[-1][0].round == m.round:
                out[-1].append(m)
            else:
                out.append([m])
        return out

    def reset_of(self, key: str) -> str | None:
        """For an ``if_needed`` match, the key of the match it may reset; else None."""
        self.match(key)
        return self._resets.get(key)

    def feeds_on(self, source: Winner | Loser) -> bool:
        """Whether some match (other than a reset) takes this winner or loser as a side."""
        return source in self._feeds

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for pages: kind, entrants, matches in play order."""
        return {
            "kind": self.kind,
            "entrants": self.entrants,
            "matches": [m.to_dict() for m in self.matches],
        }


def _check_bracket(b: Bracket) -> tuple[dict, dict, frozenset]:
    if b.kind not in KINDS:
        raise ValueError(f"bracket kind must be one of {', '.join(KINDS)}, got {b.kind!r}")
    if isinstance(b.entrants, bool) or not isinstance(b.entrants, int) or b.entrants < 2:
        raise ValueError(f"a bracket needs at least 2 entrants, got {b.entrants!r}")
    if not b.matches:
        raise ValueError("a bracket needs at least one match")
    index: dict[str, BracketMatch] = {}
    resets: dict[str, str] = {}
    used: set = set()
    last_round = 0
    for m in b.matches:
        if not isinstance(m, BracketMatch):
            raise ValueError(f"bracket matches must be BracketMatch, got {m!r}")
        if not isinstance(m.key, str) or not m.key or m.key in index:
            raise ValueError(f"match keys must be unique, non-empty text: {m.key!r}")
        if m.section not in SECTIONS:
            raise ValueError(f"{m.key}: section must be one of {', '.join(SECTIONS)}")
        if isinstance(m.round, bool) or not isinstance(m.round, int) or m.round < last_round:
            raise ValueError(f"{m.key}: rounds must be whole numbers in play order")
        if isinstance(m.best_of, bool) or not isinstance(m.best_of, int) or m.best_of < 1:
            raise ValueError(f"{m.key}: best_of must be at least 1, got {m.best_of!r}")
        last_round = m.round
        if m.red == m.blue:
            raise ValueError(f"{m.key}: both sides are {describe(m.red)}")
        for src in (m.red, m.blue):
            if isinstance(src, Seed):
                if src.n > b.entrants:
                    raise ValueError(f"{m.key}: seed {src.n} but only {b.entrants} entrants")
            elif isinstance(src, (Winner, Loser)):
                feeder = index.get(src.match)
                if feeder is None:
                    raise ValueError(f"{m.key}: {describe(src)} is not an earlier match")
                if feeder.round >= m.round:
                    raise ValueError(f"{m.key}: {describe(src)} is not from an earlier round")
                if TIER[feeder.section] > TIER[m.section]:
                    raise ValueError(f"{m.key}: a {m.section} match cannot take "
                                     f"{describe(src)} ({feeder.section})")
            else:
                raise ValueError(f"{m.key}: a side must be Seed, Winner or Loser, got {src!r}")
        if m.if_needed:
            target = next((x for x in reversed(index.values())
                           if (x.red, x.blue) == (m.red, m.blue)), None)
            if target is None:
                raise ValueError(f"{m.key}: an if_needed match repeats the sides of an "
                                 "earlier match")
            resets[m.key] = target.key
        else:
            for src in (m.red, m.blue):
                if src in used:
                    raise ValueError(f"{m.key}: {describe(src)} is used twice")
                used.add(src)
        index[m.key] = m
    missing = [s for s in range(1, b.entrants + 1) if Seed(s) not in used]
    if missing:
        raise ValueError(f"seeds {missing} never play")
    return index, resets, frozenset(s for s in used if not isinstance(s, Seed))


# -- building -------------------------------------------------------------------------------


@dataclass
class _Proto:
    """A match while a bracket is built: ``id`` is provisional, sources refer to ids."""

    id: str
    round: int
    section: str
    red: Source | None
    blue: Source | None
    best_of: int = 1
    if_needed: bool = False


def _prune(protos: list[_Proto], n: int) -> list[_Proto]:
    """Remove every match that has a side which can only be empty (see the module docstring).

    A seed above ``n`` is empty; a match with one empty side is removed and its winner
    becomes the other side, its loser empty; a match with two empty sides is removed and
    both its winner and loser are empty.
    """
    through: dict[str, tuple[Source | None, Source | None]] = {}

    def resolve(src: Source) -> Source | None:
        if isinstance(src, Seed):
            return src if src.n <= n else None
        win, lose = through[src.match]
        return win if isinstance(src, Winner) else lose

    kept = []
    for p in protos:
        red, blue = resolve(p.red), resolve(p.blue)
        if red is not None and blue is not None:
            kept.append(replace(p, red=red, blue=blue))
            through[p.id] = (Winner(p.id), Loser(p.id))
        elif p.if_needed or (red is None and blue is None):
            through[p.id] = (None, None)
        else:
            through[p.id] = (red if red is not None else blue, None)
    return kept


def _to_bracket(kind: str, n: int, protos: list[_Proto], keys: dict[str, str]) -> Bracket:
    """Turn protos (already in play order) into a Bracket, renaming ids to ``keys``."""

    def rename(src: Source) -> Source:
        if isinstance(src, Seed):
            return src
        return type(src)(keys[src.match])

    matches = []
    for p in protos:
        key = keys[p.id]
        number = int(key[1:]) if key.startswith("M") and key[1:].isdigit() else 0
        matches.append(BracketMatch(key=key, round=p.round, section=p.section,
                                    red=rename(p.red), blue=rename(p.blue), best_of=p.best_of,
                                    if_needed=p.if_needed, number=number))
    return Bracket(kind=kind, entrants=n, matches=tuple(matches))


def _sequential_keys(protos: list[_Proto], fixed: Mapping[str, str] = {}) -> dict[str, str]:
    """M1, M2, ... in play order, except the ids in ``fixed`` (finals keep F, F1, T ...)."""
    keys, count = {}, 0
    for p in protos:
        if p.id in fixed:
            keys[p.id] = fixed[p.id]
        else:
            count += 1
            keys[p.id] = f"M{count}"
    return keys


def _check_count(n: Any, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"{what} must be a whole number, got {n!r}")
    if n < 2:
        raise ValueError(f"{what} must be at least 2, got {n}")
    return n


def _best_of_by_round(best_of: int | Mapping[int, int], last_round: int) -> dict[int, int]:
    """Normalise ``best_of`` (one value, or round -> value with 1 for rounds not given)."""

    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"best_of{where} must be a whole number of games >= 1, "
                             f"got {value!r}")
        return value

    if isinstance(best_of, Mapping):
        out = dict.fromkeys(range(1, last_round + 1), 1)
        for r, value in best_of.items():
            if r not in out or isinstance(r, bool):
                raise ValueError(f"best_of names round {r!r}; this bracket has rounds "
                                 f"1..{last_round}")
            out[r] = check(value, f" of round {r}")
        return out
    value = check(best_of, "")
    return dict.fromkeys(range(1, last_round + 1), value)


def single_elimination(
    n: int,
    *,
    third_place: bool = False,
    best_of: int | Mapping[int, int] = 1,
    final_best_of: int | None = None,
) -> Bracket:
    """Single elimination for ``n`` >= 2 entrants in standard seeding.

    The field is the next power of two, seeded by ``standard_order``; the missing seeds are
    the lowest, so their opponents, the top seeds, get byes (straight into round 2). Matches
    are "M1", "M2", ... in play order, the final "F" (section "final"). ``third_place`` adds
    "T" (section "third_place") between the two semi-final losers, in the final's round and
    before it; with 3 entrants there is one semi-final, and its loser is 3rd without it.
    ``best_of`` is one value or round -> value (1 where not given); ``final_best_of``
    overrides the final's.
    """
    n = _check_count(n, "single elimination entrants")
    size = 1 << (n - 1).bit_length()
    last = size.bit_length() - 1
    per_round = _best_of_by_round(best_of, last)
    if final_best_of is not None:
        per_round_final = _best_of_by_round(final_best_of, last)[last]
    else:
        per_round_final = per_round[last]
    protos: list[_Proto] = []
    sides: list[Source] = [Seed(s) for s in standard_order(size)]
    for r in range(1, last + 1):
        ids = []
        if r == last and third_place and len(sides) == 2 and r > 1:
            protos.append(_Proto("T", r, "third_place", Loser(sides[0].match),
                                 Loser(sides[1].match), per_round[r]))
        for i in range(0, len(sides), 2):
            final = r == last
            pid = "F" if final else f"r{r}.{i // 2}"
            protos.append(_Proto(pid, r, "final" if final else "upper", sides[i], sides[i + 1],
                                 per_round_final if final else per_round[r]))
            ids.append(pid)
        sides = [Winner(pid) for pid in ids]
    kept = _prune(protos, n)
    return _to_bracket("single_elimination", n, kept,
                       _sequential_keys(kept, {"F": "F", "T": "T"}))


def double_elimination_bracket(
    n: int,
    *,
    grand_final: str = "reset",
    best_of: int | Mapping[int, int] = 1,
) -> Bracket:
    """Generic double elimination for ``n`` >= 2 entrants (byes to the top seeds).

    Upper bracket as ``single_elimination``; the lower bracket alternates a round among its
    own winners with a round against the losers dropping from the upper bracket, the
    dropping order reversed or half-swapped every other time so that early rematches are
    rare (for 8 it is FRC's structure). Play rounds: the upper round ``u`` >= 2 is played
    in round ``2u - 2``, lower round ``m`` in round ``m + 1`` (before the upper matches of
    that round), the grand final last. Matches are "M1", "M2", ... in play order.

    ``grand_final``: "reset" — "F1" between the upper and the lower champion, and "F2"
    (``if_needed``) when the upper champion loses F1; "single" — one match "F"; "none" —
    no grand final: the upper-bracket winner is 1st, the lower-bracket winner 2nd.
    ``best_of`` is one value or play round -> value (1 where not given).
    """
    n = _check_count(n, "double elimination entrants")
    if grand_final not in GRAND_FINALS:
        raise ValueError(f"grand_final must be one of {', '.join(GRAND_FINALS)}, "
                         f"got {grand_final!r}")
    size = 1 << (n - 1).bit_length()
    k = size.bit_length() - 1  # upper rounds
    gf_round = 2 * k if k > 1 else 2
    last_round = gf_round + (1 if grand_final == "reset" else 0)
    if grand_final == "none":
        last_round = 2 * k - 1 if k > 1 else 1
    per_round = _best_of_by_round(best_of, last_round)

    upper: list[list[str]] = []
    lower_rounds: list[list[_Proto]] = []
    uppers: list[list[_Proto]] = []
    sides: list[Source] = [Seed(s) for s in standard_order(size)]
    for u in range(1, k + 1):
        play = 1 if u == 1 else 2 * u - 2
        row = [_Proto(f"u{u}.{i // 2}", play, "upper", sides[i], sides[i + 1], per_round[play])
               for i in range(0, len(sides), 2)]
        uppers.append(row)
        upper.append([p.id for p in row])
        sides = [Winner(p.id) for p in row]
    upper_champion: Source = sides[0]

    lower_champion: Source = Loser(upper[0][0])
    if k > 1:
        ids = upper[0]
        carry = [Loser(ids[i]) for i in range(len(ids))]
        for m in range(1, 2 * k - 1):
            play = m + 1
            if m % 2 == 1:  # lower winners (or round-1 losers) among themselves
                pairs = [(carry[i], carry[i + 1]) for i in range(0, len(carry), 2)]
            else:  # lower winners against the losers of upper round m // 2 + 1
                j = m // 2
                drops = [Loser(pid) for pid in upper[j]]
                if j % 2 == 1:
                    drops.reverse()
                elif len(drops) > 1:
                    half = len(drops) // 2
                    drops = drops[half:] + drops[:half]
                pairs = list(zip(drops, carry, strict=True))
            row = [_Proto(f"l{m}.{i}", play, "lower", red, blue, per_round[play])
                   for i, (red, blue) in enumerate(pairs)]
            lower_rounds.append(row)
            carry = [Winner(p.id) for p in row]
        lower_champion = carry[0]

    protos: list[_Proto] = []
    by_round: dict[int, list[_Proto]] = {}
    for row in lower_rounds + uppers:  # lower first within a play round, as FRC
        for p in row:
            by_round.setdefault(p.round, []).append(p)
    for r in sorted(by_round):
        protos.extend(by_round[r])
    fixed: dict[str, str] = {}
    if grand_final == "single":
        protos.append(_Proto("F", gf_round, "final", upper_champion, lower_champion,
                             per_round[gf_round]))
        fixed = {"F": "F"}
    elif grand_final == "reset":
        protos.append(_Proto("F1", gf_round, "final", upper_champion, lower_champion,
                             per_round[gf_round]))
        protos.append(_Proto("F2", gf_round + 1, "final", upper_champion, lower_champion,
                             per_round[gf_round + 1], if_needed=True))
        fixed = {"F1": "F1", "F2": "F2"}
    kept = _prune(protos, n)
    return _to_bracket("double_elimination", n, kept, _sequential_keys(kept, fixed))


# FIRST's tables (brackets.md). Sides are (red, blue) as the tables list them.
_S, _W, _L = Seed, Winner, Loser
_FRC_8 = (
    ("M1", 1, "upper", _S(1), _S(8)),
    ("M2", 1, "upper", _S(4), _S(5)),
    ("M3", 1, "upper", _S(2), _S(7)),
    ("M4", 1, "upper", _S(3), _S(6)),
    ("M5", 2, "lower", _L("M1"), _L("M2")),
    ("M6", 2, "lower", _L("M3"), _L("M4")),
    ("M7", 2, "upper", _W("M1"), _W("M2")),
    ("M8", 2, "upper", _W("M3"), _W("M4")),
    ("M9", 3, "lower", _L("M7"), _W("M6")),
    ("M10", 3, "lower", _L("M8"), _W("M5")),
    ("M11", 4, "upper", _W("M7"), _W("M8")),
    ("M12", 4, "lower", _W("M10"), _W("M9")),
    ("M13", 5, "lower", _L("M11"), _W("M12")),
)
_FTC_4 = (
    ("M1", 1, "upper", _S(1), _S(4)),
    ("M2", 1, "upper", _S(2), _S(3)),
    ("M3", 2, "lower", _L("M1"), _L("M2")),
    ("M4", 2, "upper", _W("M1"), _W("M2")),
    ("M5", 3, "lower", _L("M4"), _W("M3")),
)
_FRC_4 = (
    ("M1", 1, "upper", _S(1), _S(4)),
    ("M2", 1, "upper", _S(2), _S(3)),
    ("M3", 2, "upper", _W("M1"), _W("M2")),
    ("M4", 2, "lower", _L("M1"), _L("M2")),
    ("M5", 3, "lower", _L("M3"), _W("M4")),
)


def double_elimination(n_alliances: int, *, final: str = "two_wins") -> Bracket:
    """FIRST's double-elimination playoffs for 2, 4, 6 or 8 alliances (brackets.md).

    ``final="two_wins"`` (FTC 2024-25): single matches throughout; the final is "F1", then
    "F2" (``if_needed``) only if the alliance that reached the final undefeated (from the
    upper bracket) loses F1 — it needs one win, the other alliance two.
    ``final="best_of_3"`` (FRC 2023): the final "F" is a best-of-3 series, no reset.

    - 2 alliances: a best-of-3 final "F", A1 against A2, whatever ``final`` says.
    - 4: FTC's table for "two_wins" (M3 is the lower match of round 2, M4 the upper one),
      FRC's for "best_of_3" (M3 upper, M4 lower).
    - 8: FRC's table, M1..M13; 3rd is the loser of M13, 4th the loser of M12, the losers of
      M9 and M10 share 5th, those of M5 and M6 7th.
    - 6: the 8-alliance bracket with seeds 7 and 8 absent, so A1 and A2 get byes into the
      upper round 2 and the lower matches those byes would feed disappear as well; what is
      left is renumbered M1..M9 in play order (M9 the lower final, as FTC's naming).

    Raises ``ValueError`` for other counts or an unknown ``final``.
    """
    if final not in FIRST_FINALS:
        raise ValueError(f"final must be one of {', '.join(FIRST_FINALS)}, got {final!r}")
    if type(n_alliances) is not int or n_alliances not in (2, 4, 6, 8):
        raise ValueError("FIRST double elimination is for 2, 4, 6 or 8 alliances, "
                         f"got {n_alliances!r}")
    if n_alliances == 2:
        final_match = BracketMatch("F", 1, "final", Seed(1), Seed(2), best_of=3)
        return Bracket("double_elimination", 2, (final_match,))
    table = _FRC_8 if n_alliances > 4 else (_FTC_4 if final == "two_wins" else _FRC_4)
    protos = [_Proto(key, r, section, red, blue) for key, r, section, red, blue in table]
    last = table[-1]
    upper_final = "M11" if n_alliances > 4 else ("M4" if final == "two_wins" else "M3")
    champions = (Winner(upper_final), Winner(last[0]))
    if final == "two_wins":
        protos.append(_Proto("F1", last[1] + 1, "final", *champions))
        protos.append(_Proto("F2", last[1] + 2, "final", *champions, if_needed=True))
    else:
        protos.append(_Proto("F", last[1] + 1, "final", *champions, best_of=3))
    kept = _prune(protos, n_alliances)
    finals = {p.id: p.id for p in kept if p.section == "final"}
    keys = (_sequential_keys(kept, finals) if n_alliances == 6
            else {p.id: p.id for p in kept})
    return _to_bracket("double_elimination", n_alliances, kept, keys)
