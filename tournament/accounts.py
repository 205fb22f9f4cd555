"""Who may do what: roles, password hashing, join codes that sign a tablet in, permission checks."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import NotFound, PermissionDenied, ValidationError
from .models import Event, JoinCode, User

ROLES = ("admin", "scorekeeper", "head_referee", "referee", "judge", "jury", "leader")

# The one table of permissions; every write in the services goes through ``require``.
PERMISSIONS: dict[str, frozenset[str]] = {
    "score.submit": frozenset({"referee", "head_referee", "admin"}),
    "score.any_alliance": frozenset({"head_referee", "admin"}),
    "match.run": frozenset({"scorekeeper", "admin"}),  # load, start, abort, replay, live score
    "match.review": frozenset({"scorekeeper", "head_referee", "admin"}),  # review, commit, DQ
    "event.admin": frozenset({"admin"}),
    "playoff.run": frozenset({"scorekeeper", "admin"}),  # alliance selection, brackets, forfeits
    "control.view": frozenset({"scorekeeper", "head_referee", "admin"}),
    "judging.score": frozenset({"judge", "admin"}),  # FLL rubrics in a judging room
    "judging.results": frozenset({"admin"}),  # judging results, award places, nominations
    "olympiad.admin": frozenset({"admin"}),  # structure, import, provisional results, medals
    "olympiad.mark": frozenset({"jury", "admin"}),  # blind marks by work code
    "olympiad.appeal.file": frozenset({"leader", "admin"}),
    "olympiad.appeal.decide": frozenset({"jury", "admin"}),
    "olympiad.board": frozenset({"scorekeeper", "admin"}),  # freeze, ceremony
}


@dataclass(frozen=True)
class Actor:
    """Whoever makes a request: a signed-in user, a tablet signed in by join code, or the public."""

    name: str
    role: str | None = None
    user_id: int | None = None
    device: str = ""
    field: int | None = None
    station: str | None = None  # the alliance a referee tablet is bound to
    school: int | None = None  # an olympiad leader's school team

    @classmethod
    def public(cls, device: str = "") -> Actor:
        return cls(name="public", device=device)

    @classmethod
    def system(cls) -> Actor:
        return cls(name="system", role="admin", device="server")

    def can(self, action: str) -> bool:
        return self.role is not None and self.role in PERMISSIONS[action]


def require(actor: Actor, action: str) -> None:
    """Raise PermissionDenied unless the actor's role allows ``action``."""
    if not actor.can(action):
        who = actor.role or "the public"
        raise PermissionDenied(f"{who} may not {action.replace('.', ' ')}")


_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """scrypt with a random salt, stored as ``scrypt$n$r$p$salt$hash`` (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(stored: str, password: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=len(digest) // 2,
                         n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got.hex(), digest)


def create_user(session: Session, username: str, password: str, role: str,
                display_name: str = "") -> User:
    errors = []
    username = username.strip()
    if not username:
        errors.append(("username", "is required"))
    elif session.scalar(select(User).where(User.username == username)):
        errors.append(("username", f"{username!r} is already taken"))
    if len(password) < 8:
        errors.append(("password", "must be at least 8 characters"))
    if role not in ROLES:
        errors.append(("role", f"must be one of {', '.join(ROLES)}"))
    if errors:
        raise ValidationError(errors)
    user = User(username=username, password_hash=hash_password(password), role=role,
                display_name=display_name.strip() or username)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not check_password(user.password_hash, password):
        return None
    return user


def create_join_code(session: Session, event: Event, role: str, field: int | None = None,
                     station: str | None = None, label: str = "") -> JoinCode:
    """A new code for the admin to show as a QR; whoever opens its link signs in as ``role``."""
    errors = []
    if role not in ROLES or role in ("admin", "jury", "leader"):
        errors.append(("role", "join codes are for scorekeeper, head_referee or referee"))
    if station not in (None, "", "red", "blue"):
        errors.append(("station", "must be red, blue or empty"))
    if role == "referee" and not station:
        errors.append(("station", "a referee tablet needs an alliance (red or blue)"))
    if errors:
        raise ValidationError(errors)
    code = JoinCode(code=secrets.token_urlsafe(12), event_id=event.id, role=role,
                    field_number=field, station=station or None,
                    label=label.strip() or f"{role} {station or ''}".strip())
    session.add(code)
    session.flush()
    return code


def redeem_join_code(session: Session, code: str) -> JoinCode:
    join = session.scalar(select(JoinCode).where(JoinCode.code == code))
    if join is None or join.revoked:
        raise NotFound("this join code is unknown or was revoked")
    return join
