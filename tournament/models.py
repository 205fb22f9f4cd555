"""SQLAlchemy 2.0 models: events, teams, fields, matches, score sheets, results, users, audit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Match statuses of a match that has not been played (to the end) yet.
UNPLAYED = ("scheduled", "loaded", "aborted")


def utcnow() -> datetime:
    """Naive UTC: what every audit and record timestamp is stored as."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Event(Base):
    """A competition: one season, its teams, fields and matches."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    season_id: Mapped[str] = mapped_column(String(80))
    venue: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="kk")
    # Whether the audience may see the running score before commit (scorekeeper's switch).
    show_live_score: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the audience display shows (scorekeeper's choice): match | selection | bracket.
    display_mode: Mapped[str] = mapped_column(String(16), default="match", server_default="match")
    display_division: Mapped[str | None] = mapped_column(String(20))
    # Organiser's choices that need no column of their own (FLL: award counts, advancement
    # slots, nominations, judging format); see ``tournament.fll``.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    teams: Mapped[list[Team]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Team.number"
    )
    fields: Mapped[list[Field]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Field.number"
    )
    matches: Mapped[list[Match]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    divisions: Mapped[list[Division]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Division.number"
    )


class Division(Base):
    """A part of a large event with its own teams, fields, schedule, rankings and playoffs.

    An event without divisions is one implicit division: rows then have no ``division_id``.
    """

    __tablename__ = "divisions"
    __table_args__ = (UniqueConstraint("event_id", "number"), UniqueConstraint("event_id", "code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))

    event: Mapped[Event] = relationship(back_populates="divisions")

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "code": self.code, "name": self.name}


class Team(Base):
    """A team registered for an event, known by its number."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(120), default="")
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="SET NULL", name="fk_teams_division"), index=True
    )

    event: Mapped[Event] = relationship(back_populates="teams")
    division: Mapped[Division | None] = relationship()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "organization": self.organization,
            "city": self.city,
            "country": self.country,
            "division": self.division.code if self.division else None,
        }


class Field(Base):
    """A playing field; each has one live match controller."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    # The division whose matches this field plays; None = any.
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="SET NULL", name="fk_fields_division")
    )

    event: Mapped[Event] = relationship(back_populates="fields")
    division: Mapped[Division | None] = relationship()


class Match(Base):
    """A scheduled match. ``status`` is the last state the field's controller reported.

    Numbers are unique per event and level, across divisions (each division's schedule is a
    block of numbers), so a label like "Q12" names one match at the venue. A playoff match
    is one game of a bracket match: ``bracket_key`` ("M5", "F") and ``game`` (1, 2, …).
    """

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("event_id", "level", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(16), default="qual")  # practice | qual | playoff
    number: Mapped[int] = mapped_column(Integer)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields.id", ondelete="SET NULL"))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime)  # event-local time
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    plays: Mapped[int] = mapped_column(Integer, default=0)  # how many times it was started
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="SET NULL", name="fk_matches_division")
    )
    playoff_id: Mapped[int | None] = mapped_column(
        ForeignKey("playoffs.id", ondelete="CASCADE", name="fk_matches_playoff"), index=True
    )
    bracket_key: Mapped[str | None] = mapped_column(String(12))
    game: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # FLL robot game: the round this match belongs to (0 = practice, 1.. = ranked rounds).
    round: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="matches")
    field: Mapped[Field | None] = relationship()
    division: Mapped[Division | None] = relationship()
    slots: Mapped[list[MatchTeam]] = relationship(
        back_populates="match",
        cascade="all, delete-orphan",
        order_by="(MatchTeam.alliance.desc(), MatchTeam.station)",
    )
    sheets: Mapped[list[ScoreSheet]] = relationship(
        back_populates="match", cascade="all, delete-orphan"
    )
    result: Mapped[MatchResult | None] = relationship(
        back_populates="match", cascade="all, delete-orphan", uselist=False
    )

    @property
    def label(self) -> str:
        if self.level == "playoff" and self.bracket_key:
            return self.bracket_key if self.game == 1 else f"{self.bracket_key}-{self.game}"
        if self.round is not None:  # FLL robot game: "P3" in practice, "R2-05" in round 2
            return f"P{self.number}" if self.round == 0 else f"R{self.round}-{self.number:02d}"
        prefix = {"qual": "Q", "practice": "P", "playoff": "M"}.get(self.level, "")
        return f"{prefix}{self.number}"

    def alliance(self, color: str) -> list[MatchTeam]:
        return [s for s in self.slots if s.alliance == color]


class MatchTeam(Base):
    """A team's place in a match: alliance, station, and whether it is a surrogate or DQ'd."""

    __tablename__ = "match_teams"
    __table_args__ = (
        UniqueConstraint("match_id", "team_id"),
        UniqueConstraint("match_id", "alliance", "station"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    alliance: Mapped[str] = mapped_column(String(4))  # red | blue
    station: Mapped[int] = mapped_column(Integer)
    surrogate: Mapped[bool] = mapped_column(Boolean, default=False)
    disqualified: Mapped[bool] = mapped_column(Boolean, default=False)

    match: Mapped[Match] = relationship(back_populates="slots")
    team: Mapped[Team] = relationship()


class ScoreSheet(Base):
    """The current referee sheet of one alliance in one match (every change is audited)."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("match_id", "alliance"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    alliance: Mapped[str] = mapped_column(String(4))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    # Team games (FLL): the initials of the team member who agreed with the sheet on the
    # tablet; a final sheet needs them, and reopening clears them.
    agreed_by: Mapped[str | None] = mapped_column(String(12))

    match: Mapped[Match] = relationship(back_populates="sheets")


