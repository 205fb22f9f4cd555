"""What the event's printed documents say, read through ``tournament``: team certificates,
olympiad diplomas and certificates, badges, each under its kind's template.

The links on the documents (public pages, sign-in links) come from a ``Links`` the web layer
builds: it knows the routes and the address the venue's network reaches the server on.
"""

from __future__ import annotations

import csv
import io
from typing import Protocol

from tournament.accounts import Actor
from tournament.errors import NotFound, ValidationError

from .badges import ROLES, Badge
from .certificates import LANGS, Certificate, DocumentStyle, Signatory
from .olympiad import CoverSheet, OlympiadDocument
from .pdf import slugify


class Links(Protocol):
    def team(self, number: int) -> str: ...
    def team_certificate(self, token: str) -> str: ...
    def olympiad_document(self, token: str) -> str: ...
    def join(self, code: str) -> str: ...
    def leader(self, token: str) -> str: ...


SYSTEM = Actor.system()

TEAM_WORDS = {
    "en": {"team": "Team", "place": "Place", "quote": ("“", "”"),
           "award": ("is presented to", "for outstanding achievement at the tournament"),
           "participation": ("This is to certify that", "took part in the tournament")},
    "ru": {"team": "Команда", "place": "Место", "quote": ("«", "»"),
           "award": ("вручается", "за выдающиеся достижения на турнире"),
           "participation": ("Настоящий сертификат подтверждает, что",
                             "приняла участие в турнире")},
    "kk": {"team": "Команда", "place": "Орын", "quote": ("«", "»"),
           "award": ("", "турнирдегі жетістігі үшін марапатталады"),
           "participation": ("", "турнирге қатысқаны үшін беріледі")},
}


def pick_lang(lang: str | None, default: str | None) -> str:
    """``lang`` when given (it must be kk, ru or en), else ``default``, else Kazakh."""
    if lang in (None, ""):
        return default if default in LANGS else "kk"
    if lang not in LANGS:
        raise ValidationError([("lang", "kk, ru or en")])
    return lang


def style_for(venue, kind: str, title: str, dates: str = "", place: str = "") -> DocumentStyle:
    """The organiser's template for ``kind`` (see ``tournament.printing``) as a style."""
    template = venue.printing.template(kind)
    return DocumentStyle(event=title, dates=dates, place=place, accent=template["accent"],
                         logo_path=template["logo_path"],
                         signatories=tuple(Signatory(s["title"], s["name"])
                                           for s in template["signatories"]))


# -- team certificates ------------------------------------------------------------------------
def team_certificates(venue, links: Links, *, kind: str = "all", lang: str | None = None
                      ) -> tuple[list[Certificate], list[str], dict[str, DocumentStyle]]:
    """Award certificates (most important award first, first place first), then certificates
    of participation by team number; the ZIP file names; the award and participation
    templates' styles."""
    data = venue.awards.certificates(kind)
    event = data["event"]
    lang = pick_lang(lang, event["language"])
    words = TEAM_WORDS[lang]
    left, right = words["quote"]
    docs, names = [], []
    for i, row in enumerate(data["certificates"]):
        team = row["team"]
        which = "participation" if row["award"] == "participation" else "award"
        lead, tail = words[which]
        docs.append(Certificate(
            lang=lang, title=row["titles"].get(lang) or row["titles"].get("en") or row["award"],
            name=f"{words['team']} {team['number']} {left}{team['name']}{right}",
            lead=lead, tail=tail,
            affiliation=", ".join(p for p in (team["organization"], team["city"],
                                              team["country"]) if p),
            segments=((words["place"], str(row["place"])),) if row["place"] else (),
            verify_url=links.team_certificate(row["verify"]), template=which))
        names.append(f"{i + 1:04d}-{row['award']}-{team['number']}-"
                     f"{slugify(team['name']) or 'team'}.pdf")
    if not docs:
        raise NotFound("no certificates to print: no teams, or no award winners yet")
    styles = {t: style_for(venue, t, event["name"], place=event["venue"])
              for t in ("award", "participation")}
    return docs, names, styles


# -- olympiad ---------------------------------------------------------------------------------
def olympiad_documents(venue, links: Links, *, subject: str | None = None, which: str = "all",
                       lang: str | None = None
                       ) -> tuple[list[OlympiadDocument], dict[str, DocumentStyle]]:
    """Diplomas and certificates of participation in print order, and the diploma and
    certificate templates' styles."""
    data = venue.olympiad.documents(SYSTEM, subject, which, lang or None)
    docs = [OlympiadDocument(
        lang=d["lang"], award=d["award"], name=d["name"], subject=d["subject"],
        school=d["school"], city=d["city"], country=d["country"], grade=d["grade"],
        total=d["total"], max_total=d["max_total"], place=d["place"], number=d["number"],
        verify_url=links.olympiad_document(d["verify"])) for d in data["documents"]]
    if not docs:
        raise NotFound("no documents to print: no participants match")
    olympiad = data["olympiad"]
    styles = {t: style_for(venue, t, olympiad["name"], olympiad["dates"] or "",
                           olympiad["place"] or "") for t in ("diploma", "certificate")}
    return docs, styles


