"""Framing of the hardware protocol (docs/hardware-protocol.md): ASCII lines
``$<seq>,<TYPE>[,<field>…]*<CRC>\\n`` with a CRC-16/CCITT-FALSE, and an incremental decoder
that resynchronises after garbage, bit flips and truncated frames. Pure: no I/O."""

from __future__ import annotations

import binascii
import re
from collections import Counter
from dataclasses import dataclass

MAX_FRAME = 128  # bytes from "$" to "\n" inclusive
MAX_SEQ = 65535
MAX_FIELD = 32

# The bytes between "$" and "\n" (a final "\r" included) may number at most this many.
_MAX_CONTENT = MAX_FRAME - 2

_TYPE_RE = re.compile(r"[A-Z]{2,6}")
_SEQ_RE = re.compile(r"[0-9]{1,5}")
_CRC_RE = re.compile(r"[0-9A-F]{4}")
# A byte a field may hold: printable ASCII except "$", ",", "*".
_FIELD_BAD_RE = re.compile(r"[^\x20-\x23\x25-\x29\x2b\x2d-\x7e]")
# While in a frame, the bytes that need attention: anything outside 0x20–0x7E, and "$".
_SPECIAL_RE = re.compile(rb"[^\x20-\x23\x25-\x7e]")


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, not reflected, no final xor (binascii's
    CRC-CCITT, in C, started at 0xFFFF)."""
    return binascii.crc_hqx(data, 0xFFFF)


def _field_problem(field: str) -> str | None:
    if not isinstance(field, str):
        return f"field {field!r} is not a string"
    if len(field) > MAX_FIELD:
        return f"field {field!r} is {len(field)} characters long (at most {MAX_FIELD})"
    bad = _FIELD_BAD_RE.search(field)
    if bad:
        return (f"field {field!r} holds the forbidden character {bad.group()!r} "
                "(printable ASCII except '$', ',', '*' only)")
    return None


@dataclass(frozen=True)
class Frame:
    """One decoded frame. ``seq`` is -1 for the hand-typed form without seq and CRC."""

    seq: int
    type: str
    fields: tuple[str, ...] = ()

    def encode(self) -> bytes:
        return encode(self.seq, self.type, *self.fields)


def encode(seq: int, type: str, *fields: str) -> bytes:
    """``$<seq>,<TYPE>,<f1>,…*<CRC>\\n``; ValueError naming the problem if a rule is broken."""
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
        raise ValueError(f"seq {seq!r} is not a whole number in 0–{MAX_SEQ}")
    if not isinstance(type, str) or not _TYPE_RE.fullmatch(type):
        raise ValueError(f"TYPE {type!r} is not 2–6 upper-case letters A–Z")
    for field in fields:
        problem = _field_problem(field)
        if problem:
            raise ValueError(problem)
    body = ",".join((str(seq), type, *fields)).encode("ascii")
    frame = b"$%s*%04X\n" % (body, crc16(body))
    if len(frame) > MAX_FRAME:
        raise ValueError(f"{type} frame is {len(frame)} bytes long (at most {MAX_FRAME})")
    return frame


class Decoder:
    """Incremental decoder: ``feed`` bytes as they arrive, get the complete good frames.

    Follows the resynchronisation of the protocol: *hunting* discards bytes until ``$``;
    *in a frame* collects bytes until ``\\n``. A ``$`` inside a frame starts a new one (the
    partial frame counts as "truncated"); a byte outside 0x20–0x7E other than a ``\\r`` right
    before the ``\\n`` drops the frame ("bad_byte"), as does a frame longer than MAX_FRAME
    ("too_long"); both return to hunting. A complete frame with a bad CRC ("crc") or a bad
    seq, TYPE, CRC text or field ("syntax") is dropped. Never raises on any input.

    ``allow_plain=True`` (the firmware side) also accepts the hand-typed form without seq
    and CRC, ``$<TYPE>[,<field>…]\\n``, decoded as ``Frame(seq=-1, …)``. The server never does.
    """

    def __init__(self, allow_plain: bool = False) -> None:
        self.allow_plain = allow_plain
        self.frames = 0
        self.errors: Counter[str] = Counter()
        self._fed = 0
        self._good_bytes = 0
        self._in_frame = False
        self._buf = bytearray()  # bytes after "$" of the frame being collected
        self._cr = False  # the last byte of the frame being collected was "\r"

    @property
    def dropped_bytes(self) -> int:
        """Bytes fed so far that were not part of a good frame (bytes still pending excluded)."""
        pending = 1 + len(self._buf) + self._cr if self._in_frame else 0
        return self._fed - self._good_bytes - pending

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def reset(self) -> None:
        """Forget a partial frame (e.g. after reopening the port); its bytes count as dropped,
        and no error is counted."""
        self._in_frame = False
        self._buf = bytearray()
        self._cr = False

    def _drop(self, reason: str) -> None:
        self.errors[reason] += 1
        self._in_frame = False
        self._buf = bytearray()
        self._cr = False

    def feed(self, data: bytes) -> list[Frame]:
        data = bytes(data)
        out: list[Frame] = []
        n = len(data)
        self._fed += n
        i = 0
        special = _SPECIAL_RE.search
        while i < n:
            if not self._in_frame:
                j = data.find(b"$", i)
                if j < 0:
                    break
                self._in_frame = True
                self._buf = bytearray()
                self._cr = False
                i = j + 1
                continue
            if self._cr:
                if data[i] == 0x0A:  # "\r\n"
                    i += 1
                    self._finish(2, out)
                else:  # a "\r" not followed by "\n"; the byte after it is looked at afresh
                    self._drop("bad_byte")
                continue
            buf = self._buf
            limit = min(n, i + _MAX_CONTENT + 1 - len(buf))
            m = special(data, i, limit)
            if m is None:
                buf += data[i:limit]
                i = limit
                if len(buf) > _MAX_CONTENT:
                    self._drop("too_long")
                continue
            k = m.start()
            buf += data[i:k]
            byte = data[k]
            i = k + 1
            if byte == 0x0A:
                self._finish(1, out)
            elif byte == 0x24:  # "$": the partial frame was truncated; a new one starts
                self.errors["truncated"] += 1
                self._buf = bytearray()
            elif byte == 0x0D:
                if len(buf) + 1 > _MAX_CONTENT:
                    self._drop("too_long")
                else:
                    self._cr = True
            else:
                self._drop("bad_byte")
        return out

    def _finish(self, tail: int, out: list[Frame]) -> None:
        """A complete frame: ``$`` + buf + tail bytes ("\\n" or "\\r\\n")."""
        content = self._buf.decode("ascii")
        frame_len = 1 + len(self._buf) + tail
        self._in_frame = False
        self._buf = bytearray()
        self._cr = False
        frame, reason = self._parse(content)
        if frame is None:
            self.errors[reason] += 1
        else:
            self.frames += 1
            self._good_bytes += frame_len
            out.append(frame)

    def _parse(self, content: str) -> tuple[Frame | None, str]:
        star = content.find("*")
        if star < 0:
            if self.allow_plain:
                return _parse_parts(-1, content.split(","))
            return None, "syntax"
        body, crc_text = content[:star], content[star + 1:]
        if not _CRC_RE.fullmatch(crc_text):
            return None, "syntax"
        if crc16(body.encode("ascii")) != int(crc_text, 16):
            return None, "crc"
        parts = body.split(",")
        if not _SEQ_RE.fullmatch(parts[0]) or int(parts[0]) > MAX_SEQ:
            return None, "syntax"
        return _parse_parts(int(parts[0]), parts[1:])


def _parse_parts(seq: int, parts: list[str]) -> tuple[Frame | None, str]:
    """``parts`` is TYPE and fields; the text is printable and holds no "$", "," or "*"."""
    if not parts or not _TYPE_RE.fullmatch(parts[0]):
        return None, "syntax"
    fields = tuple(parts[1:])
    if any(len(field) > MAX_FIELD for field in fields):
        return None, "syntax"
    return Frame(seq, parts[0], fields), ""
