"""Build the bad files researchers' download folders hold, byte for byte, at test time.

Nothing here is committed as a binary: each builder writes a real file of
its kind (from reportlab, python-docx or by hand) and then damages it the way
downloads and converters do.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from builders import shaded_docx, table_pdf

SIGN_IN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in - Modern.gov</title></head><body>"
    "<form><table><tr><td>Username:</td><td><input name=u></td></tr>"
    "<tr><td>Password:</td><td><input type=password name=p></td></tr></table></form>"
    "<p>Your session has expired. Please sign in to view this document.</p></body></html>"
)


def plan_rows(seed: int, n: int = 4) -> list[list[str]]:
    """Invented action rows, different for each seed so that every file has its own sha256."""
    return [[f"{seed}.{i}", f"Action {seed}-{i}: review casework", "Head of Service", "July 24", "G"] for i in range(n)]


def good_pdf(path: Path, seed: int = 1) -> Path:
    return table_pdf(path, plan_rows(seed))


def zero_byte(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_pdf(path: Path, seed: int = 7) -> Path:
    """A real plan PDF cut off half way, as an interrupted download leaves it."""
    table_pdf(path, plan_rows(seed, n=40))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_bytes(path: Path, size: int = 4096, seed: int = 6) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def html_page(path: Path, markup: str = SIGN_IN_PAGE) -> Path:
    path.write_text(markup, encoding="utf-8")
    return path


def zip_without_document(path: Path) -> Path:
    """A ZIP archive named .docx that holds no word/document.xml."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("minutes/readme.txt", "Papers for the meeting")
    return path


def _rewrite_docx(path: Path, change) -> Path:
    """Write a real Word file, then copy it part by part through `change(name, data) -> bytes | None`."""
    source = path.with_name(path.stem + "-source.docx")
    shaded_docx(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as damaged:
        for name in original.namelist():
            data = change(name, original.read(name))
            if data is not None:
                damaged.writestr(name, data)
    source.unlink()
    return path


def docx_with_broken_xml(path: Path) -> Path:
    """A Word file whose word/document.xml stops half way through an element."""
    return _rewrite_docx(path, lambda name, data: data[: len(data) // 2] if name == "word/document.xml" else data)


def docx_missing_part(path: Path) -> Path:
    """A Word file whose styles part, named in its relationships, is missing."""
    return _rewrite_docx(path, lambda name, data: None if name == "word/styles.xml" else data)


def docx_damaged_stream(path: Path) -> Path:
    """A Word file whose compressed document part has damaged bytes (a bad disk or transfer)."""
    shaded_docx(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(8, min(info.compress_size, 200), 7):
        data[start + offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def encrypted_pdf(path: Path, *, user_password: str, text: str = "Improvement plan: progress report") -> Path:
    """A PDF encrypted with an owner password and `user_password` ('' opens without asking)."""
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret", canCopy=0, strength=128)
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encryption, invariant=1)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF whose pages are 'text' (a text layer), 'scan' (a page-sized image only) or 'blank'."""
    image = Image.new("L", (210, 297), 255)
    ImageDraw.Draw(image).text((20, 20), "Improvement plan (scanned)", fill=0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, kind in enumerate(pages, start=1):
        if kind == "text":
            pdf.drawString(72, 720, f"Improvement plan, page {number}")
        elif kind == "scan":
            pdf.drawImage(ImageReader(image), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return path
