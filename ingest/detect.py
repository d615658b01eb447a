"""Find a file's format from its bytes, never from its name.

Researchers' download folders hold HTML error pages saved as `.pdf` and Word
files saved without an extension; the first bytes tell the truth.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .exceptions import CorruptFile, EmptyFile, TruncatedFile, UnsupportedFormat
from .models import Format

SNIFF_BYTES = 8192
"""How much of the file's start is read to decide its format."""

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")
"""Text renderings keep stray <b> and <p> tags; only a real page starts like this."""
ZIP_TAIL_BYTES = 65536 + 22
"""A ZIP's end-of-central-directory record sits in its last 22 bytes plus an optional comment."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_format(path: Path) -> Format:
    """RETURNS (Format): the format the file's bytes show. Raises IngestError otherwise."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes); download it again")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if b"%PDF-" in head[:1024]:
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(_OLE_MAGIC):
        raise UnsupportedFormat(
            f"{path.name}: this is an old binary Office file (.doc/.xls); "
            "save it as .docx or PDF and ingest that"
        )
    if _looks_like_text(head):
        lowered = head.lstrip().lower()
        if lowered.startswith(_HTML_MARKERS) or (lowered.startswith(b"<") and b"<table" in lowered):
            return Format.HTML
        return Format.TEXT
    raise UnsupportedFormat(
        f"{path.name}: {_named_as(path)}not a PDF, Word (.docx), HTML or text file (first bytes {head[:8]!r}); "
        "the download probably failed or saved something else, so download it again"
    )


def _named_as(path: Path) -> str:
    """'named .pdf but ' when the name promises a format, for messages about the bytes."""
    return f"named {path.suffix.lower()} but " if path.suffix else ""


def _zip_format(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as e:
        if not _zip_directory_present(path):
            raise TruncatedFile(
                f"{path.name}: the Word/ZIP file ends early (its ZIP directory is missing), "
                "so the download was cut short; download it again"
            ) from e
        raise CorruptFile(
            f"{path.name}: looks like a Word/ZIP file but the archive is damaged ({e}); "
            "download it again or re-save it from Word"
        ) from e
    if "word/document.xml" in names:
        return Format.DOCX
    raise UnsupportedFormat(
        f"{path.name}: a ZIP archive without word/document.xml, so not a Word document; "
        "unpack it and ingest the papers inside"
    )


def tail_holds(path: Path, marker: bytes, window: int) -> bool:
    """RETURNS (bool): whether the last `window` bytes of the file hold `marker` (a format's closing record)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - window))
        return marker in handle.read()


def _zip_directory_present(path: Path) -> bool:
    """RETURNS (bool): whether the end-of-central-directory record, a ZIP's last part, is there."""
    return tail_holds(path, b"PK\x05\x06", ZIP_TAIL_BYTES)


def _looks_like_text(head: bytes) -> bool:
    if any(head.startswith(bom) for bom in _BOMS):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the sniffed block is fine.
        if e.start < len(head) - 4:
            return _mostly_printable(head)
    return True


def _mostly_printable(head: bytes) -> bool:
    text = head.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable / max(len(text), 1) > 0.95


def sha256_of(path: Path) -> str:
    """RETURNS (str): the hex sha256 of the file's bytes, read in chunks."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_text_bytes(data: bytes) -> str:
    """RETURNS (str): text decoded as UTF-8 (with or without BOM), else cp1252."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")

