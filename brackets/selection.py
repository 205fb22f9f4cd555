"""Alliance selection, event-sourced: the board is replayed from the ranking and a list of actions.

Nothing is stored but the actions, so undo is dropping the last one and a board shown on any
screen can always be rebuilt from the ranking, the rules and the action log.

Rules (FIRST practice; FTC's declined-team rule for both programs):

- Captains come in rank order. Alliance i's captain is fixed when its turn comes up in round 1:
  it is the highest-ranked team not already on an alliance and not declined. Until then the
  board shows the *tentative* captain, the team that would be fixed if nothing changed.
- A captain may invite any available team, including a lower alliance's tentative captain; on
  accept that team joins and the tentative captains below move up.
- A team that declines can't be picked afterwards nor become a captain (if it was a tentative
  captain it loses that too); the same captain invites again.
- Round 1 runs alliance 1..N. Later rounds alternate direction when ``serpentine`` (round 2
  N..1, round 3 1..N, ...), else always run 1..N.
- When no eligible team is left for a pick the selection ends with what there is, so small
  events may end with short (or, after many declines, empty) alliances.
- When done, ``backups`` = the next ``rules.backups`` eligible teams in rank order.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Action",
    "SelectionError",
    "SelectionRules",
    "SelectionState",
    "apply",
    "selection_state",
    "undo",
]

INVITE = "invite"
ACCEPT = "accept"
DECLINE = "decline"
_KINDS = (INVITE, ACCEPT, DECLINE)


class SelectionError(ValueError):
    """An invalid ranking, rules or action. ``index`` is the 0-based position of the offending
    action in the action list, or None when the ranking itself is at fault."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message if index is None else f"action {index}: {message}")
        self.index = index
        self.reason = message


@dataclass(frozen=True)
class SelectionRules:
    """How many alliances, how many picks each, backups, and the order of later pick rounds."""

    alliances: int
    picks: int = 1
    backups: int = 0
    serpentine: bool = True

    def __post_init__(self) -> None:
        if self.alliances < 2:
            raise ValueError(f"alliances must be at least 2, got {self.alliances}")
        if self.picks < 1:
            raise ValueError(f"picks must be at least 1, got {self.picks}")
        if self.backups < 0:
            raise ValueError(f"backups must not be negative, got {self.backups}")

    @staticmethod
    def ftc_default(team_count: int) -> SelectionRules:
        """FTC convention: up to 10 teams 2 alliances, up to 20 4, up to 40 6, more 8; 1 pick."""
        if team_count <= 10:
            alliances = 2
        elif team_count <= 20:
            alliances = 4
        elif team_count <= 40:
            alliances = 6
        else:
            alliances = 8
        return SelectionRules(alliances=alliances, picks=1)


@dataclass(frozen=True)
class Action:
    """One step of the selection: ``invite`` (``team`` = the invited team), ``accept`` or
    ``decline`` (both answer the pending invite; ``team`` may repeat the invited team as a
    check that the answer is for the invite the operator meant)."""

    kind: str
    team: Hashable | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "team": self.team}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Action:
        return Action(kind=data["kind"], team=data.get("team"))


