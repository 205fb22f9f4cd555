"""Reading our PDFs back the way a person would: the text a reader extracts, the pages
rendered to PNG by poppler's pdftoppm, and the QR codes on them decoded by OpenCV."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def lines(text: str) -> list[str]:
    """The page's text lines, trimmed (pypdf may put a space before a line)."""
    return [line.strip() for line in text.splitlines()]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def render_page(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 150) -> Path:
    """One page as a PNG (skips the test where poppler-utils is missing)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm missing: install Debian's poppler-utils (make test does)")
    source = tmp_path / f"render-{page}.pdf"
    source.write_bytes(pdf)
    stem = tmp_path / f"page-{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(source), str(stem)], check=True)
    return stem.with_suffix(".png")


def decode_qr(pdf: bytes, tmp_path: Path, page: int = 1) -> str:
    """The one QR code on a page."""
    cv2 = pytest.importorskip("cv2", reason="opencv-python-headless (the test extra) missing")
    image = cv2.imread(str(render_page(pdf, tmp_path, page)))
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert points is not None, f"no QR code found on page {page}"
    return text
