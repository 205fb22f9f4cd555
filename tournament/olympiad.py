"""A Zhautykov-style olympiad: structure, registration, blind double marking, appeals, results,
medals, the school rating, the live results board and the data for documents.

* **Structure.** Subjects (mathematics, physics, informatics…) have rounds, rounds have
  problems with maximum points; a subject's ``step`` says which marks are allowed (1 = whole
  points, 0.5, 0.1…). A school team has up to ``team_quota`` members per subject.
* **Blind marking.** Every participant's work in a round gets a random code; the jury only
  ever sees codes. Two jury members mark each problem of a work independently ("first" and
  "second"). When the two differ by at most the problem's tolerance the agreed mark is their
  mean (rounded to the step); otherwise the work is disputed and a third jury member (not one
  of the two) or the problem's chief sets the agreed mark. Contest-system results
  (informatics) can be imported as agreed marks.
* **Appeals.** After the provisional results of a subject are published, leaders may appeal
  within the window; the jury's decision carries a reason, an accepted appeal sets the
  post-appeal mark. A participant's final mark on a problem is the post-appeal mark, else
  the agreed one (none yet counts 0 and marks the row as pending).
* **Results.** Per subject: totals, shared places, medals by the subject's policy (IOI,
  IOI-2010, IMO or the jury's fixed cut-offs), honourable mentions, absolute winners, the
  best result among girls; the school rating with the Grand Prix and places.
* **Board.** Public results update live, can be frozen (the public keeps the snapshot taken
  at the freeze) and have a ceremony mode revealing the medallists from the bottom up.

Bus channels: ``live`` (topics ``olympiad.*``: public, never a work code) and ``jury`` (topic
``marks.updated``: work codes only, never a name).
"""

from __future__ import annotations

import csv
import gc
import io
import math
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import brackets

from . import audit
from .accounts import Actor, require
from .errors import Conflict, NotFound, PermissionDenied, ValidationError
from .models import (
    Appeal,
    Leader,
    Mark,
    Olympiad,
    OlympiadRound,
    Participant,
    Problem,
    School,
    Subject,
    User,
    Work,
)

if TYPE_CHECKING:
    from .venue import Venue

LANGS = ("kk", "ru", "en")
ROUND_KINDS = ("theoretical", "experimental", "practical")
POLICIES = (*brackets.POLICIES, "jury")
HM_RULES = ("imo", "ioi")
RATING_BASES = ("points", "percent")
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed
QR_PREFIX = "ZHW"  # a cover sheet's QR: "ZHW:<work code>:<problem label>"
_GENDERS = {"": "", "f": "f", "female": "f", "ж": "f", "қ": "f", "girl": "f",
            "m": "m", "male": "m", "м": "m", "ұ": "m", "boy": "m"}
CSV_COLUMNS = ("number", "name", "gender", "school", "city", "country", "grade", "language",
               "subject", "leaders")
REQUIRED_COLUMNS = ("number", "name", "school", "country", "subject")
_LIMITS = {"name": 200, "school": 200, "city": 120, "country": 120, "grade": 20,
           "language": 20}  # the columns' sizes in the database


def _names(en: str, ru: str, kk: str) -> dict[str, str]:
    return {"en": en, "ru": ru, "kk": kk}


# The International Zhautykov Olympiad's usual shape (see shared rules: two rounds a subject;
# points per mathematics problem follow the IMO's 7).
PRESETS: dict[str, dict[str, Any]] = {
    "izho": {"subjects": [
        {"code": "math", "names": _names("Mathematics", "Математика", "Математика"),
         "step": 1, "team_quota": 3, "policy": "imo", "hm": "imo",
         "rounds": [{"kind": "theoretical", "problems": [{"max": 7, "tolerance": 1}] * 3},
                    {"kind": "theoretical", "problems": [{"max": 7, "tolerance": 1}] * 3}]},
        {"code": "physics", "names": _names("Physics", "Физика", "Физика"),
         "step": 0.1, "team_quota": 2, "policy": "ioi", "hm": None,
         "rounds": [{"kind": "theoretical", "problems": [{"max": 10, "tolerance": 1}] * 3},
                    {"kind": "experimental", "problems": [{"max": 10, "tolerance": 1}] * 2}]},
        {"code": "informatics", "names": _names("Informatics", "Информатика", "Информатика"),
         "step": 0.01, "team_quota": 2, "policy": "ioi", "hm": "ioi",
         "rounds": [{"kind": "practical", "problems": [{"max": 100, "tolerance": 0}] * 3},
                    {"kind": "practical", "problems": [{"max": 100, "tolerance": 0}] * 3}]},
    ]},
}


def _number(value: Any) -> float | None:
    """A finite number from JSON or a form/CSV string (comma as decimal point allowed)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    try:
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value)
    except OverflowError:  # an integer beyond any float (10**400)
        pass
    return None


def _on_step(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


def _round_to_step(value: float, step: float) -> float:
    """Nearest multiple of ``step``, halves up (the mean of 5 and 6 with step 1 is 6)."""
    return round(math.floor(value / step + 0.5 + 1e-9) * step, 6)


def check_mark(value: Any, problem: Problem, step: float, where: str = "mark") -> float:
    """The mark as a float, else a ValidationError naming ``where`` and the allowed range."""
    number = _number(value)
    if number is None or not 0 <= number <= problem.max_points or not _on_step(number, step):
        raise ValidationError([(where, f"{value!r} is not a mark for {problem.label}: use "
                                f"0 to {problem.max_points:g} in steps of {step:g}")])
    return number


def parse_cover_qr(text: str) -> tuple[str, str | None]:
    """A scanned cover sheet ("ZHW:<code>:<problem>") or a typed code -> (code, problem)."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) == 3 and parts[0].upper() == QR_PREFIX:
        return parts[1].strip().upper(), parts[2].strip().upper() or None
    return text.upper(), None


