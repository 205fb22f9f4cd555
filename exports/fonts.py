"""Unicode TrueType fonts for the PDFs: DejaVu, which covers Kazakh, Russian and Latin.

Where the font files come from, first match wins (a directory must hold every file in
``FONT_FILES``):

1. the directory named by the environment variable ``ZHARYS_FONT_DIR``;
2. matplotlib's bundled fonts (``matplotlib/mpl-data/fonts/ttf``) — matplotlib is a runtime
   dependency, so ``pip install`` alone provides the fonts on a fresh machine;
3. Debian's ``fonts-dejavu-core`` (``/usr/share/fonts/truetype/dejavu``).

A directory is only accepted if its fonts have a glyph for every Kazakh letter. Call
``register_fonts()`` before drawing; it is idempotent and cheap after the first call.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: The reportlab font name → the DejaVu file it is loaded from.
SANS = "Zharys-Sans"
SANS_BOLD = "Zharys-Sans-Bold"
SERIF = "Zharys-Serif"
SERIF_BOLD = "Zharys-Serif-Bold"
MONO_BOLD = "Zharys-Mono-Bold"

FONT_FILES: dict[str, str] = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}

#: The letters of the Kazakh Cyrillic alphabet beyond Russian's, both cases.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
#: Everything a document must be able to show: Kazakh, Russian, Latin, digits, a few signs.
REQUIRED_CHARACTERS = (
    KAZAKH_LETTERS
    + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    + "№–—«»“”·.,:;/()-_'\""
)

DEBIAN_DIR = Path("/usr/share/fonts/truetype/dejavu")
ENV_VAR = "ZHARYS_FONT_DIR"


class FontNotFoundError(RuntimeError):
    """No directory holds usable DejaVu fonts; the message lists every path tried."""


@dataclass(frozen=True)
class FontSet:
    """The registered reportlab font names and the directory they came from."""

    directory: Path
    sans: str = SANS
    sans_bold: str = SANS_BOLD
    serif: str = SERIF
    serif_bold: str = SERIF_BOLD
    mono_bold: str = MONO_BOLD


_lock = threading.Lock()
_registered: FontSet | None = None


def _matplotlib_font_dir() -> Path | None:
    # find_spec does not import matplotlib (which is slow); it only locates the package.
    try:
        spec = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def candidate_dirs() -> list[Path]:
    """The directories searched, in order."""
    dirs: list[Path] = []
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        dirs.append(Path(env))
    mpl = _matplotlib_font_dir()
    if mpl is not None:
        dirs.append(mpl)
    dirs.append(DEBIAN_DIR)
    return dirs


def missing_glyphs(font_path: str | os.PathLike[str], text: str = REQUIRED_CHARACTERS) -> str:
    """The characters of ``text`` that the TrueType font at ``font_path`` has no glyph for."""
    face = TTFont("_probe", str(font_path)).face
    cmap = face.charToGlyph
    return "".join(ch for ch in dict.fromkeys(text) if not cmap.get(ord(ch)))


def _usable(directory: Path, tried: list[str]) -> bool:
    for file in FONT_FILES.values():
        path = directory / file
        if not path.is_file():
            tried.append(f"{path} (missing)")
            return False
    missing = missing_glyphs(directory / FONT_FILES[SANS], KAZAKH_LETTERS)
    if missing:
        tried.append(f"{directory} (no glyphs for {missing})")
        return False
    return True


def find_font_dir() -> Path:
    """The first candidate directory with every font file, or ``FontNotFoundError``."""
    tried: list[str] = []
    for directory in candidate_dirs():
        if _usable(directory, tried):
            return directory
    raise FontNotFoundError(
        "no DejaVu TrueType fonts found for the PDFs; tried: " + "; ".join(tried)
        + f". Install matplotlib (a Zharys dependency) or Debian's fonts-dejavu-core, "
        f"or set {ENV_VAR} to a directory holding " + ", ".join(FONT_FILES.values())
    )


def register_fonts() -> FontSet:
    """Register the DejaVu fonts with reportlab once; later calls return the same set."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            directory = find_font_dir()
            for name, file in FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(directory / file)))
            pdfmetrics.registerFontFamily(
                SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
            )
            pdfmetrics.registerFontFamily(
                SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD
            )
            _registered = FontSet(directory=directory)
    return _registered
