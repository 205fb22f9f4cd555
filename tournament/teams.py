"""Team registration: import from CSV, all rows or none."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import ValidationError
from .models import Event, Team

COLUMNS = ("number", "name", "organization", "city", "country")
REQUIRED = ("number", "name")
LIMITS = {"name": 200, "organization": 200, "city": 120, "country": 120}


def parse_teams_csv(text: str) -> list[dict]:
    """Parse CSV text (UTF-8, header row) into team dicts.

    Every bad row is reported as ("row N", message) with N the line number in the file, and
    nothing is returned unless every row is good.
    """
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ValidationError([("row 1", "the file is empty; expected a header row: "
                                + ",".join(COLUMNS))])
    header = [(h or "").strip().lower() for h in reader.fieldnames]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        raise ValidationError([("row 1", "; ".join(problems) + f" (expected {','.join(COLUMNS)})")])
    reader.fieldnames = header
    errors: list[tuple[str, str]] = []
    teams: list[dict] = []
    seen: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            errors.append((f"row {line}", "has more values than the header has columns"))
            continue
        values = {k: (row.get(k) or "").strip() for k in COLUMNS}
        if not any(values.values()):
            continue  # blank line
        raw_number = values["number"]
        if not raw_number.isdigit() or not (1 <= int(raw_number) <= 999_999):
            errors.append((f"row {line}", f"team number {raw_number!r} is not a whole number "
                           "between 1 and 999999"))
            continue
        number = int(raw_number)
        if number in seen:
            errors.append((f"row {line}", f"team {number} already appears on row {seen[number]}"))
            continue
        seen[number] = line
        if not values["name"]:
            errors.append((f"row {line}", f"team {number} has no name"))
            continue
        too_long = [k for k, limit in LIMITS.items() if len(values[k]) > limit]
        if too_long:
            errors.append((f"row {line}", f"{', '.join(too_long)} too long"))
            continue
        values["number"] = number
        teams.append(values)
    if errors:
        raise ValidationError(errors)
    if not teams:
        raise ValidationError([("file", "no teams found below the header")])
    return teams


def import_teams(session: Session, event: Event, text: str) -> tuple[int, int]:
    """Add or update the event's teams from CSV; returns (added, updated). All or nothing."""
    rows = parse_teams_csv(text)
    existing = {t.number: t for t in session.scalars(select(Team).where(Team.event_id == event.id))}
    added = updated = 0
    for row in rows:
        team = existing.get(row["number"])
        if team is None:
            session.add(Team(event_id=event.id, **row))
            added += 1
        else:
            for key in COLUMNS[1:]:
                setattr(team, key, row[key])
            updated += 1
    session.flush()
    return added, updated