class SheetSubmission(Base):
    """An idempotency key already applied: a resend with the same key changes nothing."""

    __tablename__ = "sheet_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MatchResult(Base):
    """The committed outcome of a match, with both breakdowns as the season scored them."""

    __tablename__ = "match_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        ForeignKey("matches.id", ondelete="CASCADE"), unique=True
    )
    red_score: Mapped[int] = mapped_column(Integer)
    blue_score: Mapped[int] = mapped_column(Integer)
    winner: Mapped[str] = mapped_column(String(4))  # red | blue | tie
    red_breakdown: Mapped[dict[str, Any]] = mapped_column(JSON)
    blue_breakdown: Mapped[dict[str, Any]] = mapped_column(JSON)
    committed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    committed_by: Mapped[str] = mapped_column(String(120), default="")

    match: Mapped[Match] = relationship(back_populates="result")


class AllianceSelection(Base):
    """Alliance selection of one division (or of the whole event).

    Stored as what happened: the ranking it started from, the rules and the actions in
    order. The board is recomputed from them (``brackets.selection_state``), so undo drops
    the last action and nothing else can drift.
    """

    __tablename__ = "alliance_selections"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="CASCADE", name="fk_selections_division")
    )
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    ranking: Mapped[list[Any]] = mapped_column(JSON)  # team numbers, best first
    actions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    pick_seconds: Mapped[int | None] = mapped_column(Integer)
    turn_started_ms: Mapped[int | None] = mapped_column(BigInteger)  # wall clock, for the timer
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Playoff(Base):
    """A playoff bracket of one division: its format, the seeded alliances and the games.

    ``games`` lists, in the order they were decided, each committed playoff match's outcome
    (after the season's tie-breakers) and each forfeit; the bracket's state is recomputed
    from them with ``brackets.BracketState``.
    """

    __tablename__ = "playoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    division_id: Mapped[int | None] = mapped_column(
        ForeignKey("divisions.id", ondelete="CASCADE", name="fk_playoffs_division")
    )
    format: Mapped[dict[str, Any]] = mapped_column(JSON)
    alliances: Mapped[list[Any]] = mapped_column(JSON)  # seed order; each a list of team numbers
    games: Mapped[list[Any]] = mapped_column(JSON, default=list)
    disqualified: Mapped[list[Any]] = mapped_column(JSON, default=list)  # alliance seeds
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class JudgingSession(Base):
    """A team's judging session in a room (FLL: Innovation Project, Robot Design or one
    combined session), placed by the day schedule."""

    __tablename__ = "judging_sessions"
    __table_args__ = (UniqueConstraint("event_id", "team_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # innovation_project | robot_design | combined
    room: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)

    team: Mapped[Team] = relationship()


class RubricSheet(Base):
    """One judging room's rubric for one team in one judged area: a level (1–4) per row,
    comments, and whether the judges submitted it. Every change is audited."""

    __tablename__ = "rubric_sheets"
    __table_args__ = (UniqueConstraint("event_id", "team_id", "area", "room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(40))
    room: Mapped[int] = mapped_column(Integer)
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # row id -> 1..4
    comments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # row id -> text
    revision: Mapped[int] = mapped_column(Integer, default=0)
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")

    team: Mapped[Team] = relationship()


class RubricSubmission(Base):
    """An idempotency key a judge's page already sent: a resend changes nothing."""

    __tablename__ = "rubric_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric_sheets.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)


class User(Base):
    """A person who signs in with a password; the role decides what they may change."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class JoinCode(Base):
    """A code shown as a QR: scanning it signs a tablet in as ``role`` at ``station``."""

    __tablename__ = "join_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    field_number: Mapped[int | None] = mapped_column(Integer)
    station: Mapped[str | None] = mapped_column(String(8))  # red | blue | None
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Append-only record of a change: who, from which device, when, before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default="")
    device: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120), default="")
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


# -- olympiads (IZhO style): subjects, rounds, problems, schools, participants, blind marks --


class Olympiad(Base):
    """An academic olympiad: subjects with rounds and problems, school teams, participants,
    blind double marking, appeals and medals (``tournament.olympiad``)."""

    __tablename__ = "olympiads"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="kk")
    dates: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    # The results board's state: frozen snapshot, ceremony; the school rating's settings.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    subjects: Mapped[list[Subject]] = relationship(
        back_populates="olympiad", cascade="all, delete-orphan", order_by="Subject.position"
    )
    schools: Mapped[list[School]] = relationship(
        back_populates="olympiad", cascade="all, delete-orphan", order_by="School.id"
    )


class Subject(Base):
    """Mathematics, physics, informatics…: rounds, a team quota, the points' step and the
    medal policy (a named rule or the jury's fixed cut-offs), provisional results and the
    appeal window."""

    __tablename__ = "olympiad_subjects"
    __table_args__ = (UniqueConstraint("olympiad_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    olympiad_id: Mapped[int] = mapped_column(ForeignKey("olympiads.id", ondelete="CASCADE"),
                                             index=True)
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    names: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kk/ru/en
    step: Mapped[float] = mapped_column(Float, default=1.0)  # marks are multiples of this
    team_quota: Mapped[int] = mapped_column(Integer, default=3)  # members per school team
    policy: Mapped[str] = mapped_column(String(20), default="ioi")  # ioi | ioi-2010 | imo | jury
    hm: Mapped[str | None] = mapped_column(String(10))  # imo | ioi | None
    cutoffs: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the jury's fixed cut-offs
    provisional_at: Mapped[datetime | None] = mapped_column(DateTime)
    appeals_close_at: Mapped[datetime | None] = mapped_column(DateTime)

    olympiad: Mapped[Olympiad] = relationship(back_populates="subjects")
    rounds: Mapped[list[OlympiadRound]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", order_by="OlympiadRound.number"
    )


class OlympiadRound(Base):
    """A round (competition day) of a subject: theoretical, experimental or practical."""

    __tablename__ = "olympiad_rounds"
    __table_args__ = (UniqueConstraint("subject_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_subjects.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="theoretical")

    subject: Mapped[Subject] = relationship(back_populates="rounds")
    problems: Mapped[list[Problem]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Problem.number"
    )


class Problem(Base):
    """A problem: its label (P1…), maximum points, the marking tolerance between the two
    markers and the problem's chief (a jury user name), who may settle any disagreement."""

    __tablename__ = "olympiad_problems"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("olympiad_rounds.id", ondelete="CASCADE"),
                                          index=True)
    number: Mapped[int] = mapped_column(Integer)  # across the subject: P1, P2, …
    max_points: Mapped[float] = mapped_column(Float)
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)
    chief: Mapped[str] = mapped_column(String(80), default="")

    round: Mapped[OlympiadRound] = relationship(back_populates="problems")

    @property
    def label(self) -> str:
        return f"P{self.number}"


class School(Base):
    """A school team: its members per subject (up to the subject's quota) and leaders."""

    __tablename__ = "olympiad_schools"
    __table_args__ = (UniqueConstraint("olympiad_id", "name", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    olympiad_id: Mapped[int] = mapped_column(ForeignKey("olympiads.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(120), default="")

    olympiad: Mapped[Olympiad] = relationship(back_populates="schools")
    leaders: Mapped[list[Leader]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="Leader.id"
    )


class Leader(Base):
    """A school team's leader; the secret link with ``token`` signs their device in to see
    the team's provisional marks and file appeals."""

    __tablename__ = "olympiad_leaders"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("olympiad_schools.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(40), unique=True)

    school: Mapped[School] = relationship(back_populates="leaders")


class Participant(Base):
    """A student in one subject, member of a school team. ``verify`` is the public token on
    their documents' QR codes."""

    __tablename__ = "olympiad_participants"
    __table_args__ = (UniqueConstraint("olympiad_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    olympiad_id: Mapped[int] = mapped_column(ForeignKey("olympiads.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[str] = mapped_column(String(40))  # registration number / contest login
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(1), default="")  # f | m | ""
    grade: Mapped[str] = mapped_column(String(20), default="")
    language: Mapped[str] = mapped_column(String(20), default="")  # language of work
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(120), default="")
    school_id: Mapped[int] = mapped_column(ForeignKey("olympiad_schools.id", ondelete="CASCADE"),
                                           index=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_subjects.id", ondelete="CASCADE"), index=True)
    verify: Mapped[str] = mapped_column(String(40), unique=True)

    school: Mapped[School] = relationship()
    subject: Mapped[Subject] = relationship()


class Work(Base):
    """A participant's work in one round, known to the jury only by its code."""

    __tablename__ = "olympiad_works"
    __table_args__ = (UniqueConstraint("participant_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_participants.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("olympiad_rounds.id", ondelete="CASCADE"),
                                          index=True)

    participant: Mapped[Participant] = relationship()


class Mark(Base):
    """One mark of a work's problem: the first or second marker's, the agreed one (within
    tolerance, set by a third marker or the chief, or imported) or the post-appeal one, each
    with who and when. Every change is also in the audit log."""

    __tablename__ = "olympiad_marks"
    __table_args__ = (UniqueConstraint("work_id", "problem_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("olympiad_works.id", ondelete="CASCADE"),
                                         index=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_problems.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # first | second | agreed | appeal
    value: Mapped[float] = mapped_column(Float)
    by: Mapped[str] = mapped_column(String(120))
    by_user: Mapped[int | None] = mapped_column(Integer)  # the marker's user id
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class Appeal(Base):
    """A leader's appeal for a participant's problem and the jury's decision with its reason."""

    __tablename__ = "olympiad_appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_participants.id", ondelete="CASCADE"), index=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("olympiad_problems.id", ondelete="CASCADE"))
    filed_by: Mapped[str] = mapped_column(String(200))
    filed_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open|accepted|rejected
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[float | None] = mapped_column(Float)
    after: Mapped[float | None] = mapped_column(Float)

    participant: Mapped[Participant] = relationship()
    problem: Mapped[Problem] = relationship()
