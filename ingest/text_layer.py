"""Pages without a text layer: scanned papers, and scans mixed into a paper.

pypdfium2 gives every page's text in the first pass. A page whose text is
empty is looked at once more: when an image covers much of it
(`SCANNED_IMAGE_SHARE`), it is a scan and nothing on it can be read without
OCR. Truly blank pages (a 'this page is left blank' sheet with no objects, an
agenda's empty back page) are not scans and are not reported; the Kent corpus
has four such pages in 1,430 and no scans.

- No page has text: the document fails (`NoTextLayer`), naming the pages and
  advising OCR first (`ocrmypdf in.pdf out.pdf`).
- Some pages are scans: one problem of severity error (so the document is
  `partial`) naming the pages.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .exceptions import NoTextLayer
from .models import Problem, Severity

SCANNED_IMAGE_SHARE = 0.3
"""Share of a page's area one image must cover for a page without text to count as scanned."""
OBJECT_DEPTH = 2
"""How deep into form XObjects to look for the image of a scan."""


def check_text_layer(path: Path, texts: list[str], *, password: str = "") -> list[Problem]:
    """RETURNS (list[Problem]): a problem naming the scanned pages, when some pages are scans.

    Raises NoTextLayer when no page has any text.
    """
    empty = [index for index, text in enumerate(texts) if not text.strip()]
    if not empty:
        return []
    scanned = scanned_pages(path, empty, password=password)
    ocr = f"run OCR on it first (for example `ocrmypdf '{path.name}' '{_ocr_name(path)}'`) and ingest the OCR'd copy"
    if len(empty) == len(texts):
        pages = "its only page has no" if len(texts) == 1 else f"none of its {len(texts)} pages has a"
        if scanned:
            what = f"{_pages(scanned)} {_is_are(scanned)} scanned"
        else:
            what = "blank, or text drawn as shapes"
        raise NoTextLayer(f"{path.name}: {pages} text layer ({what}), so nothing could be read; {ocr}", pages=len(texts))
    if not scanned:
        return []
    return [Problem(
        code="no_text_layer", severity=Severity.ERROR, page=scanned[0],
        message=f"{path.name}: {_pages(scanned)} {_is_are(scanned)} scanned, with no text layer, "
        f"so nothing on {'it' if len(scanned) == 1 else 'them'} was read; {ocr}",
    )]


def scanned_pages(path: Path, indexes: list[int], *, password: str = "") -> list[int]:
    """RETURNS (list[int]): the 1-based numbers of the pages (among `indexes`) that an image mostly covers."""
    pdf = pdfium.PdfDocument(str(path), password=password or None)
    try:
        return [index + 1 for index in indexes if _image_share(pdf[index]) >= SCANNED_IMAGE_SHARE]
    finally:
        pdf.close()


def _image_share(page) -> float:
    """RETURNS (float): the largest share of the page's area covered by one image."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    share = 0.0
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=OBJECT_DEPTH):
            left, bottom, right, top = obj.get_bounds()
            share = max(share, (right - left) * (top - bottom) / area)
    finally:
        page.close()
    return min(share, 1.0)


def _pages(numbers: list[int]) -> str:
    """'page 3' or 'pages 2, 4-6' for a sorted list of page numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs]
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(parts)


def _is_are(numbers: list[int]) -> str:
    return "is" if len(numbers) == 1 else "are"


def _ocr_name(path: Path) -> str:
    return f"{path.stem}-ocr{path.suffix}"
