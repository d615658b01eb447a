"""Does pdfium's reading of a page give pdfplumber's words, or does the reader leave the page to pdfplumber?

    python bench/same_words.py                     # every page of the Kent corpus
    python bench/same_words.py FOLDER_OR_PDF...    # other papers

`--pdf-engine pdfium` is only as good as this: for every page of every paper
(triage aside), the words pdfplumber's `extract_words` makes from pdfium's
characters (`ingest/pdfium_page.py`) are compared with the words it makes
from pdfminer's, text and box (to 0.05 pt). Each page is counted as:

- read by pdfium, same words;
- read by pdfium, same text, a box a little off (a glyph pdfium measures
  otherwise; pages whose fonts give widths in fractions are left to
  pdfplumber by the reader and are not counted here);
- read by pdfium, other words: what must never happen; each such page is listed;
- left to pdfplumber (`Unsupported`), with whether its words would have differed.

Exits 1 when any page pdfium keeps reads other words.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfplumber.utils import extract_words

from planwatch.ingest import pdfium_page
from planwatch.ingest.pdfium_page import Unsupported, has_fractional_widths, open_page

ROOT = Path(__file__).resolve().parents[1]
KENT = ROOT.parent / "shared" / "corpus" / "kent"
BOX_TOLERANCE = 0.05


def compare_page(document, stock, number: int) -> tuple[str, str | None]:
    """RETURNS (tuple): how the page counts, and what differs (None when nothing does)."""
    page = document[number - 1]
    textpage = page.get_textpage()
    try:
        try:
            got = open_page(page, textpage, number=number).chars
            left = None
        except Unsupported as e:
            left = str(e)
            got = _unchecked_chars(page, textpage, number)
    finally:
        textpage.close()
        page.close()
    if got is None:
        return "left to pdfplumber (pdfium cannot read it)", None
    ours, theirs = extract_words(got), stock.extract_words()
    texts = [word["text"] for word in ours] == [word["text"] for word in theirs]
    boxes = texts and all(
        abs(a[key] - b[key]) < BOX_TOLERANCE for a, b in zip(ours, theirs) for key in ("x0", "x1", "top")
    )
    if left:
        return f"left to pdfplumber: {'same words' if texts else 'other words'} ({left})", None
    if boxes:
        return "read by pdfium: same words", None
    if texts:
        return "read by pdfium: same text, a box a little off", None
    missing = sorted({w["text"] for w in theirs} - {w["text"] for w in ours})[:3]
    extra = sorted({w["text"] for w in ours} - {w["text"] for w in theirs})[:3]
    return "read by pdfium: OTHER WORDS", f"pdfplumber {missing} / pdfium {extra}"


def _unchecked_chars(page, textpage, number: int):
    """The characters pdfium reads with the word-break check off (to see what a page left to pdfplumber would give)."""
    check = pdfium_page._check_word_breaks
    pdfium_page._check_word_breaks = lambda *args: None
    try:
        return open_page(page, textpage, number=number).chars
    except Unsupported:
        return None
    finally:
        pdfium_page._check_word_breaks = check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[KENT])
    args = parser.parse_args()
    files = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.rglob("*.pdf")))
    if not files:
        sys.exit(f"no PDF papers found in {', '.join(map(str, args.paths))}")
    counts: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    for path in files:
        document = pdfium.PdfDocument(str(path))
        try:
            with pdfplumber.open(path) as pdf:
                for stock in pdf.pages:
                    if has_fractional_widths(stock.page_obj.resources):
                        counts["left to pdfplumber (fonts with fractional widths)"] += 1
                        continue
                    kind, detail = compare_page(document, stock, stock.page_number)
                    counts[kind.split(" (")[0] if kind.startswith("left to pdfplumber:") else kind] += 1
                    if detail:
                        wrong.append(f"{path.name} p.{stock.page_number}: {detail}")
        finally:
            document.close()
    print(f"{sum(counts.values())} pages of {len(files)} papers")
    for kind, count in sorted(counts.items()):
        print(f"{count:6d}  {kind}")
    for line in wrong:
        print("  " + line)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
