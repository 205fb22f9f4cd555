"""The append-only audit log: one entry per change, with who, device, when, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .accounts import Actor
from .models import AuditEntry


def record(session: Session, actor: Actor, action: str, subject: str, *, before: Any = None,
           after: Any = None, event_id: int | None = None, note: str = "") -> AuditEntry:
    """Append an entry in the caller's transaction (so it lands exactly when the change does)."""
    entry = AuditEntry(actor=actor.name, role=actor.role or "", device=actor.device,
                       action=action, subject=subject, before=before, after=after,
                       event_id=event_id, note=note)
    session.add(entry)
    return entry
