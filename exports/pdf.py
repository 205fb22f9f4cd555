"""Shared PDF machinery: canvases, colours, text that fits, QR codes, logos, ZIP batches.

Everything here draws on a reportlab canvas and knows nothing about olympiads or tournaments.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import register_fonts

# Compressed streams stay binary: ASCII85 on top of Flate costs a fifth more bytes and, for a
# batch of 700 diplomas, about a second. (A process-wide reportlab setting; harmless.)
rl_config.useA85 = 0

A4_LANDSCAPE = landscape(A4)
A4_PORTRAIT = portrait(A4)

BLACK = Color(0, 0, 0)
GREY = Color(0.35, 0.35, 0.35)
LIGHT_GREY = Color(0.75, 0.75, 0.75)
WHITE = Color(1, 1, 1)

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_colour(value: str, field: str = "colour") -> Color:
    """``#1f4e79`` / ``1f4e79`` / ``#17a`` → a reportlab colour; ``ValueError`` naming the field."""
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{field}: {value!r} is not a hex colour like '#1f4e79'")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return HexColor("#" + digits)


def tint(colour: Color, amount: float) -> Color:
    """``colour`` mixed with white: amount 0 → colour, 1 → white."""
    return Color(*(c + (1 - c) * amount for c in (colour.red, colour.green, colour.blue)))


def new_canvas(buffer: io.BytesIO, pagesize=A4_PORTRAIT, *, title: str = "") -> Canvas:
    """A canvas with the fonts registered, compressed pages and reproducible output."""
    register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1, invariant=1)
    canvas.setCreator("Zharys")
    if title:
        canvas.setTitle(title)
    return canvas


Progress = Callable[[int, int], None]  # progress(done, total), for long batches


def render_pages(
    items: Sequence, draw_page: Callable[[Canvas, object], None], pagesize, *, title: str = "",
    progress: Progress | None = None,
) -> bytes:
    """One canvas, one page per item drawn by ``draw_page(canvas, item)``; the PDF's bytes.
    ``progress(done, total)`` hears of each page drawn."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, pagesize, title=title)
    for done, item in enumerate(items, 1):
        draw_page(canvas, item)
        canvas.showPage()
        if progress is not None:
            progress(done, len(items))
    canvas.save()
    return buffer.getvalue()


# --- text -----------------------------------------------------------------------------------


def fit_size(text: str, font: str, size: float, max_width: float, min_size: float) -> float:
    """The largest font size ≤ ``size`` (and ≥ ``min_size``) at which ``text`` fits the width."""
    width = stringWidth(text, font, size)
    if width <= max_width or width == 0:
        return size
    return max(min_size, size * max_width / width)


def wrap_to_fit(
    text: str, font: str, size: float, max_width: float, min_size: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest size (≤ ``size``) and the lines at which ``text`` fits ``max_width``: one
    line down to ``min_size``, then two lines from ``size`` down to ``min_size``, and so on. If
    nothing fits, ``min_size`` with the overflow joined onto the last line."""
    fitted = fit_size(text, font, size, max_width, min_size)
    if stringWidth(text, font, fitted) <= max_width or max_lines <= 1:
        return fitted, [text]
    for n in range(2, max_lines + 1):
        current = size
        while current >= min_size:
            lines = simpleSplit(text, font, current, max_width)
            if len(lines) <= n and all(stringWidth(ln, font, current) <= max_width
                                       for ln in lines):
                return current, lines
            current -= 0.5
    lines = simpleSplit(text, font, min_size, max_width)
    return min_size, lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]


def draw_centred_fit(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    *,
    font: str,
    size: float,
    max_width: float,
    min_size: float | None = None,
    max_lines: int = 2,
    leading: float = 1.15,
) -> float:
    """Draw ``text`` centred on ``x`` with its first baseline at ``y``, shrinking it to fit
    ``max_width`` and wrapping it onto up to ``max_lines`` lines (see ``wrap_to_fit``); a line
    that still overflows is shrunk on its own. Returns the y below the last line."""
    if not text:
        return y
    min_size = size * 0.55 if min_size is None else min_size
    fitted, lines = wrap_to_fit(text, font, size, max_width, min_size, max_lines)
    for i, line in enumerate(lines):
        canvas.setFont(font, fit_size(line, font, fitted, max_width, 1))
        canvas.drawCentredString(x, y - i * fitted * leading, line)
    return y - len(lines) * fitted * leading