@dataclass(frozen=True)
class SelectionState:
    """The board after replaying ``history``.

    ``alliances[i]`` is alliance i+1 as (captain, pick 1, pick 2, ...); for an alliance whose
    captain is not fixed yet it is (tentative captain,), or () when no team is left for it.
    ``turn`` is the 0-based alliance whose captain invites now (None when done), ``round`` the
    1-based pick round (0 when done). ``available`` are the teams the captain may invite, in
    rank order (a pending invitee stays in it until it answers); once done it holds the teams
    left over after the backups. ``declined`` teams can't be picked nor become captains.
    """

    alliances: tuple[tuple[Hashable, ...], ...]
    turn: int | None
    round: int
    pending: Hashable | None
    declined: frozenset
    available: tuple
    backups: tuple
    done: bool
    history: tuple[Action, ...]

    @property
    def captain(self) -> Hashable | None:
        """The captain who invites now, None when done."""
        if self.turn is None:
            return None
        return self.alliances[self.turn][0]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``declined`` lists the teams in the order they declined."""
        declined = []
        invited = None
        for action in self.history:
            if action.kind == INVITE:
                invited = action.team
            elif action.kind == DECLINE:
                declined.append(invited)
        return {
            "alliances": [list(a) for a in self.alliances],
            "turn": self.turn,
            "round": self.round,
            "pending": self.pending,
            "captain": self.captain,
            "declined": declined,
            "available": list(self.available),
            "backups": list(self.backups),
            "done": self.done,
            "history": [a.to_dict() for a in self.history],
        }


class _Board:
    """The mutable replay; ``selection_state`` freezes it into a SelectionState."""

    def __init__(self, ranking: Sequence[Hashable], rules: SelectionRules) -> None:
        self.ranking = list(ranking)
        seen: set = set()
        for team in self.ranking:
            if team in seen:
                raise SelectionError(f"team {team!r} appears twice in the ranking")
            seen.add(team)
        if len(self.ranking) < rules.alliances:
            raise SelectionError(
                f"{len(self.ranking)} teams cannot fill {rules.alliances} alliances"
            )
        self.teams = seen
        self.rules = rules
        self.members: list[list[Hashable]] = [[] for _ in range(rules.alliances)]
        self.alliance_of: dict[Hashable, int] = {}
        self.declined: set = set()
        self.pending: Hashable | None = None
        self.round = 1
        self.position = -1  # index into the current round's alliance order
        self.turn: int | None = None
        self.done = False
        self._next_turn()

    def eligible(self) -> list[Hashable]:
        """Teams on no alliance and not declined, in rank order."""
        return [t for t in self.ranking if t not in self.alliance_of and t not in self.declined]

    def _order(self, round_: int) -> range:
        n = self.rules.alliances
        if round_ > 1 and self.rules.serpentine and round_ % 2 == 0:
            return range(n - 1, -1, -1)
        return range(n)

    def _join(self, team: Hashable, alliance: int) -> None:
        self.members[alliance].append(team)
        self.alliance_of[team] = alliance

    def _finish(self) -> None:
        self.done = True
        self.turn = None
        self.round = 0

    def _next_turn(self) -> None:
        """Move to the next captain, fixing a round-1 captain as its turn comes up."""
        self.position += 1
        if self.position >= self.rules.alliances:
            self.round += 1
            self.position = 0
        if self.round > self.rules.picks:
            self._finish()
            return
        alliance = self._order(self.round)[self.position]
        if not self.members[alliance]:
            pool = self.eligible()
            if not pool:
                self._finish()
                return
            self._join(pool[0], alliance)
        self.turn = alliance
        self._finish_if_stuck()

    def _finish_if_stuck(self) -> None:
        # Nobody left to invite: later captains could not be fixed or pick either.
        if not self.eligible():
            self._finish()

    def play(self, index: int, action: Action) -> None:
        if not isinstance(action, Action):
            raise SelectionError(f"{action!r} is not an Action", index)
        if action.kind not in _KINDS:
            raise SelectionError(
                f"unknown action kind {action.kind!r} (expected one of {', '.join(_KINDS)})",
                index,
            )
        if self.done:
            raise SelectionError("selection is finished", index)
        if action.kind == INVITE:
            self._invite(index, action.team)
            return
        if self.pending is None:
            raise SelectionError(f"no invite to {action.kind}", index)
        if action.team is not None and action.team != self.pending:
            raise SelectionError(
                f"team {action.team!r} was not invited; the invite is to team {self.pending!r}",
                index,
            )
        team, self.pending = self.pending, None
        if action.kind == ACCEPT:
            self._join(team, self.turn)
            self._next_turn()
        else:
            self.declined.add(team)
            self._finish_if_stuck()

    def _invite(self, index: int, team: Hashable | None) -> None:
        if team is None:
            raise SelectionError("an invite needs a team", index)
        if self.pending is not None:
            raise SelectionError(f"team {self.pending!r} has not answered its invite yet", index)
        if team not in self.teams:
            raise SelectionError(f"team {team!r} is not in the ranking", index)
        if team in self.alliance_of:
            alliance = self.alliance_of[team]
            if alliance == self.turn and self.members[alliance][0] == team:
                raise SelectionError("a captain cannot invite itself", index)
            raise SelectionError(f"team {team!r} is already on alliance {alliance + 1}", index)
        if team in self.declined:
            raise SelectionError(f"team {team!r} declined earlier and cannot be picked", index)
        self.pending = team

    def freeze(self, history: tuple[Action, ...]) -> SelectionState:
        left = iter(self.eligible())
        alliances = []
        for members in self.members:
            if members:
                alliances.append(tuple(members))
            else:
                tentative = next(left, None)
                alliances.append(() if tentative is None else (tentative,))
        backups: tuple = ()
        available = tuple(self.eligible())
        if self.done:
            backups = available[: self.rules.backups]
            available = available[self.rules.backups :]
        return SelectionState(
            alliances=tuple(alliances),
            turn=self.turn,
            round=self.round,
            pending=self.pending,
            declined=frozenset(self.declined),
            available=available,
            backups=backups,
            done=self.done,
            history=history,
        )


def selection_state(
    ranking: Sequence[Hashable], rules: SelectionRules, actions: Sequence[Action] = ()
) -> SelectionState:
    """Replay ``actions`` on the ranked team list (best first) and return the board.

    Raises ``SelectionError`` (a ValueError) for a ranking with duplicates or fewer teams than
    alliances, or for the first invalid action, naming its 0-based index and the reason.
    """
    board = _Board(ranking, rules)
    for index, action in enumerate(actions):
        board.play(index, action)
    return board.freeze(tuple(actions))


def apply(
    ranking: Sequence[Hashable],
    rules: SelectionRules,
    actions: Sequence[Action],
    action: Action,
) -> tuple[list[Action], SelectionState]:
    """Validate ``action`` against the board and return (the new action list, the new board).

    ``actions`` itself is not modified; an invalid action raises ``SelectionError``.
    """
    new_actions = [*actions, action]
    return new_actions, selection_state(ranking, rules, new_actions)


def undo(actions: Sequence[Action]) -> list[Action]:
    """The action list without its last action: undoing an accept or decline re-opens the
    invite, undoing an invite withdraws it. Raises ``SelectionError`` when there is none."""
    if not actions:
        raise SelectionError("nothing to undo")
    return list(actions[:-1])
