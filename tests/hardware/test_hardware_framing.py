"""Hardware framing (docs/hardware-protocol.md, "Framing"): CRC, encoding rules, the decoder's
resynchronisation rule by rule, round trips and a fuzz of garbage, bit flips and cuts."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware import MAX_FRAME, Decoder, Frame, crc16, encode

FIELD_CHARS = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in "$,*")


# --- strategies --------------------------------------------------------------------------

types = st.from_regex(r"\A[A-Z]{2,6}\Z")
field_texts = st.text(alphabet=FIELD_CHARS, max_size=32)
any_seq = st.integers(0, 65535)


@st.composite
def frames(draw, seq=any_seq):
    """Any valid frame: fields are drawn while they fit in MAX_FRAME."""
    s, t = draw(seq), draw(types)
    fields: list[str] = []
    size = len(f"${s},{t}*XXXX\n")
    for text in draw(st.lists(field_texts, max_size=12)):
        if size + 1 + len(text) > MAX_FRAME:
            break
        fields.append(text)
        size += 1 + len(text)
    return Frame(s, t, tuple(fields))


def chunked(data: bytes, sizes: list[int]) -> list[bytes]:
    chunks, i = [], 0
    for size in sizes:
        if i >= len(data):
            break
        chunks.append(data[i:i + size])
        i += size
    if i < len(data):
        chunks.append(data[i:])
    return chunks


def feed_all(decoder: Decoder, chunks) -> list[Frame]:
    out: list[Frame] = []
    for chunk in chunks:
        out.extend(decoder.feed(chunk))
    return out


def fields_of_length(length: int, seq: int = 5, type: str = "CNT") -> tuple[str, ...]:
    """Fields making ``$<seq>,<type>,…*<CRC>\n`` exactly ``length`` bytes long; each step
    adds one byte (a character to the last field, or a new empty field and its ",")."""
    fields: list[str] = []
    size = len(f"${seq},{type}*XXXX\n")
    while size < length:
        if fields and len(fields[-1]) < 32:
            fields[-1] += "x"
        else:
            fields.append("")
        size += 1
    return tuple(fields)


def frame_of_length(length: int) -> bytes:
    frame = encode(5, "CNT", *fields_of_length(length))
    assert len(frame) == length
    return frame


# --- CRC and encoding --------------------------------------------------------------------


def bitwise_crc(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def test_crc_check_value():
    assert crc16(b"123456789") == 0x29B1
    assert crc16(b"") == 0xFFFF


@given(st.binary(max_size=200))
def test_crc_matches_the_bitwise_definition(data):
    assert crc16(data) == bitwise_crc(data)


def test_encode_layout():
    body = b"17,CNT,48213,red_high,12"
    assert encode(17, "CNT", "48213", "red_high", "12") == b"$%s*%04X\n" % (body, crc16(body))
    assert encode(0, "WHO") == b"$0,WHO*%04X\n" % crc16(b"0,WHO")
    assert Frame(3, "HB", ("42",)).encode() == encode(3, "HB", "42")
    assert encode(1, "DISP", "").startswith(b"$1,DISP,*")  # an empty field is a field


@pytest.mark.parametrize(("args", "problem"), [
    ((-1, "HB"), "seq"),
    ((65536, "HB"), "seq"),
    ((True, "HB"), "seq"),
    (("1", "HB"), "seq"),
    ((1, "H"), "TYPE"),
    ((1, "HELLOOO"), "TYPE"),
    ((1, "hb"), "TYPE"),
    ((1, "H1"), "TYPE"),
    ((1, "HB", "a,b"), "forbidden character ','"),
    ((1, "HB", "a$"), "forbidden character '$'"),
    ((1, "HB", "a*"), "forbidden character '*'"),
    ((1, "HB", "tab\there"), "forbidden character"),
    ((1, "HB", "é"), "forbidden character"),
    ((1, "HB", "x" * 33), "33 characters"),
    ((1, "HB", *(["x" * 32] * 4)), "bytes long"),
])
def test_encode_refuses(args, problem):
    with pytest.raises(ValueError, match=problem.replace("*", r"\*").replace("$", r"\$")):
        encode(*args)


def test_frame_length_limit_at_the_boundary():
    assert len(frame_of_length(127)) == 127
    assert len(frame_of_length(128)) == 128
    with pytest.raises(ValueError, match="129 bytes long"):
        encode(5, "CNT", *fields_of_length(129))


# --- decoder: the resynchronisation rules one by one ------------------------------------

A = encode(1, "BTN", "100", "start")
B = encode(2, "CNT", "200", "red_high", "7")
FA = Frame(1, "BTN", ("100", "start"))
FB = Frame(2, "CNT", ("200", "red_high", "7"))


def test_good_frames_and_counters():
    d = Decoder()
    assert d.feed(A + B) == [FA, FB]
    assert d.frames == 2 and not d.errors and d.dropped_bytes == 0


def test_hunting_drops_everything_before_dollar():
    d = Decoder()
    noise = b"boot banner\r\nv1.0\n\x00\xff"
    assert d.feed(noise + A) == [FA]
    assert d.dropped_bytes == len(noise) and not d.errors


def test_dollar_inside_a_frame_restarts():
    d = Decoder()
    assert d.feed(A[:10] + B) == [FB]
    assert d.errors == {"truncated": 1} and d.dropped_bytes == 10


def test_non_printable_byte_drops_the_frame_and_hunts():
    d = Decoder()
    # the rest of the damaged frame (up to its "\n") is discarded while hunting
    assert d.feed(A[:8] + b"\x07" + A[8:] + B) == [FB]
    assert d.errors == {"bad_byte": 1} and d.dropped_bytes == len(A) + 1


def test_high_bytes_are_bad_bytes():
    d = Decoder()
    assert d.feed(A[:8] + b"\xc3\xa9" + A[8:] + B) == [FB]
    assert d.errors == {"bad_byte": 1}


def test_bad_byte_right_before_next_frame():
    d = Decoder()
    assert d.feed(A[:8] + b"\x00" + B) == [FB]
    assert d.errors == {"bad_byte": 1}


def test_cr_before_lf_is_ignored():
    d = Decoder()
    assert d.feed(A[:-1] + b"\r\n" + B[:-1] + b"\r" + b"\n") == [FA, FB]
    d2 = Decoder()
    assert feed_all(d2, [A[:-1] + b"\r", b"\n"]) == [FA]
    assert not d.errors and not d2.errors and d.dropped_bytes == 0


def test_cr_elsewhere_is_a_bad_byte():
    d = Decoder()
    assert d.feed(A[:-1] + b"\rX\n" + B) == [FB]
    assert d.errors == {"bad_byte": 1}
    d = Decoder()
    assert d.feed(A[:-1] + b"\r\r\n" + B) == [FB]
    assert d.errors == {"bad_byte": 1}
    d = Decoder()  # a lone "\r" line ending (some terminals) followed at once by a frame
    assert feed_all(d, [A[:-1] + b"\r", B]) == [FB]
    assert d.errors == {"bad_byte": 1}


def test_too_long_drops_and_hunts():
    d = Decoder()
    junk = b"$" + b"x" * 300 + b"\n"
    assert d.feed(junk + A) == [FA]
    assert d.errors == {"too_long": 1} and d.dropped_bytes == len(junk)


def test_length_limit_exactly():
    f127, f128 = frame_of_length(127), frame_of_length(128)
    d = Decoder()
    assert len(d.feed(f127 + f128)) == 2 and not d.errors
    # 129 bytes: the same 128-byte frame with one more character in a field (bad CRC too,
    # but it is dropped for length before the CRC is looked at)
    f129 = f128[:10] + b"x" + f128[10:]
    assert d.feed(f129 + A) == [FA]
    assert d.errors == {"too_long": 1}
    # the "\r" counts: 128 bytes + "\r" is 129 from "$" to "\n"
    assert d.feed(f128[:-1] + b"\r\n" + A) == [FA]
    assert d.errors == {"too_long": 2}
    assert d.feed(f127[:-1] + b"\r\n") == [Decoder().feed(f127)[0]]


def test_length_limit_byte_by_byte():
    f128 = frame_of_length(128)
    d = Decoder()
    out = feed_all(d, [bytes([b]) for b in f128 + f128[:10] + b"x" + f128[10:] + A])
    assert len(out) == 2 and out[1] == FA and d.errors == {"too_long": 1}


def test_bad_crc_dropped():
    d = Decoder()
    bad = A.replace(b"start", b"pause")
    assert d.feed(bad + B) == [FB]
    assert d.errors == {"crc": 1} and d.dropped_bytes == len(bad)


@pytest.mark.parametrize("content", [
    "",  # "$\n"
    "1,HB,5",  # no CRC
    "1,HB,5*12",  # CRC too short
    "1,HB,5*12345",
    "1,HB,5*abcd",  # lower-case hex
    "1,HB*12*34",
])
def test_malformed_crc_part_is_syntax(content):
    d = Decoder()
    assert d.feed(b"$" + content.encode() + b"\n" + A) == [FA]
    assert d.errors == {"syntax": 1}


@pytest.mark.parametrize("body", [
    "HB,5",  # no seq
    "65536,HB,5",
    "-1,HB,5",
    "+1,HB,5",
    ",HB,5",
    "1,hb,5",
    "1,H,5",
    "1,HELLOOO,5",
    "1",
    "1,HB," + "x" * 33,
])
def test_bad_seq_type_or_field_is_syntax(body):
    frame = b"$%s*%04X\n" % (body.encode(), crc16(body.encode()))
    d = Decoder()
    assert d.feed(frame + A) == [FA]
    assert d.errors == {"syntax": 1}


def test_seq_bounds_and_empty_fields():
    d = Decoder()
    frames_in = [Frame(0, "WHO", ()), Frame(65535, "DISP", ("",)), Frame(7, "NAK", ("", "", ""))]
    assert d.feed(b"".join(f.encode() for f in frames_in)) == frames_in


def test_plain_frames_only_with_allow_plain():
    plain = b"$WHO\n$DISP,AUTO 0:27\r\n$BUZ,250\n"
    strict = Decoder()
    assert strict.feed(plain + A) == [FA]
    assert strict.errors == {"syntax": 3}
    firmware = Decoder(allow_plain=True)
    assert firmware.feed(plain + A) == [
        Frame(-1, "WHO", ()), Frame(-1, "DISP", ("AUTO 0:27",)), Frame(-1, "BUZ", ("250",)), FA,
    ]
    assert not firmware.errors
    # a plain frame still follows the TYPE and field rules; CRC'd frames stay strict
    assert firmware.feed(b"$who\n$17,CNT\n$HB," + b"x" * 33 + b"\n" + A[:-3] + b"00\n") == []
    assert firmware.errors == {"syntax": 3, "crc": 1}


def test_reset_forgets_partial_frame():
    d = Decoder()
    d.feed(A[:10])
    d.reset()
    assert d.feed(A[10:] + B) == [FB]
    assert not d.errors and d.dropped_bytes == len(A)


def test_accepts_bytearray_and_memoryview():
    d = Decoder()
    assert d.feed(bytearray(A)) + d.feed(memoryview(B)) == [FA, FB]


# --- properties --------------------------------------------------------------------------


@given(frames())
def test_encode_is_valid_and_short(frame):
    data = frame.encode()
    assert len(data) <= MAX_FRAME
    assert data.startswith(b"$") and data.endswith(b"\n")
    assert all(0x20 <= b <= 0x7E for b in data[:-1])


@given(st.lists(frames(), max_size=8), st.lists(st.integers(1, 40), max_size=60))
def test_frames_round_trip_in_any_chunking(frame_list, sizes):
    data = b"".join(f.encode() for f in frame_list)
    for chunks in ([data], chunked(data, sizes), [data[i:i + 1] for i in range(len(data))]):
        d = Decoder()
        assert feed_all(d, chunks) == frame_list
        assert d.frames == len(frame_list) and not d.errors and d.dropped_bytes == 0


@given(st.binary(max_size=600), st.lists(st.integers(1, 64), max_size=20), st.booleans())
def test_never_raises_on_any_bytes(data, sizes, allow_plain):
    d = Decoder(allow_plain=allow_plain)
    out = feed_all(d, chunked(data, sizes))
    assert d.frames == len(out)
    assert 0 <= d.dropped_bytes <= len(data)


# --- fuzz: garbage, bit flips, truncated frames, over-long junk ---------------------------


@st.composite
def traffic(draw):
    """A stream of segments: ("ok", frame) for intact frames (unique seqs) and
    ("bad", bytes) for garbage, damaged or cut frames and junk."""
    segments = []
    n = draw(st.integers(1, 25))
    for seq in range(n):
        frame = draw(frames(seq=st.just(seq)))
        kind = draw(st.sampled_from(["ok", "ok", "garbage", "flip", "cut", "junk"]))
        data = frame.encode()
        if kind == "ok":
            segments.append(("ok", frame))
            continue
        if kind == "garbage":
            bad = draw(st.binary(min_size=1, max_size=80))
        elif kind == "flip":
            pos = draw(st.integers(0, len(data) - 1))
            bit = draw(st.integers(0, 7))
            bad = data[:pos] + bytes([data[pos] ^ (1 << bit)]) + data[pos + 1:]
        elif kind == "cut":
            bad = data[:draw(st.integers(0, len(data) - 1))]
        else:
            bad = b"$" + draw(st.binary(min_size=MAX_FRAME, max_size=400)).replace(b"\n", b"")
        segments.append(("bad", bad))
        # the intact frame after the damage must always come through
        segments.append(("ok", draw(frames(seq=st.just(1000 + seq)))))
    return segments


@settings(max_examples=100)
@given(traffic(), st.lists(st.integers(1, 50), max_size=40))
def test_fuzz_intact_frames_survive_any_damage(segments, sizes):
    data = b"".join(s.encode() if kind == "ok" else s for kind, s in segments)
    originals = [s for kind, s in segments if kind == "ok"]
    d = Decoder()
    out = feed_all(d, chunked(data, sizes))
    # every intact frame exactly once, in order; nothing altered (CRC collisions aside)
    assert out == originals
    assert d.frames == len(originals)


def test_fuzz_seeded_stream_counts_errors():
    rng = random.Random(20240917)
    sent, data = [], bytearray()
    damaged = 0
    for seq in range(3000):
        fields = tuple(
            "".join(rng.choice(FIELD_CHARS) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(0, 5))
        )
        frame = Frame(seq, rng.choice(["HB", "CNT", "BTN", "BEAM", "ESTOP"]), fields)
        raw = bytearray(frame.encode())
        roll = rng.random()
        if roll < 0.1:
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            damaged += 1
        elif roll < 0.15:
            raw = raw[:rng.randrange(len(raw))]
            damaged += 1
        elif roll < 0.2:
            data += rng.randbytes(rng.randint(1, 200))
            sent.append(frame)
        else:
            sent.append(frame)
        data += raw
    d = Decoder()
    pos, out = 0, []
    while pos < len(data):
        step = rng.randint(1, 300)
        out += d.feed(bytes(data[pos:pos + step]))
        pos += step
    assert out == sent
    assert d.frames == len(sent)
    # nearly every damaged frame is counted (not a cut at 0 bytes, nor a flipped "$", whose
    # frame is discarded while hunting); garbage adds some errors of its own
    assert d.errors.total() >= damaged * 0.8
    assert set(d.errors) <= {"crc", "too_long", "bad_byte", "syntax", "truncated"}


def test_throughput():
    """1 MB of mixed traffic (frames, garbage, damage) decodes well under a second."""
    rng = random.Random(7)
    parts = []
    size = 0
    seq = 0
    while size < 1_000_000:
        roll = rng.random()
        if roll < 0.8:
            part = encode(seq % 65536, "CNT", str(rng.randrange(2**32)), "red_high",
                          str(rng.randrange(1000)))
        elif roll < 0.9:
            part = rng.randbytes(rng.randint(1, 60))
        else:
            part = encode(seq % 65536, "HB", "1")[:-3] + b"\x00"
        seq += 1
        parts.append(part)
        size += len(part)
    data = b"".join(parts)
    d = Decoder()
    start = time.perf_counter()
    for i in range(0, len(data), 4096):
        d.feed(data[i:i + 4096])
    elapsed = time.perf_counter() - start
    assert d.frames > 20_000
    assert elapsed < 2.0, f"{len(data)} bytes took {elapsed:.2f} s"
