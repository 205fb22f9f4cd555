"""The organiser's templates for printed documents: per document kind, an accent colour, a
logo and the signatories. Team documents keep theirs in the event's settings, olympiad
documents in the olympiad's; badges use the event's, or the olympiad's on a server that runs
only an olympiad. The logo is a file in the instance folder's ``uploads/``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import audit
from .accounts import Actor, require
from .errors import NotFound, ValidationError
from .models import Olympiad

if TYPE_CHECKING:
    from .venue import Venue

KINDS = ("award", "participation", "diploma", "certificate", "badge")
OLYMPIAD_KINDS = ("diploma", "certificate")
DEFAULT = {"accent": "#1f4e79", "logo": "", "signatories": []}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO = re.compile(r"^[A-Za-z0-9._-]{1,80}\.(png|jpe?g)$", re.IGNORECASE)
MAX_SIGNATORIES = 4


class PrintDesk:
    def __init__(self, venue: Venue) -> None:
        self.venue = venue
        self.uploads_dir: Path | None = None  # the app sets it: <instance>/uploads

    def uploads(self) -> Path:
        if self.uploads_dir is None:
            raise NotFound("this server has no uploads folder")
        return self.uploads_dir

    def template(self, kind: str) -> dict[str, Any]:
        """accent, logo (a file name, and ``logo_path`` when the file exists), signatories
        [{title, name}] for ``kind``; the defaults where the organiser set nothing."""
        if kind not in KINDS:
            raise ValidationError([("kind", f"one of {', '.join(KINDS)}")])
        with self.venue.db.session() as session:
            owner = self._owner(session, kind)
            stored = ((owner.settings or {}).get("print", {}) if owner else {}).get(kind, {})
        out = {**DEFAULT, **stored}
        path = (self.uploads_dir / out["logo"]
                if out["logo"] and self.uploads_dir is not None else None)
        out["logo_path"] = str(path) if path is not None and path.is_file() else None
        return out

    def set_template(self, actor: Actor, kind: str, values: dict[str, Any]) -> dict[str, Any]:
        require(actor, "olympiad.admin" if kind in OLYMPIAD_KINDS else "event.admin")
        if kind not in KINDS:
            raise ValidationError([("kind", f"one of {', '.join(KINDS)}")])
        problems: list[tuple[str, str]] = []
        clean: dict[str, Any] = {}
        if "accent" in values:
            accent = str(values["accent"]).strip()
            if not _COLOUR.match(accent):
                problems.append(("accent", f"{accent!r} is not a colour like #1f4e79"))
            clean["accent"] = accent.lower()
        if "logo" in values:
            logo = str(values["logo"] or "").strip()
            if logo and not _LOGO.match(logo):
                problems.append(("logo", "a PNG or JPEG file name from the uploads folder"))
            elif logo and not (self.uploads() / logo).is_file():
                problems.append(("logo", f"{logo} is not in the uploads folder"))
            clean["logo"] = logo
        if "signatories" in values:
            rows = values["signatories"] or []
            signatories = []
            if not isinstance(rows, list) or len(rows) > MAX_SIGNATORIES:
                problems.append(("signatories", f"at most {MAX_SIGNATORIES}"))
                rows = []
            for i, row in enumerate(rows, 1):
                title = str((row or {}).get("title", "")).strip()
                name = str((row or {}).get("name", "")).strip()
                if not title and not name:
                    continue
                if not title or not name or len(title) > 120 or len(name) > 120:
                    problems.append((f"signatory {i}", "a title and a name, each at most "
                                                       "120 characters"))
                signatories.append({"title": title, "name": name})
            clean["signatories"] = signatories
        if problems:
            raise ValidationError(problems)
        with self.venue.db.session() as session:
            owner = self._owner(session, kind)
            if owner is None:
                raise NotFound("create the event or the olympiad first")
            settings = dict(owner.settings or {})
            printing = dict(settings.get("print", {}))
            before = printing.get(kind, {})
            printing[kind] = {**before, **clean}
            settings["print"] = printing
            owner.settings = settings
            audit.record(session, actor, "print.template", kind, before=before,
                         after=printing[kind])
        return self.template(kind)

    def save_logo(self, actor: Actor, kind: str, filename: str, data: bytes) -> dict[str, Any]:
        """Store an uploaded PNG or JPEG (at most 2 MB) in the uploads folder under a safe
        name and make it ``kind``'s logo."""
        require(actor, "olympiad.admin" if kind in OLYMPIAD_KINDS else "event.admin")
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            ext = "png"
        elif data.startswith(b"\xff\xd8\xff"):
            ext = "jpg"
        else:
            raise ValidationError([("logo", f"{filename or 'the file'} is not a PNG or JPEG "
                                             "image")])
        if len(data) > 2 * 1024 * 1024:
            raise ValidationError([("logo", "at most 2 MB")])
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(filename or "logo").stem).strip("-")[:40]
        name = f"{kind}-{stem or 'logo'}.{ext}"
        folder = self.uploads()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        return self.set_template(actor, kind, {"logo": name})

    def _owner(self, session, kind: str):
        if kind in OLYMPIAD_KINDS:
            return self._olympiad(session)
        try:
            return self.venue._event(session)
        except NotFound:
            return self._olympiad(session) if kind == "badge" else None

    def _olympiad(self, session) -> Olympiad | None:
        try:
            return self.venue.olympiad._olympiad(session)
        except NotFound:
            return None