ROUND_WORDS = {"kk": "{n}-тур", "ru": "Тур {n}", "en": "Round {n}"}


def cover_sheets(venue, *, subject: str | None = None, round_number: int | None = None
                 ) -> list[CoverSheet]:
    """The blind-marking cover sheets of a subject's round (or all), in the olympiad's
    language: work code and its QR, never a name."""
    sheets = venue.olympiad.cover_sheets(SYSTEM, subject, round_number)
    if not sheets:
        raise NotFound("no cover sheets: no works match")
    info = venue.olympiad.info()
    lang = pick_lang(None, info["language"])
    return [CoverSheet(olympiad=info["name"],
                       subject=(sheet["subject"].get(lang) or sheet["subject"].get("en")
                                or next(iter(sheet["subject"].values()), "")),
                       round=ROUND_WORDS[lang].format(n=sheet["round"]),
                       problem=sheet["problem"], code=sheet["code"], qr=sheet["qr"], lang=lang)
            for sheet in sheets]


# -- badges -----------------------------------------------------------------------------------
FIELD_WORDS = {"kk": "{n}-алаң", "ru": "Поле {n}", "en": "Field {n}"}
STATION_WORDS = {"kk": {"red": "қызыл", "blue": "көк"}, "ru": {"red": "красные", "blue": "синие"},
                 "en": {"red": "red", "blue": "blue"}}
BADGE_GROUPS = ("teams", "participants", "leaders", "staff", "volunteers")
_JOIN_ROLES = {"referee": "referee", "head_referee": "referee", "scorekeeper": "scorekeeper",
               "judge": "judge", "jury": "jury"}


def parse_people(text: str) -> list[dict[str, str]]:
    """Volunteers and other staff from CSV text with a header: name, role (one of the badge
    roles, default volunteer), organisation. Errors name the row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ValidationError([("header", "the first line must name the columns: "
                                          "name,role,organisation")])
    people, problems = [], []
    for row_number, row in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not row.get("name"):
            problems.append((f"row {row_number}", "the name is empty"))
            continue
        role = row.get("role") or "volunteer"
        if role not in ROLES:
            problems.append((f"row {row_number}", f"unknown role {role!r} (one of "
                                                  f"{', '.join(ROLES)})"))
            continue
        people.append({"name": row["name"], "role": role,
                       "organisation": row.get("organisation") or row.get("organization", "")})
    if problems:
        raise ValidationError(problems)
    return people


def badges(venue, links: Links, *, groups: tuple[str, ...] = ("teams",), lang: str | None = None,
           people: list[dict[str, str]] | None = None) -> tuple[list[Badge], DocumentStyle]:
    """Badges for the chosen groups, in this order: teams by number; olympiad participants by
    number; their team leaders; staff from the event's join codes (each card signs its
    holder's tablet in); then ``people`` (volunteers and others, as ``parse_people`` reads)."""
    unknown = [g for g in groups if g not in BADGE_GROUPS]
    if unknown or not groups:
        raise ValidationError([("groups", f"one or more of {', '.join(BADGE_GROUPS)}")])
    has_event, has_olympiad = venue.has_event(), venue.olympiad.exists()
    default = venue.event_info()["language"] if has_event else (
        venue.olympiad.info()["language"] if has_olympiad else "kk")
    lang = pick_lang(lang, default)
    out: list[Badge] = []
    if "teams" in groups and has_event:
        for team in venue.teams():
            out.append(Badge(lang, "team", team["name"], str(team["number"]),
                             ", ".join(p for p in (team["organization"], team["city"]) if p),
                             links.team(team["number"])))
    if "participants" in groups and has_olympiad:
        docs = venue.olympiad.documents(SYSTEM, None, "all", lang)["documents"]
        for d in sorted(docs, key=lambda d: d["number"]):
            out.append(Badge(lang, "participant", d["name"], d["number"],
                             ", ".join(p for p in (d["school"], d["country"]) if p),
                             links.olympiad_document(d["verify"]), d["subject"]))
    if "leaders" in groups and has_olympiad:
        for school in venue.olympiad.schools(SYSTEM):
            for leader in school["leaders"]:
                out.append(Badge(lang, "leader", leader["name"], "", school["name"],
                                 links.leader(leader["token"])))
    if "staff" in groups and has_event:
        for code in venue.admin_overview(SYSTEM)["join_codes"]:
            detail = " · ".join(p for p in (
                FIELD_WORDS[lang].format(n=code["field"]) if code["field"] else "",
                STATION_WORDS[lang].get(code["station"] or "", "")) if p)
            out.append(Badge(lang, _JOIN_ROLES.get(code["role"], "staff"),
                             code["label"] or code["role"], "", "", links.join(code["code"]),
                             detail))
    if "volunteers" in groups:
        out += [Badge(lang, p["role"], p["name"], "", p.get("organisation", ""), "")
                for p in people or []]
    if not out:
        raise NotFound("no badges to print: nobody in the chosen groups")
    title = venue.event_info()["name"] if has_event else venue.olympiad.info()["name"]
    return out, style_for(venue, "badge", title)