class OlympiadDesk:
    """Olympiad use cases; one per venue (``venue.olympiad``)."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue
        self._olympiad_id: int | None = None
        self._version = 0
        self._cache: tuple[int, dict[str, Any]] | None = None
        self._lock = threading.RLock()

    # -- plumbing ------------------------------------------------------------------------------
    def _olympiad(self, session: Session) -> Olympiad:
        if self._olympiad_id is not None:
            found = session.get(Olympiad, self._olympiad_id)
            if found is not None:
                return found
        code = self.venue.event_code
        found = None
        if code:
            found = session.scalar(select(Olympiad).where(Olympiad.code == code))
        if found is None:
            found = session.scalar(select(Olympiad).order_by(Olympiad.id.desc()).limit(1))
        if found is None:
            raise NotFound("no olympiad yet: create one with 'zharys create-olympiad' "
                           "(or 'zharys seed-demo --olympiad' for the demo)")
        self._olympiad_id = found.id
        return found

    def exists(self) -> bool:
        with self.venue.db.session() as session:
            try:
                self._olympiad(session)
                return True
            except NotFound:
                return False

    def now(self) -> datetime:
        """The venue clock's wall time, naive UTC like every stored timestamp."""
        return datetime.fromtimestamp(self.venue.clock.wall(), UTC).replace(tzinfo=None)

    def _changed(self, subjects: list[str], jury: list[dict[str, Any]] | None = None) -> None:
        """After a commit: drop the results cache, tell the jury (codes only) and, unless
        the board is frozen, the public."""
        with self._lock:
            self._version += 1
        for payload in jury or []:
            self.venue.bus.publish("jury", "marks.updated", payload)
        if not self._settings().get("frozen"):
            self.venue.bus.publish("live", "olympiad.results", {"subjects": subjects})

    @staticmethod
    def _subject(olympiad: Olympiad, code: str) -> Subject:
        for subject in olympiad.subjects:
            if subject.code == code:
                return subject
        known = ", ".join(s.code for s in olympiad.subjects)
        raise NotFound(f"no subject {code!r} in this olympiad; subjects: {known}")

    @staticmethod
    def _problem(session: Session, olympiad: Olympiad, problem_id: Any) -> Problem:
        problem = session.get(Problem, problem_id) if isinstance(problem_id, int) else None
        if problem is None or problem.round.subject.olympiad_id != olympiad.id:
            raise NotFound(f"no problem {problem_id!r} in this olympiad")
        return problem

    # -- structure -----------------------------------------------------------------------------
    def create(self, actor: Actor, code: str, name: str, structure: Mapping[str, Any] | str,
               *, language: str = "kk", dates: str = "", place: str = "") -> dict[str, Any]:
        """A new olympiad from ``structure`` (a dict, or a preset name such as "izho"):
        ``{"subjects": [{"code", "names": {kk, ru, en}, "step", "team_quota", "policy",
        "hm", "rounds": [{"kind", "problems": [{"max", "tolerance", "chief"}]}]}]}``.
        Errors name the path (``subjects[1].rounds[0].problems[2].max``)."""
        require(actor, "olympiad.admin")
        if isinstance(structure, str):
            if structure not in PRESETS:
                raise ValidationError([("structure", f"unknown preset {structure!r}; presets: "
                                        + ", ".join(PRESETS))])
            structure = PRESETS[structure]
        errors: list[tuple[str, str]] = []
        if not code or not code.replace("-", "").isalnum():
            errors.append(("code", "use letters, digits and dashes"))
        if not name.strip():
            errors.append(("name", "is required"))
        if language not in LANGS:
            errors.append(("language", "must be kk, ru or en"))
        subjects = _check_structure(structure, errors)
        if errors:
            raise ValidationError(errors)
        with self.venue.db.session() as session:
            if session.scalar(select(Olympiad.id).where(Olympiad.code == code)):
                raise Conflict(f"an olympiad with code {code!r} already exists")
            olympiad = Olympiad(code=code, name=name.strip(), language=language, dates=dates,
                                place=place, settings={"rating_basis": "points",
                                                       "school_places": 3},
                                subjects=subjects)
            session.add(olympiad)
            session.flush()
            info = _structure_dict(olympiad)
            audit.record(session, actor, "olympiad.create", f"olympiad {code}", after=info)
        self._olympiad_id = None
        self._changed([s["code"] for s in info["subjects"]])
        return info

    def info(self) -> dict[str, Any]:
        """The olympiad's structure and counts (public: no codes, no names)."""
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            info = _structure_dict(olympiad)
            counts = defaultdict(int)
            for subject_id in session.scalars(select(Participant.subject_id)
                                              .where(Participant.olympiad_id == olympiad.id)):
                counts[subject_id] += 1
            for subject in info["subjects"]:
                subject["participants"] = counts[subject["id"]]
            info["schools"] = len(olympiad.schools)
            return info

    def set_problem(self, actor: Actor, problem_id: int, *, max_points: Any = None,
                    tolerance: Any = None, chief: str | None = None) -> dict[str, Any]:
        """Change a problem's maximum, tolerance or chief (a jury user name). The maximum
        cannot drop below a mark already given; a new tolerance re-checks the works both
        markers have marked (an automatic agreement may become a disagreement, or the
        other way round). Maximum and tolerance are fixed once provisional results are out."""
        require(actor, "olympiad.admin")
        with self._lock, self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            problem = self._problem(session, olympiad, problem_id)
            step = problem.round.subject.step
            if max_points is not None or tolerance is not None:
                _check_open(problem.round.subject)
            before = _problem_dict(problem)
            errors = []
            if max_points is not None:
                top = _number(max_points)
                given = session.scalar(select(Mark.value).where(Mark.problem_id == problem.id)
                                       .order_by(Mark.value.desc()).limit(1))
                if top is None or top <= 0 or not _on_step(top, step):
                    errors.append(("max", f"must be a number above 0 in steps of {step:g}"))
                elif given is not None and given > top:
                    errors.append(("max", f"a mark of {given:g} is already given"))
                else:
                    problem.max_points = top
            if tolerance is not None:
                tol = _number(tolerance)
                if tol is None or tol < 0:
                    errors.append(("tolerance", "must be a number >= 0"))
                else:
                    problem.tolerance = tol
            if chief is not None and not isinstance(chief, str):
                errors.append(("chief", "a jury user name"))
            elif chief is not None:
                chief = chief.strip()
                user = session.scalar(select(User).where(User.username == chief)) if chief \
                    else None
                if chief and (user is None or user.role not in ("jury", "admin")):
                    errors.append(("chief", f"no jury user named {chief!r}"))
                else:
                    problem.chief = chief
            if errors:
                raise ValidationError(errors)
            if tolerance is not None:
                by_work: dict[int, dict[str, Mark]] = defaultdict(dict)
                for mark in session.scalars(select(Mark).where(Mark.problem_id == problem.id)):
                    by_work[mark.work_id][mark.kind] = mark
                for work_id, marks in by_work.items():
                    manual = marks.get("agreed") is not None and marks["agreed"].by_user != -1
                    if not manual:
                        _settle(session, session.get(Work, work_id), problem, step, marks,
                                self.now())
            after = _problem_dict(problem)
            audit.record(session, actor, "olympiad.problem", f"problem {problem.id}",
                         before=before, after=after)
            subject = problem.round.subject.code
        self._changed([subject])
        return after

    # -- registration --------------------------------------------------------------------------
    def import_participants(self, actor: Actor, text: str) -> dict[str, Any]:
        """Add participants from CSV (columns: number, name, gender, school, city, country,
        grade, language, subject, leaders — leaders separated by ";"). Every row is checked
        first; any error refuses the whole file with the row numbers, so nothing is half
        imported. Schools are matched by name and country; each work gets its code."""
        require(actor, "olympiad.admin")
        rows, errors = _read_csv(text, REQUIRED_COLUMNS, CSV_COLUMNS)
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            by_key = {_subject_key(v): s for s in olympiad.subjects
                      for v in (s.code, *s.names.values())}
            known_numbers = set(session.scalars(
                select(Participant.number).where(Participant.olympiad_id == olympiad.id)))
            schools = {(s.name.casefold(), s.country.casefold()): s for s in olympiad.schools}
            members = defaultdict(int)
            for school_id, subject_id in session.execute(
                    select(Participant.school_id, Participant.subject_id)
                    .where(Participant.olympiad_id == olympiad.id)):
                members[(school_id, subject_id)] += 1
            planned: list[tuple[int, dict[str, str], Subject, tuple[str, str]]] = []
            new_members: dict[tuple, int] = defaultdict(int)
            seen_numbers: dict[str, int] = {}
            for line, row in rows:
                where = f"row {line}"
                problems = []
                for column in REQUIRED_COLUMNS:
                    if not row.get(column):
                        problems.append(f"{column} is empty")
                subject = by_key.get(_subject_key(row.get("subject", "")))
                if row.get("subject") and subject is None:
                    problems.append(f"subject {row['subject']!r} is not one of: "
                                    + ", ".join(s.code for s in olympiad.subjects))
                number = row.get("number", "")
                if number in known_numbers:
                    problems.append(f"number {number!r} is already registered")
                elif number and number in seen_numbers:
                    problems.append(f"number {number!r} repeats row {seen_numbers[number]}")
                elif len(number) > 40 or (number and not number.replace("-", "").isalnum()):
                    problems.append("number: use up to 40 letters, digits and dashes")
                seen_numbers.setdefault(number, line)
                if row.get("gender", "").casefold() not in _GENDERS:
                    problems.append(f"gender {row['gender']!r}: use f, m or leave it empty")
                for column, limit in _LIMITS.items():
                    if len(row.get(column, "")) > limit:
                        problems.append(f"{column} is longer than {limit} characters")
                if any(len(x.strip()) > 200 for x in row.get("leaders", "").split(";")):
                    problems.append("a leader's name is longer than 200 characters")
                key = (row.get("school", "").casefold(), row.get("country", "").casefold())
                if subject is not None and row.get("school"):
                    school = schools.get(key)
                    have = members[(school.id, subject.id)] if school else 0
                    new_members[(key, subject.code)] += 1
                    if have + new_members[(key, subject.code)] > subject.team_quota:
                        problems.append(
                            f"school {row['school']!r} would have more than "
                            f"{subject.team_quota} {subject.code} participants (the quota)")
                if problems:
                    errors.extend((where, p) for p in problems)
                elif not errors:
                    planned.append((line, row, subject, key))
            if errors:
                raise ValidationError(errors, f"nothing imported: {len(errors)} problem(s) — "
                                      + "; ".join(f"{w}: {m}" for w, m in errors[:5]))
            codes = set(session.scalars(select(Work.code)
                                        .join(Participant, Work.participant_id == Participant.id)
                                        .where(Participant.olympiad_id == olympiad.id)))
            added_schools = 0
            added: list[Participant] = []
            for _line, row, subject, key in planned:
                school = schools.get(key)
                if school is None:
                    school = School(olympiad_id=olympiad.id, name=row["school"],
                                    city=row.get("city", ""), country=row["country"])
                    session.add(school)
                    schools[key] = school
                    added_schools += 1
                for leader in filter(None, (x.strip() for x in row.get("leaders", "").split(";"))):
                    if all(existing.name != leader for existing in school.leaders):
                        school.leaders.append(Leader(name=leader,
                                                     token=secrets.token_urlsafe(16)))
                participant = Participant(
                    olympiad_id=olympiad.id, number=row["number"], name=row["name"],
                    gender=_GENDERS[row.get("gender", "").casefold()],
                    grade=row.get("grade", ""), language=row.get("language", ""),
                    city=row.get("city", ""), country=row["country"], school=school,
                    subject=subject, verify=secrets.token_urlsafe(12))
                session.add(participant)
                added.append(participant)
            session.flush()  # one round trip for every participant's id
            for participant in added:
                for rnd in participant.subject.rounds:
                    session.add(Work(code=_new_code(participant.subject, rnd, codes),
                                     participant_id=participant.id, round_id=rnd.id))
            audit.record(session, actor, "olympiad.import", f"olympiad {olympiad.code}",
                         after={"participants": len(planned), "schools": added_schools})
            subjects = sorted({s.code for _l, _r, s, _k in planned})
        self._changed(subjects)
        return {"imported": len(planned), "schools": added_schools}

    def participants(self, actor: Actor) -> list[dict[str, Any]]:
        """Everyone registered, with school, subject and work codes (the organiser's list)."""
        require(actor, "olympiad.admin")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            codes = defaultdict(list)
            for pid, code in session.execute(
                    select(Work.participant_id, Work.code)
                    .join(OlympiadRound, Work.round_id == OlympiadRound.id)
                    .join(Participant, Work.participant_id == Participant.id)
                    .where(Participant.olympiad_id == olympiad.id)
                    .order_by(OlympiadRound.number)):
                codes[pid].append(code)
            people = session.scalars(select(Participant)
                                     .where(Participant.olympiad_id == olympiad.id)
                                     .options(selectinload(Participant.school),
                                              selectinload(Participant.subject))
                                     .order_by(Participant.number)).all()
            return [{**_person(p), "codes": codes[p.id]} for p in people]

    def schools(self, actor: Actor) -> list[dict[str, Any]]:
        """School teams with their leaders and the leaders' sign-in tokens (organiser)."""
        require(actor, "olympiad.admin")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            return [{"id": s.id, "name": s.name, "city": s.city, "country": s.country,
                     "leaders": [{"name": x.name, "token": x.token} for x in s.leaders]}
                    for s in olympiad.schools]

    def leader(self, token: str) -> dict[str, Any]:
        """Who a leader's sign-in link belongs to (NotFound for an unknown one)."""
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            found = session.scalar(select(Leader).where(Leader.token == token))
            if found is None or found.school.olympiad_id != olympiad.id:
                raise NotFound("this leader link is unknown")
            return {"name": found.name, "school_id": found.school_id,
                    "school": found.school.name}

    def cover_sheets(self, actor: Actor, subject: str | None = None,
                     round_number: int | None = None) -> list[dict[str, Any]]:
        """One cover sheet per work and problem, in participant order: the code and the QR
        payload, never the name."""
        require(actor, "olympiad.admin")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            subjects = [self._subject(olympiad, subject)] if subject else olympiad.subjects
            sheets = []
            for subj in subjects:
                for rnd in subj.rounds:
                    if round_number is not None and rnd.number != round_number:
                        continue
                    works = session.scalars(
                        select(Work).join(Participant, Work.participant_id == Participant.id)
                        .where(Work.round_id == rnd.id).order_by(Participant.number)).all()
                    for work in works:
                        for problem in rnd.problems:
                            sheets.append({"subject": subj.names, "round": rnd.number,
                                           "kind": rnd.kind, "problem": problem.label,
                                           "code": work.code,
                                           "qr": f"{QR_PREFIX}:{work.code}:{problem.label}"})
            return sheets

    # -- blind marking -------------------------------------------------------------------------
    def jury_problems(self, actor: Actor) -> list[dict[str, Any]]:
        """Every problem with its marking progress, for the jury's start page."""
        require(actor, "olympiad.mark")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            progress = defaultdict(lambda: defaultdict(int))
            for problem_id, status in _statuses(session, olympiad).items():
                for _work, state in status.items():
                    progress[problem_id][state] += 1
            works = defaultdict(int)
            for round_id in session.scalars(
                    select(Work.round_id).join(Participant, Work.participant_id ==
                                               Participant.id)
                    .where(Participant.olympiad_id == olympiad.id)):
                works[round_id] += 1
            out = []
            for subject in olympiad.subjects:
                for rnd in subject.rounds:
                    for problem in rnd.problems:
                        done = progress[problem.id]
                        out.append({**_problem_dict(problem), "subject": subject.code,
                                    "subject_names": subject.names, "round": rnd.number,
                                    "works": works[rnd.id],
                                    "agreed": done["agreed"] + done["resolved"]
                                    + done["imported"] + done["appealed"],
                                    "disputed": done["disputed"],
                                    "waiting": done["first"]})
            return out

    def jury_problem(self, actor: Actor, problem_id: int) -> dict[str, Any]:
        """A problem's works by code: the actor's own mark, and both markers' marks only once
        both have marked (marking stays independent); disputed works for a third marker."""
        require(actor, "olympiad.mark")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            problem = self._problem(session, olympiad, problem_id)
            subject = problem.round.subject
            marks = defaultdict(dict)
            for mark in session.scalars(select(Mark).where(Mark.problem_id == problem.id)):
                marks[mark.work_id][mark.kind] = mark
            works = session.scalars(select(Work).where(Work.round_id == problem.round_id)
                                    .order_by(Work.code)).all()
            rows = [_work_row(work.code, marks.get(work.id, {}), actor) for work in works]
            chief = _is_chief(session, actor, problem)
            return {"problem": {**_problem_dict(problem), "subject": subject.code,
                                "subject_names": subject.names, "step": subject.step,
                                "round": problem.round.number,
                                "locked": subject.provisional_at is not None},
                    "works": rows, "chief": chief}

    def _work_for(self, session: Session, olympiad: Olympiad, problem: Problem,
                  code: Any) -> Work:
        if not isinstance(code, str) or not code.strip():
            raise ValidationError([("code", "type or scan a work code")])
        code, label = parse_cover_qr(code)
        if label is not None and label != problem.label:
            raise ValidationError([("code", f"this cover sheet is for {label}, "
                                    f"not {problem.label}")])
        work = session.scalar(select(Work).where(Work.code == code))
        if work is None or work.participant.olympiad_id != olympiad.id:
            raise ValidationError([("code", f"no work has the code {code!r}")])
        if work.round_id != problem.round_id:
            raise ValidationError([("code", f"work {code} is not from the round of "
                                    f"{problem.label}")])
        return work

    def _marking(self, session: Session, problem_id: int, code: Any,
                 value: Any) -> tuple[Problem, Subject, Work, float, dict[str, Mark]]:
        """What a mark or an agreed mark is about, checked: the problem (its subject still
        open), the work by its code, the mark in range, and the marks already given."""
        olympiad = self._olympiad(session)
        problem = self._problem(session, olympiad, problem_id)
        subject = problem.round.subject
        _check_open(subject)
        work = self._work_for(session, olympiad, problem, code)
        value = check_mark(value, problem, subject.step)
        return problem, subject, work, value, _marks_of(session, work, problem)

    def enter_mark(self, actor: Actor, problem_id: int, code: Any, value: Any) -> dict[str, Any]:
        """A jury member's mark for a work's problem. The first two jury members to mark are
        the first and second markers; each may correct their own mark until the other has
        marked too (then both marks are shown, so neither may move towards the other: a
        third marker or the chief settles a disagreement). Resending the same mark changes
        nothing."""
        require(actor, "olympiad.mark")
        with self._lock, self.venue.db.session() as session:
            problem, subject, work, value, marks = self._marking(session, problem_id, code,
                                                                 value)
            manual = marks.get("agreed")
            if manual is not None and manual.by_user != -1:
                raise Conflict(f"the agreed mark of {work.code} {problem.label} is set; "
                               "only the problem's chief can change it now")
            mine = next((m for k, m in marks.items() if k in ("first", "second")
                         and _same(m, actor)), None)
            if mine is None:
                kind = "first" if "first" not in marks else (
                    "second" if "second" not in marks else None)
                if kind is None:
                    raise Conflict(f"{work.code} {problem.label} has two marks; a third mark "
                                   "goes on the disagreements list")
                mine = Mark(work_id=work.id, problem_id=problem.id, kind=kind, value=value,
                            by=actor.name, by_user=actor.user_id, at=self.now())
                session.add(mine)
                before = None
                marks[kind] = mine
            else:
                before = mine.value
                if before == value:
                    return _work_row(work.code, marks, actor)
                if "first" in marks and "second" in marks:
                    raise Conflict(f"both markers have marked {work.code} {problem.label}; "
                                   "a third jury member or the problem's chief settles it")
                mine.value, mine.at = value, self.now()
            _settle(session, work, problem, subject.step, marks, self.now())
            audit.record(session, actor, "olympiad.mark",
                         f"work {work.code} {problem.label} {mine.kind}",
                         before=before, after=value)
            row = _work_row(work.code, marks, actor)
            payload = {"problem_id": problem.id, "code": work.code, "status": row["status"]}
            code_subject = subject.code
        self._changed([code_subject], [payload])
        return row

    def resolve(self, actor: Actor, problem_id: int, code: Any, value: Any,
                note: str = "") -> dict[str, Any]:
        """Set the agreed mark of a work the two markers disagree on: a third jury member
        may; the problem's chief may at any time once both marked. Neither may be one of the
        two markers (an admin may)."""
        require(actor, "olympiad.mark")
        with self._lock, self.venue.db.session() as session:
            problem, subject, work, value, marks = self._marking(session, problem_id, code,
                                                                 value)
            if "first" not in marks or "second" not in marks:
                raise Conflict(f"{work.code} {problem.label} needs both marks before an "
                               "agreed mark")
            chief = _is_chief(session, actor, problem)
            status = _status(marks)
            if actor.role != "admin" and _marked(marks, actor):
                raise PermissionDenied("a marker of this work cannot settle it; a third "
                                       "jury member or the problem's chief does")
            if not chief and status != "disputed":
                raise Conflict(f"{work.code} {problem.label} is not disputed; only the "
                               "problem's chief can change its agreed mark")
            agreed = marks.get("agreed")
            before = agreed.value if agreed else None
            if agreed is None:
                agreed = Mark(work_id=work.id, problem_id=problem.id, kind="agreed", value=value,
                              by="", at=self.now())
                session.add(agreed)
                marks["agreed"] = agreed
            agreed.value, agreed.by, agreed.by_user = value, actor.name, actor.user_id
            agreed.at, agreed.note = self.now(), str(note or "").strip()[:500]
            audit.record(session, actor, "olympiad.agreed", f"work {work.code} {problem.label}",
                         before=before, after=value, note=agreed.note)
            row = _work_row(work.code, marks, actor)
            payload = {"problem_id": problem.id, "code": work.code, "status": row["status"]}
            code_subject = subject.code
        self._changed([code_subject], [payload])
        return row

    def import_contest_results(self, actor: Actor, subject: str, text: str) -> dict[str, Any]:
        """Agreed marks from a contest system's CSV (informatics): a column with the
        participant's number (``number`` or ``login``) and one column per problem (``P1`` or
        ``1``…). The whole file is checked first; errors name the row and column."""
        require(actor, "olympiad.admin")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            subj = self._subject(olympiad, subject)
            _check_open(subj)
            problems = {p.label: p for r in subj.rounds for p in r.problems}
            reader = _csv_rows(text)
            header = [h.strip() for h in next(reader, [])]
            errors: list[tuple[str, str]] = []
            if not header or header[0].casefold() not in ("number", "login", "user", "id"):
                errors.append(("row 1", "the first column must be number (or login)"))
            columns = []
            for i, name in enumerate(header[1:], start=2):
                label = name.upper() if name.upper().startswith("P") else f"P{name}"
                if label not in problems:
                    errors.append(("row 1", f"column {i} {name!r} is not a problem of "
                                   f"{subj.code} ({', '.join(problems)})"))
                elif problems[label] in columns:
                    errors.append(("row 1", f"column {i} {name!r} repeats {label}"))
                columns.append(problems.get(label))
            if errors:
                raise ValidationError(errors)
            people = {p.number: p for p in session.scalars(
                select(Participant).where(Participant.olympiad_id == olympiad.id))}
            works = {(w.participant_id, w.round_id): w for w in session.scalars(
                select(Work).join(Participant, Work.participant_id == Participant.id)
                .where(Participant.subject_id == subj.id))}
            planned = []
            seen = {}
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                number = row[0].strip()
                person = people.get(number)
                if person is None or person.subject_id != subj.id:
                    errors.append((f"row {line}", f"{number!r} is not a {subj.code} "
                                   "participant"))
                    continue
                if number in seen:
                    errors.append((f"row {line}", f"{number!r} repeats row {seen[number]}"))
                    continue
                seen[number] = line
                if len(row) != len(header):
                    errors.append((f"row {line}", f"{len(row)} cells, the header has "
                                   f"{len(header)}"))
                    continue
                for cell, problem in zip(row[1:], columns, strict=True):
                    if not cell.strip():
                        continue
                    try:
                        value = check_mark(cell, problem, subj.step,
                                           f"row {line}, {problem.label}")
                    except ValidationError as exc:
                        errors.extend(exc.errors)
                        continue
                    planned.append((line, works[(person.id, problem.round_id)], problem, value))
            if errors:
                raise ValidationError(errors, f"nothing imported: {len(errors)} problem(s) — "
                                      + "; ".join(f"{w}: {m}" for w, m in errors[:5]))
            existing = {(m.work_id, m.problem_id): m for m in session.scalars(
                select(Mark).where(Mark.kind == "agreed",
                                   Mark.problem_id.in_([p.id for p in problems.values()])))}
            for line, work, problem, _value in planned:
                mark = existing.get((work.id, problem.id))
                if mark is not None and mark.by != "import":
                    errors.append((f"row {line}, {problem.label}", f"{work.code} has an agreed "
                                   "mark from the jury; the import does not replace it"))
            if errors:
                raise ValidationError(errors, "nothing imported: " + "; ".join(
                    f"{w}: {m}" for w, m in errors[:5]))
            changed = []
            for _line, work, problem, value in planned:
                mark = existing.get((work.id, problem.id))
                before = mark.value if mark is not None else None
                if mark is None:
                    session.add(Mark(work_id=work.id, problem_id=problem.id, kind="agreed",
                                     value=value, by="import", by_user=None, at=self.now(),
                                     note="contest system"))
                elif before != value:
                    mark.value, mark.at = value, self.now()
                else:
                    continue
                changed.append([work.code, problem.label, before, value])
            # Each changed mark with its value before: [code, problem, before, after].
            audit.record(session, actor, "olympiad.import_results", f"subject {subj.code}",
                         after={"marks": len(planned), "changed": changed})
        self._changed([subject])
        return {"marks": len(planned), "changed": len(changed)}

    # -- provisional results and appeals -----------------------------------------------------
    def publish_provisional(self, actor: Actor, subject: str, hours: Any,
                            force: bool = False) -> dict[str, Any]:
        """Publish a subject's provisional results and open appeals for ``hours``. Refused
        while works still wait for an agreed mark, unless ``force``."""
        require(actor, "olympiad.admin")
        window = _number(hours)
        if window is None or not 0 < window <= 72:
            raise ValidationError([("hours", "the appeal window is 0 to 72 hours")])
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            subj = self._subject(olympiad, subject)
            pending = self._compute()["subjects"][subj.code]["pending"]
            if pending and not force:
                raise Conflict(f"{pending} participant(s) in {subj.code} still have a problem "
                               "without an agreed mark")
            before = _iso(subj.provisional_at)
            subj.provisional_at = self.now()
            subj.appeals_close_at = self.now() + timedelta(hours=window)
            audit.record(session, actor, "olympiad.provisional", f"subject {subj.code}",
                         before=before, after={"published": _iso(subj.provisional_at),
                                               "appeals_close": _iso(subj.appeals_close_at)})
            out = {"subject": subj.code, "provisional_at": _iso(subj.provisional_at),
                   "appeals_close_at": _iso(subj.appeals_close_at)}
        self._changed([subject])
        return out

    def file_appeal(self, actor: Actor, participant: str, problem_id: int,
                    reason: str) -> dict[str, Any]:
        """A leader's appeal for a member of their school on one problem, within the
        subject's appeal window; one open appeal per participant and problem."""
        require(actor, "olympiad.appeal.file")
        reason = str(reason or "").strip()
        with self._lock, self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            person = session.scalar(select(Participant).where(
                Participant.olympiad_id == olympiad.id, Participant.number == participant))
            if person is None:
                raise ValidationError([("participant", f"no participant {participant!r}")])
            if actor.role == "leader" and person.school_id != actor.school:
                raise PermissionDenied("a leader appeals only for their own school's members")
            problem = self._problem(session, olympiad, problem_id)
            subject = problem.round.subject
            if subject.id != person.subject_id:
                raise ValidationError([("problem", f"{problem.label} of {subject.code} is not "
                                        f"{person.number}'s subject")])
            if not reason:
                raise ValidationError([("reason", "say what the jury should look at again")])
            now = self.now()
            if subject.provisional_at is None or now < subject.provisional_at:
                raise Conflict(f"appeals for {subject.code} open with its provisional results")
            if now > subject.appeals_close_at:
                raise Conflict(f"the appeal window for {subject.code} closed at "
                               f"{_iso(subject.appeals_close_at)} UTC")
            if session.scalar(select(Appeal.id).where(
                    Appeal.participant_id == person.id, Appeal.problem_id == problem.id,
                    Appeal.status == "open")):
                raise Conflict(f"an appeal for {person.number} {problem.label} is already open")
            appeal = Appeal(participant_id=person.id, problem_id=problem.id,
                            filed_by=actor.name, filed_at=now, reason=reason[:2000])
            session.add(appeal)
            session.flush()
            audit.record(session, actor, "olympiad.appeal", f"appeal {appeal.id}",
                         after={"participant": person.number, "problem": problem.label,
                                "reason": appeal.reason})
            return {"id": appeal.id, "status": appeal.status}

    def decide_appeal(self, actor: Actor, appeal_id: int, accept: bool, mark: Any = None,
                      reason: str = "") -> dict[str, Any]:
        """The jury's decision with its reason. Accepting sets the post-appeal mark (which
        must differ from the current one); the results recompute."""
        require(actor, "olympiad.appeal.decide")
        reason = str(reason or "").strip()
        with self._lock, self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            appeal = session.get(Appeal, appeal_id) if isinstance(appeal_id, int) else None
            if appeal is None or appeal.participant.olympiad_id != olympiad.id:
                raise NotFound(f"no appeal {appeal_id!r}")
            if appeal.status != "open":
                raise Conflict(f"appeal {appeal.id} was already {appeal.status}")
            if not reason:
                raise ValidationError([("reason", "the decision needs a reason")])
            problem = appeal.problem
            subject = problem.round.subject
            work = session.scalar(select(Work).where(
                Work.participant_id == appeal.participant_id, Work.round_id == problem.round_id))
            marks = _marks_of(session, work, problem)
            if actor.role != "admin" and _marked(marks, actor):
                raise PermissionDenied("a marker of this work does not decide its appeal")
            current = _final(marks)
            changed = []
            if accept:
                value = check_mark(mark, problem, subject.step)
                if value == current:
                    raise ValidationError([("mark", f"the mark is already {value:g}; reject "
                                            "the appeal instead")])
                post = marks.get("appeal")
                if post is None:
                    post = Mark(work_id=work.id, problem_id=problem.id, kind="appeal",
                                value=value, by=actor.name, at=self.now())
                    session.add(post)
                post.value, post.by, post.by_user, post.at = (value, actor.name, actor.user_id,
                                                              self.now())
                post.note = f"appeal {appeal.id}: {reason[:400]}"
                marks["appeal"] = post
                appeal.before, appeal.after = current, value
                changed = [subject.code]
            appeal.status = "accepted" if accept else "rejected"
            appeal.decided_by, appeal.decided_at = actor.name, self.now()
            appeal.decision = reason[:2000]
            audit.record(session, actor, "olympiad.appeal_decided", f"appeal {appeal.id}",
                         before={"mark": current},
                         after={"status": appeal.status, "mark": appeal.after},
                         note=appeal.decision)
            out = _appeal_dict(appeal, work.code, names=False)
            payload = {"problem_id": problem.id, "code": work.code,
                       "status": _status(marks)} if accept else None
        if changed:
            self._changed(changed, [payload])
        return out

    def appeals(self, actor: Actor) -> list[dict[str, Any]]:
        """Appeals: the jury sees work codes only; a leader their own school's appeals with
        names; the organiser everything."""
        if not (actor.can("olympiad.appeal.decide") or actor.can("olympiad.appeal.file")):
            raise PermissionDenied("only the jury, leaders and the organiser see appeals")
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            query = (select(Appeal, Work.code)
                     .join(Participant, Appeal.participant_id == Participant.id)
                     .join(Problem, Appeal.problem_id == Problem.id)
                     .join(Work, (Work.participant_id == Participant.id)
                           & (Work.round_id == Problem.round_id))
                     .where(Participant.olympiad_id == olympiad.id)
                     .order_by(Appeal.filed_at, Appeal.id))
            if actor.role == "leader":
                query = query.where(Participant.school_id == actor.school)
            names = actor.role != "jury"
            return [_appeal_dict(appeal, code, names=names)
                    for appeal, code in session.execute(query)]

    def leader_view(self, actor: Actor) -> dict[str, Any]:
        """A leader's school: members with their marks once the subject's provisional results
        are out, the appeal windows and their appeals."""
        require(actor, "olympiad.appeal.file")
        if actor.school is None:
            raise PermissionDenied("sign in with a leader's link")
        results = self._compute()
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            school = session.get(School, actor.school)
            if school is None or school.olympiad_id != olympiad.id:
                raise NotFound("this leader's school is not in the olympiad")
            subjects = {}
            for subject in olympiad.subjects:
                subjects[subject.code] = {
                    "code": subject.code, "names": subject.names,
                    "problems": [_problem_dict(p) for r in subject.rounds for p in r.problems],
                    "provisional_at": _iso(subject.provisional_at),
                    "appeals_close_at": _iso(subject.appeals_close_at),
                    "open": bool(subject.provisional_at and subject.provisional_at <= self.now()
                                 <= subject.appeals_close_at)}
            members = []
            for person in session.scalars(select(Participant).where(
                    Participant.school_id == school.id).order_by(Participant.number)):
                subject = subjects[person.subject.code]
                row = results["subjects"][person.subject.code]["by_id"].get(person.id)
                shown = subject["provisional_at"] is not None and row is not None
                members.append({"number": person.number, "name": person.name,
                                "subject": person.subject.code,
                                "marks": row["marks"] if shown else None,
                                "total": row["total"] if shown else None,
                                "place": row["place"] if shown else None})
        return {"school": {"id": school.id, "name": school.name, "country": school.country},
                "subjects": list(subjects.values()), "members": members,
                "appeals": self.appeals(actor)}

    # -- results ---------------------------------------------------------------------------
    def _compute(self) -> dict[str, Any]:
        """Every subject's results and the school rating from the final marks (cached until
        the next change)."""
        with self._lock:
            version = self._version
            if self._cache is not None and self._cache[0] == version:
                return self._cache[1]
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            data = compute_results(session, olympiad)
        with self._lock:
            if self._version == version:
                self._cache = (version, data)
        return data

    def results(self, subject: str, *, public: bool = True) -> dict[str, Any]:
        """A subject's results board. The public gets :meth:`_public`'s view of the live
        results, or of the frozen snapshot while the board is frozen."""
        settings = self._settings() if public else {}
        board = settings.get("frozen")
        if board is not None and subject in board["subjects"]:
            data = board["subjects"][subject]
        else:
            data = self._compute()["subjects"].get(subject)
            if data is None:
                with self.venue.db.session() as session:
                    self._subject(self._olympiad(session), subject)  # raises NotFound
            data = {k: v for k, v in data.items() if k != "by_id"}
        return self._public(data, subject, settings) if public else data

    def rating(self, *, public: bool = True) -> dict[str, Any]:
        """The school rating (sum of members' results), Grand Prix and places."""
        settings = self._settings() if public else {}
        board = settings.get("frozen")
        data = board["rating"] if board is not None else self._compute()["rating"]
        return self._public(data, "schools", settings) if public else data

    def _settings(self) -> dict[str, Any]:
        """The olympiad's settings: the frozen board, the ceremony, what is announced."""
        with self.venue.db.session() as session:
            return dict(self._olympiad(session).settings or {})

    def board_state(self) -> dict[str, Any]:
        """What every results board shows around the results: frozen? ceremony?"""
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            settings = olympiad.settings or {}
            frozen = settings.get("frozen")
            subjects = [{"code": s.code, "names": s.names,
                         "provisional": s.provisional_at is not None}
                        for s in olympiad.subjects]
            return {"name": olympiad.name, "code": olympiad.code, "subjects": subjects,
                    "frozen": bool(frozen), "frozen_at": frozen.get("at") if frozen else None,
                    "ceremony": settings.get("ceremony"),
                    "announced": settings.get("announced", [])}

    def _public(self, data: dict[str, Any], target: str,
                settings: dict[str, Any]) -> dict[str, Any]:
        """What the public may see of a subject's results (or the school rating, target
        "schools"):

        * marks per problem and which rows wait for a mark only once the subject's
          provisional results are published: while the jury marks blind, a name beside a
          per-problem mark would let a juror match codes to names;
        * medals, mentions, cut-offs, winners and Grand Prix only once announced (a
          ceremony of that target has ended); during its ceremony only the revealed rows.
        """
        ceremony = settings.get("ceremony")
        hidden = {"winners": [], "best_girls": [], "cutoffs": {}, "counts": {}}
        hidden = {k: v for k, v in hidden.items() if k in data}
        if ceremony and ceremony.get("target") == target:
            rows = _blind(self._revealed(data, ceremony["revealed"]), data)
            return {**data, **hidden, "rows": rows, "ceremony": True}
        rows = _blind(data["rows"], data)
        if target in settings.get("announced", []):
            return {**data, "rows": rows, "announced": True}
        return {**data, **hidden, "announced": False,
                "rows": [{**row, "award": None} for row in rows]}

    @staticmethod
    def _ceremony_groups(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
        """The rows a ceremony reveals, bottom-up, one shared place at a time: medallists
        (subjects) or the schools with a Grand Prix or place diploma."""
        rows = [r for r in data["rows"] if r.get("award") not in (None, "none", "hm")]
        groups: list[list[dict[str, Any]]] = []
        for row in reversed(rows):
            if groups and groups[-1][0]["place"] == row["place"]:
                groups[-1].insert(0, row)
            else:
                groups.append([row])
        return groups

    def _revealed(self, data: dict[str, Any], count: int) -> list[dict[str, Any]]:
        groups = self._ceremony_groups(data)[:count]
        return [row for group in reversed(groups) for row in group]

    def medal_preview(self, actor: Actor, subject: str) -> dict[str, Any]:
        """Each named policy's cut-offs and counts side by side with the current setting."""
        require(actor, "olympiad.admin")
        data = self._compute()["subjects"].get(subject)
        if data is None:
            raise NotFound(f"no subject {subject!r}")
        totals = {r["id"]: r["total"] for r in data["rows"]}
        preview = brackets.medal_preview(totals)
        out = {name: {"cutoffs": _cutoffs_dict(p["cutoffs"]), "counts": p["counts"]}
               for name, p in preview.items()}
        histogram = defaultdict(int)
        for total in totals.values():
            histogram[total] += 1
        return {"subject": subject, "policies": out, "policy": data["policy"],
                "hm": data["hm"], "current": {"cutoffs": data["cutoffs"],
                                              "counts": data["counts"]},
                "participants": len(totals),
                "histogram": sorted(histogram.items(), reverse=True)}

    def set_medals(self, actor: Actor, subject: str, policy: str,
                   cutoffs: Mapping[str, Any] | None = None,
                   hm: str | None | bool = False) -> dict[str, Any]:
        """Choose a subject's medal policy, or fix the jury's cut-offs (``policy="jury"``
        with gold/silver/bronze; an empty one means nobody gets that medal). ``hm`` (when
        given) is "imo", "ioi" or None."""
        require(actor, "olympiad.admin")
        errors = []
        if policy not in POLICIES:
            errors.append(("policy", f"must be one of {', '.join(POLICIES)}"))
        fixed = None
        if cutoffs is not None and not isinstance(cutoffs, Mapping):
            raise ValidationError([("cutoffs", "an object with gold, silver and bronze")])
        if policy == "jury":
            values = {}
            for level in brackets.MEDALS:
                raw = (cutoffs or {}).get(level)
                if raw in (None, ""):
                    values[level] = None
                    continue
                number = _number(raw)
                if number is None or number < 0:
                    errors.append((level, "must be a number >= 0 or empty"))
                values[level] = number
            if not errors:
                try:
                    brackets.Cutoffs(**values)
                except ValueError as exc:
                    errors.append(("cutoffs", str(exc)))
                fixed = values
        if hm is not False and hm not in (None, *HM_RULES):
            errors.append(("hm", "must be imo, ioi or none"))
        if errors:
            raise ValidationError(errors)
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            subj = self._subject(olympiad, subject)
            before = {"policy": subj.policy, "cutoffs": subj.cutoffs, "hm": subj.hm}
            subj.policy, subj.cutoffs = policy, fixed
            if hm is not False:
                subj.hm = hm
            after = {"policy": subj.policy, "cutoffs": subj.cutoffs, "hm": subj.hm}
            audit.record(session, actor, "olympiad.medals", f"subject {subj.code}",
                         before=before, after=after)
        self._changed([subject])
        return after

    def set_rating(self, actor: Actor, basis: str, places: Any) -> dict[str, Any]:
        """The school rating's basis ("points" or "percent" of each subject's maximum) and
        how many places after the Grand Prix get diplomas."""
        require(actor, "olympiad.admin")
        errors = []
        if basis not in RATING_BASES:
            errors.append(("basis", "must be points or percent"))
        count = _number(places)
        if count is None or count != int(count) or not 0 <= count <= 10:
            errors.append(("places", "a whole number from 0 to 10"))
        if errors:
            raise ValidationError(errors)
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            before = dict(olympiad.settings or {})
            olympiad.settings = {**before, "rating_basis": basis, "school_places": int(count)}
            audit.record(session, actor, "olympiad.rating", f"olympiad {olympiad.code}",
                         before={k: before.get(k) for k in ("rating_basis", "school_places")},
                         after={"rating_basis": basis, "school_places": int(count)})
        self._changed([])
        return {"rating_basis": basis, "school_places": int(count)}

    # -- the board: freeze and ceremony ----------------------------------------------------
    def freeze(self, actor: Actor, frozen: bool) -> dict[str, Any]:
        """Freeze the public board at the current results (the jury and organiser keep
        seeing live results), or unfreeze it."""
        require(actor, "olympiad.board")
        data = self._compute() if frozen else None
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            settings = dict(olympiad.settings or {})
            if frozen and not settings.get("frozen"):
                settings["frozen"] = {
                    "at": _iso(self.now()),
                    "subjects": {code: {k: v for k, v in s.items() if k != "by_id"}
                                 for code, s in data["subjects"].items()},
                    "rating": data["rating"]}
            elif not frozen:
                settings.pop("frozen", None)
            olympiad.settings = settings
            audit.record(session, actor, "olympiad.freeze", f"olympiad {olympiad.code}",
                         after={"frozen": frozen})
        state = self.board_state()
        self.venue.bus.publish("live", "olympiad.board", state)
        return state

    def ceremony(self, actor: Actor, command: str, target: str | None = None) -> dict[str, Any]:
        """The ceremony on the results board: ``start`` (a subject code or "schools"),
        ``next`` (reveal the next place from the bottom), ``back``, ``all`` and ``end``,
        which announces the target: its medals (or Grand Prix and places) stay public."""
        require(actor, "olympiad.board")
        if command not in ("start", "next", "back", "all", "end"):
            raise ValidationError([("command", "start, next, back, all or end")])
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            settings = dict(olympiad.settings or {})
            ceremony = settings.get("ceremony")
            if command == "start":
                if target != "schools":
                    self._subject(olympiad, target or "")
                ceremony = {"target": target, "revealed": 0}
            elif ceremony is None and command != "end":
                raise Conflict("start the ceremony first")
            elif command == "end":
                ceremony = None
            if ceremony is not None:
                data = (self.rating(public=False) if ceremony["target"] == "schools"
                        else self.results(ceremony["target"], public=False))
                frozen = settings.get("frozen")
                if frozen:
                    data = (frozen["rating"] if ceremony["target"] == "schools"
                            else frozen["subjects"][ceremony["target"]])
                groups = len(self._ceremony_groups(data))
                step = {"next": 1, "back": -1}.get(command, 0)
                revealed = groups if command == "all" else ceremony["revealed"] + step
                ceremony = {**ceremony, "revealed": max(0, min(groups, revealed)),
                            "groups": groups}
                ceremony["rows"] = _blind(self._revealed(data, ceremony["revealed"]), data)
            elif command == "end" and settings.get("ceremony"):
                # The ceremony's target is announced: its medals are public from now on.
                target = settings["ceremony"]["target"]
                settings["announced"] = sorted({*settings.get("announced", []), target})
            settings["ceremony"] = ceremony
            olympiad.settings = settings
        state = self.board_state()
        self.venue.bus.publish("live", "olympiad.board", state)
        return state

    # -- documents ---------------------------------------------------------------------------
    def documents(self, actor: Actor, subject: str | None = None, which: str = "all",
                  lang: str | None = None) -> dict[str, Any]:
        """What the certificates and diplomas say, in print order (subject, then place):
        ``which`` is "all", "diplomas" (medals and honourable mentions) or "certificates";
        each in ``lang`` or else the participant's language of work (kk/ru/en), else the
        olympiad's."""
        require(actor, "olympiad.admin")
        if which not in ("all", "diplomas", "certificates"):
            raise ValidationError([("which", "all, diplomas or certificates")])
        if lang not in (None, "", *LANGS):
            raise ValidationError([("lang", "kk, ru or en")])
        data = self._compute()
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            subjects = [self._subject(olympiad, subject)] if subject else olympiad.subjects
            people = {p.id: p for p in session.scalars(
                select(Participant).where(Participant.olympiad_id == olympiad.id)
                .options(selectinload(Participant.school)))}
            docs = []
            for subj in subjects:
                results = data["subjects"][subj.code]
                for row in results["rows"]:
                    medal = row["award"] != "none"
                    if (which == "diplomas" and not medal) or (
                            which == "certificates" and medal):
                        continue
                    person = people[row["id"]]
                    doc_lang = lang or (person.language if person.language in LANGS
                                        else olympiad.language)
                    docs.append({"lang": doc_lang, "award": row["award"], "name": person.name,
                                 "subject": subj.names.get(doc_lang) or subj.code,
                                 "school": person.school.name, "city": person.city,
                                 "country": person.country, "grade": person.grade,
                                 "total": row["total"], "max_total": results["max_total"],
                                 "place": row["place"], "number": person.number,
                                 "verify": person.verify})
            return {"olympiad": {"name": olympiad.name, "dates": olympiad.dates,
                                 "place": olympiad.place, "language": olympiad.language},
                    "documents": docs}

    def verify(self, token: str) -> dict[str, Any]:
        """The public check behind a document's QR code: who received what."""
        data = self._compute()
        with self.venue.db.session() as session:
            olympiad = self._olympiad(session)
            person = session.scalar(select(Participant).where(
                Participant.olympiad_id == olympiad.id, Participant.verify == token))
            if person is None:
                raise NotFound("no document has this code")
            row = data["subjects"][person.subject.code]["by_id"][person.id]
            return {"olympiad": olympiad.name, "name": person.name,
                    "school": person.school.name, "country": person.country,
                    "subject": person.subject.code, "subject_names": person.subject.names,
                    "award": row["award"], "total": row["total"], "place": row["place"],
                    "final": person.subject.appeals_close_at is not None
                    and self.now() > person.subject.appeals_close_at}


# -- computing results (also used by bench/olympiad.py) ------------------------------------------
def final_marks(session: Session, olympiad: Olympiad) -> dict[int, dict[int, float]]:
    """participant id -> problem id -> final mark (post-appeal, else agreed)."""
    finals: dict[int, dict[int, float]] = defaultdict(dict)
    appealed = []
    mark, work, person = Mark.__table__.c, Work.__table__.c, Participant.__table__.c
    # Plain table columns on the connection: no ORM row processing for 100,000 marks.
    query = (select(work.participant_id, mark.problem_id, mark.kind, mark.value)
             .select_from(Mark.__table__.join(Work.__table__, mark.work_id == work.id)
                          .join(Participant.__table__, work.participant_id == person.id))
             .where(person.olympiad_id == olympiad.id, mark.kind.in_(("agreed", "appeal"))))
    for participant, problem, kind, value in session.connection().execute(query):
        if kind == "appeal":
            appealed.append((participant, problem, value))
        else:
            finals[participant][problem] = value
    for participant, problem, value in appealed:
        finals[participant][problem] = value
    return finals


def compute_results(session: Session, olympiad: Olympiad,
                    finals: dict[int, dict[int, float]] | None = None) -> dict[str, Any]:
    """Every subject's rows (place, marks, total, award), cut-offs, counts, winners and
    best girl, and the school rating with Grand Prix and places."""
    with _gc_paused():
        if finals is None:
            finals = final_marks(session, olympiad)
        people = _people(session, olympiad)
        schools = {s.id: s for s in olympiad.schools}
        return results_from(olympiad, people, schools, finals)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building tens of thousands of rows would trigger full garbage collections over the
    whole heap (a third of the recompute's time at 5,000 participants); the rows are
    plain data without cycles, so collection waits until they are built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _people(session: Session, olympiad: Olympiad) -> list:
    c = Participant.__table__.c
    return session.connection().execute(
        select(c.id, c.number, c.name, c.gender, c.grade, c.city, c.country, c.school_id,
               c.subject_id)
        .where(c.olympiad_id == olympiad.id).order_by(c.number)).all()


def results_from(olympiad: Olympiad, people: list, schools: Mapping[int, School],
                 finals: Mapping[int, Mapping[int, float]]) -> dict[str, Any]:
    """:func:`compute_results` once the rows are loaded (pure apart from reading the
    olympiad's structure)."""
    by_subject = defaultdict(list)
    for person in people:
        by_subject[person.subject_id].append(person)
    subjects: dict[str, Any] = {}
    members = defaultdict(list)
    school_names = {school_id: school.name for school_id, school in schools.items()}
    basis = (olympiad.settings or {}).get("rating_basis", "points")
    for subject in olympiad.subjects:
        problems = [p for r in subject.rounds for p in r.problems]
        specs = [brackets.ProblemSpec(p.id, p.max_points, r.number)
                 for r in subject.rounds for p in r.problems]
        max_total = round(math.fsum(p.max_points for p in problems), 6)
        group = by_subject[subject.id]
        marks = {person.id: finals.get(person.id, {}) for person in group}
        policy: str | brackets.Cutoffs = subject.policy
        if subject.policy == "jury":
            fixed = subject.cutoffs or {}
            policy = brackets.Cutoffs(*(fixed.get(k) for k in brackets.MEDALS))
        outcome = brackets.subject_results(specs, marks, policy, subject.hm)
        info = {person.id: person for person in group}
        rows = []
        by_id = {}
        for row in outcome.rows:
            person = info[row.participant]
            out = {"id": person.id, "number": person.number, "name": person.name,
                   "gender": person.gender, "grade": person.grade,
                   "school": school_names[person.school_id], "school_id": person.school_id,
                   "city": person.city, "country": person.country,
                   "marks": list(row.marks), "total": row.total, "place": row.place,
                   "award": row.award, "pending": row.pending}
            rows.append(out)
            by_id[person.id] = out
            members[person.school_id].append((row.total, max_total))
        girls = brackets.best_among(outcome, (p.id for p in group if p.gender == "f"))
        subjects[subject.code] = {
            "code": subject.code, "names": subject.names,
            "problems": [p.label for p in problems], "max_total": max_total,
            "policy": subject.policy, "hm": subject.hm,
            "cutoffs": _cutoffs_dict(outcome.cutoffs), "counts": outcome.counts,
            "rows": rows, "by_id": by_id, "pending": outcome.pending,
            "winners": [by_id[p]["number"] for p in outcome.winners],
            "best_girls": [by_id[p]["number"] for p in girls],
            "provisional": subject.provisional_at is not None}
    for school_id in schools:
        members.setdefault(school_id, [])
    table = brackets.team_rating(members, basis) if schools else []
    places = (olympiad.settings or {}).get("school_places", 3)
    rating_rows = []
    top = table[0][1] if table else 0
    rest = [(sid, total) for sid, total, place in table if place != 1 or top <= 0]
    rest_places = brackets.rank(dict(rest))
    for school_id, total, place in table:
        school = schools[school_id]
        if place == 1 and top > 0:
            award = "grand_prix"
        elif school_id in rest_places and rest_places[school_id] <= places and total > 0:
            award = f"place{rest_places[school_id]}"
        else:
            award = "none"
        rating_rows.append({"id": school_id, "school": school.name, "city": school.city,
                            "country": school.country, "total": total, "place": place,
                            "members": len(members[school_id]), "award": award})
    return {"subjects": subjects,
            "rating": {"basis": basis, "places": places, "rows": rating_rows}}


# -- helpers -----------------------------------------------------------------------------------
def _blind(rows: list[dict[str, Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows without per-problem marks and pending flags while a subject is still being
    marked (see ``OlympiadDesk._public``); the school rating's rows are kept as they are."""
    if "provisional" not in data or data["provisional"]:
        return rows
    return [{**row, "marks": None, "pending": None} for row in rows]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _cutoffs_dict(levels: brackets.Cutoffs) -> dict[str, float | None]:
    return {level: getattr(levels, level) for level in brackets.MEDALS}


def _subject_key(text: str) -> str:
    return text.strip().casefold()


def _new_code(subject: Subject, rnd: OlympiadRound, taken: set[str]) -> str:
    while True:
        code = (f"{subject.code[:1].upper()}{rnd.number}-"
                + "".join(secrets.choice(CODE_ALPHABET) for _ in range(5)))
        if code not in taken:
            taken.add(code)
            return code


def _check_open(subject: Subject) -> None:
    if subject.provisional_at is not None:
        raise Conflict(f"{subject.code}'s provisional results are published; marks now change "
                       "only through appeals")


def _same(mark: Mark, actor: Actor) -> bool:
    if mark.by_user is not None and actor.user_id is not None:
        return mark.by_user == actor.user_id
    return mark.by == actor.name


def _marked(marks: Mapping[str, Mark], actor: Actor) -> bool:
    """Whether ``actor`` is the first or second marker of these marks."""
    return any(_same(marks[k], actor) for k in ("first", "second") if k in marks)


def _is_chief(session: Session, actor: Actor, problem: Problem) -> bool:
    if actor.role == "admin":
        return True
    if not problem.chief or actor.user_id is None:
        return False
    user = session.get(User, actor.user_id)
    return user is not None and user.username == problem.chief


def _marks_of(session: Session, work: Work, problem: Problem) -> dict[str, Mark]:
    return {m.kind: m for m in session.scalars(
        select(Mark).where(Mark.work_id == work.id, Mark.problem_id == problem.id))}


def _settle(session: Session, work: Work, problem: Problem, step: float,
            marks: dict[str, Mark], now: datetime) -> None:
    """After a marker's change: within tolerance the agreed mark is the two marks' mean
    (``by_user = -1`` marks it as automatic); beyond it the work is disputed."""
    first, second = marks.get("first"), marks.get("second")
    agreed = marks.get("agreed")
    if first is None or second is None:
        return
    if abs(first.value - second.value) <= problem.tolerance + 1e-9:
        value = _round_to_step((first.value + second.value) / 2, step)
        if agreed is None:
            agreed = Mark(work_id=work.id, problem_id=problem.id, kind="agreed", value=value,
                          by="within tolerance", by_user=-1, at=now)
            session.add(agreed)
            marks["agreed"] = agreed
        agreed.value, agreed.at = value, now
    elif agreed is not None:
        session.delete(agreed)
        del marks["agreed"]


def _status(marks: Mapping[str, Mark]) -> str:
    if "appeal" in marks:
        return "appealed"
    agreed = marks.get("agreed")
    if agreed is not None:
        if agreed.by == "import":
            return "imported"
        return "agreed" if agreed.by_user == -1 else "resolved"
    if "first" in marks and "second" in marks:
        return "disputed"
    return "first" if marks else "unmarked"


def _final(marks: Mapping[str, Mark]) -> float | None:
    for kind in ("appeal", "agreed"):
        if kind in marks:
            return marks[kind].value
    return None


def _work_row(code: str, marks: Mapping[str, Mark], actor: Actor) -> dict[str, Any]:
    """One work on the jury page: code, status, the actor's own mark; the two markers' marks
    and the agreed one only once both marked. Never a name."""
    status = _status(marks)
    both = "first" in marks and "second" in marks
    mine = next((m.value for k, m in marks.items() if k in ("first", "second")
                 and _same(m, actor)), None)
    row = {"code": code, "status": status, "mine": mine,
           "first": marks["first"].value if both else None,
           "second": marks["second"].value if both else None,
           "agreed": marks["agreed"].value if "agreed" in marks else None,
           "final": _final(marks)}
    if both:
        row["markers"] = [marks["first"].by, marks["second"].by]
    if "agreed" in marks and marks["agreed"].by_user != -1:
        row["agreed_by"] = marks["agreed"].by
    return row


def _statuses(session: Session, olympiad: Olympiad) -> dict[int, dict[int, str]]:
    by_key: dict[tuple[int, int], dict[str, Any]] = defaultdict(dict)
    query = (select(Mark).join(Work, Mark.work_id == Work.id)
             .join(Participant, Work.participant_id == Participant.id)
             .where(Participant.olympiad_id == olympiad.id))
    for mark in session.scalars(query):
        by_key[(mark.problem_id, mark.work_id)][mark.kind] = mark
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for (problem_id, work_id), marks in by_key.items():
        out[problem_id][work_id] = _status(marks)
    return out


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"id": problem.id, "label": problem.label, "max": problem.max_points,
            "tolerance": problem.tolerance, "chief": problem.chief}


def _structure_dict(olympiad: Olympiad) -> dict[str, Any]:
    return {"code": olympiad.code, "name": olympiad.name, "language": olympiad.language,
            "dates": olympiad.dates, "place": olympiad.place,
            "rating_basis": (olympiad.settings or {}).get("rating_basis", "points"),
            "school_places": (olympiad.settings or {}).get("school_places", 3),
            "subjects": [{"id": s.id, "code": s.code, "names": s.names, "step": s.step,
                          "team_quota": s.team_quota, "policy": s.policy, "hm": s.hm,
                          "cutoffs": s.cutoffs, "provisional_at": _iso(s.provisional_at),
                          "appeals_close_at": _iso(s.appeals_close_at),
                          "rounds": [{"id": r.id, "number": r.number, "kind": r.kind,
                                      "problems": [_problem_dict(p) for p in r.problems]}
                                     for r in s.rounds]}
                         for s in olympiad.subjects]}


def _person(p: Participant) -> dict[str, Any]:
    return {"id": p.id, "number": p.number, "name": p.name, "gender": p.gender,
            "grade": p.grade, "language": p.language, "city": p.city, "country": p.country,
            "school": p.school.name, "school_id": p.school_id, "subject": p.subject.code}


def _appeal_dict(appeal: Appeal, code: str, *, names: bool) -> dict[str, Any]:
    out = {"id": appeal.id, "code": code, "problem_id": appeal.problem_id,
           "problem": appeal.problem.label, "subject": appeal.problem.round.subject.code,
           "reason": appeal.reason, "filed_at": _iso(appeal.filed_at),
           "status": appeal.status, "decided_by": appeal.decided_by,
           "decided_at": _iso(appeal.decided_at), "decision": appeal.decision,
           "before": appeal.before, "after": appeal.after}
    if names:
        out.update(participant=appeal.participant.number, name=appeal.participant.name,
                   filed_by=appeal.filed_by)
    return out


def _csv_rows(text: str):
    """A CSV reader for what organisers export: a UTF-8 byte-order mark is dropped, and a
    file whose header uses ";" and no "," (Excel in Kazakh or Russian settings) is read
    with ";" between cells."""
    text = text.lstrip("\ufeff")
    if "\ufffd" in text:  # what a browser makes of a file that is not UTF-8
        line = text[:text.index("\ufffd")].count("\n") + 1
        raise ValidationError([(f"row {line}", "the file is not UTF-8 text; save it as "
                                "\"CSV UTF-8\" and import it again")])
    header = text.split("\n", 1)[0]
    return csv.reader(io.StringIO(text), delimiter=";" if ";" in header and "," not in header
                      else ",")


def _read_csv(text: str, required: tuple[str, ...],
              known: tuple[str, ...]) -> tuple[list[tuple[int, dict[str, str]]],
                                                list[tuple[str, str]]]:
    """Rows of a CSV with a header (row 1), cells stripped; errors for a missing or unknown
    column or a row with the wrong number of cells. Blank rows are skipped."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError([("file", "the CSV is empty")])
    reader = _csv_rows(text)
    header = [h.strip().casefold() for h in next(reader, None) or []]
    if not header:
        raise ValidationError([("file", "the CSV is empty")])
    errors = []
    missing = [c for c in required if c not in header]
    if missing:
        errors.append(("row 1", "missing column(s): " + ", ".join(missing)))
    unknown = [h for h in header if h not in known]
    if unknown:
        errors.append(("row 1", f"unknown column(s): {', '.join(unknown)}; columns: "
                       + ", ".join(known)))
    if errors:
        raise ValidationError(errors)
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append((f"row {line}", f"{len(cells)} cells, the header has {len(header)}"))
            continue
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows, errors


def _check_structure(structure: Any, errors: list[tuple[str, str]]) -> list[Subject]:
    subjects = []
    items = structure.get("subjects") if isinstance(structure, Mapping) else None
    if not isinstance(items, list) or not items:
        errors.append(("subjects", "list at least one subject"))
        return []
    codes = set()
    for i, item in enumerate(items):
        at = f"subjects[{i}]"
        if not isinstance(item, Mapping):
            errors.append((at, "must be an object"))
            continue
        code = item.get("code")
        if not isinstance(code, str) or not code.isidentifier() or len(code) > 40:
            errors.append((f"{at}.code", "letters, digits and _ (up to 40)"))
        elif code in codes:
            errors.append((f"{at}.code", f"{code!r} repeats"))
        codes.add(code)
        names = item.get("names") or {}
        if not isinstance(names, Mapping) or any(not isinstance(names.get(lang), str)
                                                  or not names.get(lang) for lang in LANGS):
            errors.append((f"{at}.names", "give the name in kk, ru and en"))
        step = _number(item.get("step", 1))
        if step is None or not 0 < step <= 10:
            errors.append((f"{at}.step", "a number above 0 (1 = whole points)"))
            step = 1.0
        quota = item.get("team_quota", 3)
        if isinstance(quota, bool) or not isinstance(quota, int) or not 1 <= quota <= 20:
            errors.append((f"{at}.team_quota", "a whole number from 1 to 20"))
        policy = item.get("policy", "ioi")
        if policy not in POLICIES:
            errors.append((f"{at}.policy", f"one of {', '.join(POLICIES)}"))
        hm = item.get("hm")
        if hm not in (None, *HM_RULES):
            errors.append((f"{at}.hm", "imo, ioi or null"))
        rounds = item.get("rounds")
        if not isinstance(rounds, list) or not rounds:
            errors.append((f"{at}.rounds", "list at least one round"))
            rounds = []
        subject = Subject(code=code, position=i, names=dict(names) if isinstance(
            names, Mapping) else {}, step=step, team_quota=quota, policy=policy, hm=hm,
            cutoffs=None)
        number = 0
        for j, rnd in enumerate(rounds):
            rat = f"{at}.rounds[{j}]"
            if not isinstance(rnd, Mapping):
                errors.append((rat, "must be an object"))
                continue
            kind = rnd.get("kind", "theoretical")
            if kind not in ROUND_KINDS:
                errors.append((f"{rat}.kind", f"one of {', '.join(ROUND_KINDS)}"))
            problems = rnd.get("problems")
            if not isinstance(problems, list) or not problems:
                errors.append((f"{rat}.problems", "list at least one problem"))
                problems = []
            new_round = OlympiadRound(number=j + 1, kind=kind)
            for k, prob in enumerate(problems):
                pat = f"{rat}.problems[{k}]"
                prob = prob if isinstance(prob, Mapping) else {}
                top = _number(prob.get("max"))
                if top is None or top <= 0 or not _on_step(top, step):
                    errors.append((f"{pat}.max", f"a number above 0 in steps of {step:g}"))
                    top = 1.0
                tol = _number(prob.get("tolerance", 0))
                if tol is None or tol < 0:
                    errors.append((f"{pat}.tolerance", "a number >= 0"))
                    tol = 0.0
                chief = prob.get("chief", "")
                if not isinstance(chief, str):
                    errors.append((f"{pat}.chief", "a jury user name"))
                    chief = ""
                number += 1
                new_round.problems.append(Problem(number=number, max_points=top,
                                                  tolerance=tol, chief=chief))
            subject.rounds.append(new_round)
        subjects.append(subject)
    return subjects