def draw_left_fit(
    canvas: Canvas, text: str, x: float, y: float, *, font: str, size: float, max_width: float
) -> None:
    """One line from ``x``, shrunk to fit ``max_width`` (never wrapped)."""
    canvas.setFont(font, fit_size(text, font, size, max_width, 1))
    canvas.drawString(x, y, text)


def format_number(value: float) -> str:
    """37.0 → "37", 37.5 → "37.5", 37.25 → "37.25" (at most two decimals)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- QR codes -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def qr_matrix(payload: str, error: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR modules (True = dark) for ``payload``, without the quiet zone."""
    levels = {
        "L": qrcode.constants.ERROR_CORRECT_L,
        "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q,
        "H": qrcode.constants.ERROR_CORRECT_H,
    }
    qr = qrcode.QRCode(error_correction=levels[error], border=0)
    qr.add_data(payload)
    qr.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in qr.get_matrix())


@lru_cache(maxsize=4096)
def _qr_operators(payload: str, error: str) -> tuple[int, str]:
    """(modules per side, PDF path operators) in module units, origin bottom-left: each
    horizontal run of dark modules is one rectangle, nudged 2 % upwards so that renderers leave
    no seams between rows."""
    matrix = qr_matrix(payload, error)
    n = len(matrix)
    ops: list[str] = []
    for r, row in enumerate(matrix):
        bottom = n - r - 1
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {bottom} {c - start} 1.02 re")
            else:
                c += 1
    ops.append("f")
    return n, "\n".join(ops)


def draw_qr(
    canvas: Canvas,
    payload: str,
    x: float,
    y: float,
    size: float,
    *,
    error: str = "M",
    colour: Color = BLACK,
) -> None:
    """A vector QR code encoding exactly ``payload``, ``size`` points square, lower-left corner
    at (x, y). Leave four modules of white around it (the quiet zone; ``qr_quiet_zone``). The
    modules are written as one path of integer rectangles under a scaling transform: small
    PDFs, fast (700 codes in well under a second), crisp at any resolution."""
    n, operators = _qr_operators(payload, error)
    module = size / n
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.transform(module, 0, 0, module, x, y)
    canvas.addLiteral(operators)
    canvas.restoreState()


def qr_quiet_zone(payload: str, size: float, error: str = "M") -> float:
    """The width of the four-module quiet zone for a QR of ``size`` points."""
    return 4 * size / len(qr_matrix(payload, error))


# --- images ---------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _image(path: str, mtime: float) -> ImageReader | None:
    try:
        return ImageReader(path)
    except Exception:  # a broken logo must not stop 700 diplomas
        return None


def load_image(path: str | None) -> ImageReader | None:
    """An ``ImageReader`` for the file at ``path`` if it exists and is readable, else None."""
    if not path:
        return None
    file = Path(path)
    try:
        mtime = file.stat().st_mtime
    except OSError:
        return None
    if not file.is_file():
        return None
    return _image(str(file), mtime)


def draw_image_fit(
    canvas: Canvas, image: ImageReader, x: float, y: float, width: float, height: float
) -> None:
    """``image`` inside the box (x, y, width, height), aspect kept, anchored top-left."""
    iw, ih = image.getSize()
    scale = min(width / iw, height / ih)
    w, h = iw * scale, ih * scale
    canvas.drawImage(image, x, y + height - h, w, h, mask="auto")


# --- file names and ZIP batches -------------------------------------------------------------

_TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII file-name slug: Kazakh and Russian Cyrillic transliterated, accents dropped,
    everything else but letters and digits collapsed to '-'. Empty input → ''."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    out = unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    return out[:max_length].rstrip("-")


def zip_files(files: Iterable[tuple[str, bytes]], *, compress: bool = True) -> bytes:
    """A ZIP archive of (name, content) pairs; duplicate names are refused. ``compress=False``
    stores the members as they are (right for PDFs, whose streams are already compressed)."""
    buffer = io.BytesIO()
    seen: set[str] = set()
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            if name in seen:
                raise ValueError(f"duplicate file name in ZIP: {name!r}")
            seen.add(name)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=6)
    return buffer.getvalue()


__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "draw_centred_fit",
    "draw_image_fit",
    "draw_left_fit",
    "draw_qr",
    "fit_size",
    "format_number",
    "load_image",
    "mm",
    "new_canvas",
    "parse_colour",
    "qr_matrix",
    "qr_quiet_zone",
    "render_pages",
    "slugify",
    "wrap_to_fit",
    "tint",
    "zip_files",
]
