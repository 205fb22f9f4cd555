"""Who receives which team certificate, and the public check behind each one's QR code.

FLL awards come from the judging results (``FllDesk.results``: the season's award list and
its allocation). FTC events have no judging here, so the organiser enters the judged awards'
winners (Inspire, Think, Connect, …); the Winning and Finalist Alliances come from the
playoffs. Every team gets a certificate of participation.

A certificate's verification code is an HMAC of what it says under a secret kept in the
event's settings: nothing is stored per certificate, and a code stops verifying when what it
says stops being true (a winner corrected, the playoffs replayed).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import audit
from .accounts import Actor, require
from .errors import NotFound, ValidationError

if TYPE_CHECKING:
    from .venue import Venue

# FTC's awards (FIRST Tech Challenge game manual, section on awards) that judges decide, with
# the places an event usually gives. The Winning and Finalist Alliance awards follow.
FTC_JUDGED_AWARDS: tuple[tuple[str, dict[str, str], int], ...] = (
    ("inspire", {"en": "Inspire Award", "ru": "Награда «Inspire»",
                 "kk": "«Inspire» сыйлығы"}, 3),
    ("think", {"en": "Think Award", "ru": "Награда «Think»", "kk": "«Think» сыйлығы"}, 3),
    ("connect", {"en": "Connect Award", "ru": "Награда «Connect»",
                 "kk": "«Connect» сыйлығы"}, 3),
    ("innovate", {"en": "Innovate Award", "ru": "Награда «Innovate»",
                  "kk": "«Innovate» сыйлығы"}, 3),
    ("control", {"en": "Control Award", "ru": "Награда «Control»",
                 "kk": "«Control» сыйлығы"}, 3),
    ("motivate", {"en": "Motivate Award", "ru": "Награда «Motivate»",
                  "kk": "«Motivate» сыйлығы"}, 3),
    ("design", {"en": "Design Award", "ru": "Награда «Design»", "kk": "«Design» сыйлығы"}, 3),
    ("judges_choice", {"en": "Judges' Choice Award", "ru": "Приз жюри",
                       "kk": "Төрешілер таңдауы сыйлығы"}, 3),
)
WINNING = ("winning_alliance", {"en": "Winning Alliance Award",
                                "ru": "Награда альянсу-победителю",
                                "kk": "Жеңімпаз альянс сыйлығы"})
FINALIST = ("finalist_alliance", {"en": "Finalist Alliance Award",
                                  "ru": "Награда альянсу-финалисту",
                                  "kk": "Финалист альянс сыйлығы"})
PARTICIPATION = {"en": "Certificate of Participation", "ru": "Сертификат участника",
                 "kk": "Қатысушы сертификаты"}
KINDS = ("all", "awards", "participation")


class AwardDesk:
    """Team awards and certificates for the event's FTC or FLL game."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue

    # -- FTC judged awards ---------------------------------------------------------------------
    def ftc_awards(self) -> list[dict[str, Any]]:
        """The judged awards with their places and the winners entered so far; none where
        the server runs no FTC event (FLL awards come from judging)."""
        if not self.venue.has_event() or self.venue.season().judging is not None:
            return []
        entered = self._entered()
        return [{"id": award, "titles": titles, "places": places,
                 "winners": list(entered.get(award, []))}
                for award, titles, places in FTC_JUDGED_AWARDS]

    def set_ftc_awards(self, actor: Actor, winners: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Replace the winners of the awards named in ``winners`` (award id → team numbers,
        first place first). Every number must be a registered team, at most once per award."""
        require(actor, "event.admin")
        known = {award: places for award, _, places in FTC_JUDGED_AWARDS}
        if not isinstance(winners, Mapping):
            raise ValidationError([("winners", "expected award ids with lists of team numbers")])
        with self.venue.db.session() as session:
            event = self.venue._event(session)
            if self.venue.season().judging is not None:
                raise ValidationError([("event", "judged awards are entered here for FTC "
                                                 "events; FLL awards come from judging")])
            teams = {t.number for t in event.teams}
            problems: list[tuple[str, str]] = []
            clean: dict[str, list[int]] = {}
            for award, numbers in winners.items():
                if award not in known:
                    problems.append((str(award), "unknown award"))
                    continue
                if not isinstance(numbers, list | tuple):
                    problems.append((award, "expected a list of team numbers"))
                    continue
                got: list[int] = []
                for place, raw in enumerate(numbers, 1):
                    try:
                        number = int(str(raw).strip())
                    except ValueError:
                        problems.append((f"{award} place {place}", f"{raw!r} is not a number"))
                        continue
                    if number not in teams:
                        problems.append((f"{award} place {place}",
                                         f"team {number} is not registered"))
                    elif number in got:
                        problems.append((f"{award} place {place}",
                                         f"team {number} already has a place"))
                    else:
                        got.append(number)
                if len(got) > known[award]:
                    problems.append((award, f"at most {known[award]} places"))
                clean[award] = got
            if problems:
                raise ValidationError(problems)
            settings = dict(event.settings or {})
            before = dict(settings.get("ftc_awards", {}))
            settings["ftc_awards"] = {**before, **clean}
            event.settings = settings
            audit.record(session, actor, "awards.set", "FTC judged awards", before=before,
                         after=settings["ftc_awards"], event_id=event.id)
        return self.ftc_awards()

    # -- certificates --------------------------------------------------------------------------
    def certificates(self, kind: str = "all") -> dict[str, Any]:
        """What each team certificate says, in print order (awards from the most important,
        first place first, then participation by team number): team, award id and titles
        (kk/ru/en), place (None for participation) and the verification code."""
        if kind not in KINDS:
            raise ValidationError([("kind", "all, awards or participation")])
        v = self.venue
        with v.db.session() as session:
            event = v._event(session)
            info = {"code": event.code, "name": event.name, "venue": event.venue,
                    "language": event.language, "season": event.season_id}
            teams = {t.number: t.to_dict() for t in event.teams}
            key = self._secret(session, event)
        rows: list[dict[str, Any]] = []
        if kind in ("all", "awards"):
            for award, titles, winners in self._awards(teams):
                rows += [{"award": award, "titles": titles, "place": place,
                          "team": teams[number]} for number, place in winners]
        if kind in ("all", "participation"):
            rows += [{"award": "participation", "titles": PARTICIPATION, "place": None,
                      "team": team} for team in sorted(teams.values(), key=lambda t: t["number"])]
        for row in rows:
            row["verify"] = _token(key, event_code=info["code"], team=row["team"]["number"],
                                   award=row["award"], place=row["place"])
        return {"event": info, "certificates": rows}

    def verify(self, token: str) -> dict[str, Any]:
        """The public check behind a team certificate's QR code: who received what."""
        for row in self.certificates()["certificates"]:
            if hmac.compare_digest(row["verify"], str(token)):
                return {"event": self.venue.event_info()["name"], "team": row["team"],
                        "award": row["award"], "titles": row["titles"], "place": row["place"]}
        raise NotFound("no certificate has this code (or what it said has since changed)")

    def _awards(self, teams: dict[int, dict[str, Any]]
                ) -> list[tuple[str, dict[str, str], list[tuple[int, int | None]]]]:
        """(award id, titles, [(team, place)]) in ceremony order of importance; the place is
        None where an award has one place (or goes to a whole alliance)."""
        v = self.venue
        season = v.season()
        out = []
        if season.judging is not None:  # FLL: the judging results' allocation
            results = v.fll.results(Actor.system())
            titles = {a.id: a.title for a in season.judging.awards}
            for a in results["awards"]:
                numbers = [w["number"] for w in a["winners"] if w["number"] in teams]
                out.append((a["id"], titles.get(a["id"], {"en": a["id"]}),
                            _placed(numbers, a["count"])))
        else:
            for award, titles, places in FTC_JUDGED_AWARDS:
                numbers = [n for n in self._entered().get(award, []) if n in teams]
                out.append((award, titles, _placed(numbers, places)))
            for division in [d["code"] for d in v.divisions()] or [None]:
                bracket = v.playoffs.snapshot(division)
                if not bracket.get("created") or not bracket.get("finished"):
                    continue
                seeds = {a["seed"]: [t["number"] for t in a["teams"]]
                         for a in bracket["alliances"]}
                for (award, titles), place in ((WINNING, 1), (FINALIST, 2)):
                    for p in bracket["placements"]:
                        if p["place"] == place:
                            out.append((award, titles, [(n, None) for n in seeds.get(
                                p["seed"], []) if n in teams]))
        return [entry for entry in out if entry[2]]

    def _entered(self) -> dict[str, list[int]]:
        with self.venue.db.session() as session:
            return dict((self.venue._event(session).settings or {}).get("ftc_awards", {}))

    @staticmethod
    def _secret(session, event) -> bytes:
        settings = dict(event.settings or {})
        if not settings.get("verify_secret"):
            settings["verify_secret"] = secrets.token_hex(16)
            event.settings = settings
        return settings["verify_secret"].encode()


def _placed(numbers: list[int], places: int) -> list[tuple[int, int | None]]:
    return [(n, i if places > 1 else None) for i, n in enumerate(numbers, 1)]


def _token(key: bytes, **what: Any) -> str:
    message = "|".join(f"{k}={what[k]}" for k in sorted(what)).encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()
