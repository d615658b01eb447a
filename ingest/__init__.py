"""Ingest: a file on disk -> `RawDocument` (pages, text blocks, tables).

    from planwatch.ingest import ingest
    raw = ingest(Path("plan.pdf"))

The format comes from the file's bytes (`detect.sniff_format`), never its name.
"""

from __future__ import annotations

from pathlib import Path

from .detect import read_text_bytes, sha256_of, sniff_format
from .exceptions import (
    CorruptFile, DownloadErrorPage, EmptyFile, EncryptedFile, IngestError, NoTextLayer, TruncatedFile,
    UnsupportedFormat,
)
from .mislabel import check_claimed_format
from .models import Format, Origin, RawDocument
from .pdf import PdfSettings, read_pdf
from .text import html_to_page, text_to_page

__all__ = [
    "ingest", "origin_of", "RawDocument", "PdfSettings", "IngestError", "CorruptFile",
    "EmptyFile", "EncryptedFile", "UnsupportedFormat", "TruncatedFile", "DownloadErrorPage", "NoTextLayer",
]


def origin_of(path: Path, *, sha256: str | None = None) -> Origin:
    """RETURNS (Origin): the file's name, path, hash, size and format (from its bytes)."""
    return Origin(
        filename=path.name,
        path=str(path),
        sha256=sha256 or sha256_of(path),
        format=sniff_format(path),
        size=path.stat().st_size,
    )


def ingest(path: Path, *, origin: Origin | None = None, pdf_settings: PdfSettings | dict | None = None) -> RawDocument:
    """RETURNS (RawDocument): the file read into pages, blocks and tables.

    Raises IngestError (with a message naming the file and what to do) when
    the file cannot be read at all, and DownloadErrorPage for a web page or
    text saved under a PDF or Word name (see `mislabel`).
    """
    path = Path(path)
    origin = origin or origin_of(path)
    if origin.format is Format.PDF:
        return read_pdf(path, origin, settings=pdf_settings)
    if origin.format is Format.DOCX:
        from .word import read_docx  # python-docx is imported for Word papers only (a twentieth of a second)

        return read_docx(path, origin)
    text = read_text_bytes(path.read_bytes())
    if origin.format is Format.HTML:
        page = html_to_page(text)
    else:
        page = text_to_page(text)
    problems = check_claimed_format(origin, page, text)
    return RawDocument(origin=origin, pages=[page], problems=problems)
