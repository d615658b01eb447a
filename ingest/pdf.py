"""Read PDF papers: fast text for every page, full layout where it is needed.

The chain for one file, one page at a time in a single pass with pdfium:

1. The page's text layer (pypdfium2), in a few milliseconds a page.
2. `wants_analysis`: whether the page gets layout analysis. By default the
   page triage (`triage.py`, rules in `triage.toml`) picks the cover and the
   pages whose text shows something planwatch extracts. A page that ends with
   a table showing a sign has the next page analysed too, and so on while the
   table goes on (`follow.table_goes_on`). `PdfSettings(triage=None)`
   analyses every page.
3. `layout.analyse_page` on the page's objects, read by the settings'
   `engine`: `pdfium` (the default: characters and shapes read by pdfium
   from the page already open, `pdfium_page.py`) or `pdfplumber` (pdfminer
   parses the page again in Python; `plumber.py` speeds it up). Both hand
   the same kind of objects to the same steps: tables (ruled first, unruled
   ones read from the gutters between columns by `unruled.py` when a page
   has none) with cell text, spans, fills and header rows, and
   text lines with font size and weight. A page pdfium cannot read as
   pdfminer does (`pdfium_page.Unsupported`: rotated text, fonts with
   fractional widths, a space it may have left out, a character on a cell's
   edge) or fails on goes to pdfplumber; a page neither can read keeps its
   plain text, with a problem saying so (`page_unreadable`, an error: the
   paper is `partial`). The analysis has a budget (`page_budget`: a multiple
   of what the page's text layer took, with a floor); past it, or out of
   memory, the page keeps its plain text too (`page_too_slow`,
   `out_of_memory`), and the rest of the paper is read.
4. `follow.stitch_across_pages`: parts of one table on consecutive pages
   joined, with repeated header rows dropped and cut rows joined back.

`debug_page` returns the intermediate results for one page, to see where a
table went wrong (pdfplumber's `debug_tablefinder` in spirit).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfpage import PDFPage
from pdfplumber.utils.exceptions import PdfminerException

from .detect import tail_holds
from .exceptions import CorruptFile, EncryptedFile, TruncatedFile
from .follow import stitch_across_pages, table_goes_on
from .layout import analyse_page, filled_rects, find_page_tables, page_lines
from .models import Origin, Page, Problem, RawDocument, Severity, TextBlock
from .pdfium_page import Unsupported, has_fractional_widths, open_page
from .plumber import CharIndex, release, use_fast_objects
from .text_layer import check_text_layer
from .triage import PageTriage, default_triage
from .unruled import GutterSettings

DEFAULT_RULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
DEFAULT_UNRULED_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 3,
    "min_words_horizontal": 2,
    "snap_tolerance": 3,
    "text_x_tolerance": 2,
}
DEFAULT_MIN_UNRULED_ROWS = 3
DEFAULT_MIN_UNRULED_COLS = 3
DEFAULT_FURNITURE_MARGIN = 0.07
"""Share of the page height at top and bottom where running headers and footers sit."""
ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"
EOF_WINDOW = 1024
"""Bytes at the end of a file searched for the %%EOF marker every complete PDF ends with."""
DEFAULT_PAGE_BUDGET_MULTIPLE = 1000.0
"""A page's layout analysis may take this many times what its text layer took (a few milliseconds
a page; analysing a table-dense page takes a few hundred times that)..."""
DEFAULT_PAGE_BUDGET_FLOOR = 20.0
"""...and never less than this many seconds (the slowest Kent page takes about 2)."""
MIN_ALARM_SECONDS = 1e-6

Triage = Callable[[str], bool]
log = logging.getLogger(__name__)


@dataclass
class PdfSettings:
    """Tuning for the PDF reader (pdfplumber's TableSettings pattern)."""

    ruled: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_RULED_SETTINGS))
    unruled: dict[str, Any] | None = field(default_factory=lambda: dict(DEFAULT_UNRULED_SETTINGS))
    """pdfplumber's text strategy for tables without rules, used when `gutters` is None (None: no unruled tables)."""
    gutters: GutterSettings | dict | None = field(default_factory=GutterSettings)
    """Tables without rules read from the white space between their columns (`unruled.py`)."""
    min_unruled_rows: int = DEFAULT_MIN_UNRULED_ROWS
    min_unruled_cols: int = DEFAULT_MIN_UNRULED_COLS
    furniture_margin: float = DEFAULT_FURNITURE_MARGIN
    triage: Triage | PageTriage | None = field(default_factory=default_triage)
    """Which pages get layout analysis: planwatch's rules (`triage.toml`) by default, None for every page,
    or a function of a page's text."""
    engine: str = DEFAULT_ENGINE
    """What reads an analysed page's characters and shapes: 'pdfium' (the default: in C, from the page already
    open; pages it cannot read exactly as pdfminer does go to pdfplumber) or 'pdfplumber' (pdfminer, in Python,
    for every page). Both give the same records on the samples, the seeds and the Kent corpus."""
    password: str = ""
    page_budget_multiple: float = DEFAULT_PAGE_BUDGET_MULTIPLE
    page_budget_floor: float = DEFAULT_PAGE_BUDGET_FLOOR
    """A page's layout analysis may take max(floor, multiple x its text layer's time) seconds; past it
    the page keeps its plain text, with a `page_too_slow` problem (see `page_budget`)."""

    def __post_init__(self) -> None:
        if self.page_budget_multiple < 0 or self.page_budget_floor <= 0:
            raise ValueError("PDF settings 'page_budget_multiple' cannot be negative and 'page_budget_floor' must be positive")
        if not 0 <= self.furniture_margin < 0.5:
            raise ValueError("PDF setting 'furniture_margin' must be between 0 and 0.5")
        if self.min_unruled_rows < 2 or self.min_unruled_cols < 2:
            raise ValueError("PDF settings 'min_unruled_rows' and 'min_unruled_cols' must be at least 2")
        if isinstance(self.gutters, dict):
            self.gutters = GutterSettings(**self.gutters)
        if self.engine not in ENGINES:
            raise ValueError(f"PDF setting 'engine' must be one of {', '.join(ENGINES)}, not {self.engine!r}")

    @classmethod
    def resolve(cls, settings: PdfSettings | dict | None) -> PdfSettings:
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        return cls(**settings)


@dataclass
class _Reading:
    """One file being read: what every page's analysis needs besides the page."""

    path: Path
    origin: Origin
    settings: PdfSettings
    stack: contextlib.ExitStack
    problems: list[Problem] = field(default_factory=list)
    plumber: Any = None
    """The file opened with pdfplumber, once a page needs it."""
    resources: list[Any] = field(default_factory=list)
    """pdfminer's resources of the pages read so far (`_resources`)."""
    pdfminer_pages: Any = None
    """pdfminer's pages, read one at a time as far as a page asked for."""


def read_pdf(path: Path, origin: Origin, *, settings: PdfSettings | dict | None = None) -> RawDocument:
    """RETURNS (RawDocument): the PDF's pages, with tables on the pages that were analysed."""
    settings = PdfSettings.resolve(settings)
    document = _open_pdfium(path, settings.password)
    with contextlib.ExitStack() as stack:
        stack.callback(document.close)
        reading = _Reading(path=path, origin=origin, settings=settings, stack=stack)
        pages = _read_pages(document, reading)
        metadata = _metadata(document)
    problems = check_text_layer(path, [page.text for page in pages], password=settings.password)
    pages = stitch_across_pages(pages, settings.furniture_margin)
    return RawDocument(origin=origin, pages=pages, metadata=metadata, problems=problems + reading.problems)


def _read_pages(document: Any, reading: _Reading) -> list[Page]:
    settings = reading.settings
    follow = isinstance(settings.triage, PageTriage) and settings.triage.follow_tables
    pages: list[Page] = []
    texts: list[str] = []
    seq, goes_on, doctop = 0, False, 0.0
    for index in range(len(document)):
        started = time.perf_counter()
        pdfium_page = document[index]
        textpage = pdfium_page.get_textpage()
        try:
            texts.append(_page_text(textpage))
            width, height = pdfium_page.get_size()
            if goes_on or wants_analysis(settings.triage, index, texts):
                budget = page_budget(settings, time.perf_counter() - started)
                page = _analyse_within(budget, pdfium_page, textpage, index, texts[-1], seq, doctop, reading)
            else:
                page = _text_only_page(index + 1, texts[-1], width, height, seq)
            doctop += _media_height(pdfium_page)
        finally:
            textpage.close()
            pdfium_page.close()
        seq = _next_seq(page, seq)
        pages.append(page)
        goes_on = follow and table_goes_on(page, settings.triage, settings.furniture_margin, followed=goes_on)
    return pages


def page_budget(settings: PdfSettings, text_seconds: float) -> float:
    """RETURNS (float): the seconds a page's layout analysis may take, from what reading its text layer took."""
    return max(settings.page_budget_floor, settings.page_budget_multiple * text_seconds)


class _BudgetSpent(BaseException):
    """Raised by the alarm inside a page's layout analysis. A BaseException, so that no reader's
    `except Exception` takes it for an error of the page and goes on."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[bool]:
    """YIELDS (bool): whether `_BudgetSpent` will interrupt the body after `seconds`.

    An interval timer (SIGALRM) stops Python code wherever it is, a walk
    over the PDF's objects as well as a table finder. It needs the main
    thread of a POSIX process (every worker, and `--workers 0`), and is not
    set while another timer runs; elsewhere the page runs without a budget
    (the batch's --timeout still holds in worker processes).
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _spend)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, MIN_ALARM_SECONDS))
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _spend(signum: int, frame: Any) -> None:
    raise _BudgetSpent


def _analyse_within(budget: float, pdfium_page: Any, textpage: Any, index: int, text: str, seq: int, doctop: float,
                    reading: _Reading) -> Page:
    """The page analysed (`_analyse`) within `budget` seconds; past it, or out of memory, its plain text with a problem."""
    number = index + 1
    try:
        with _alarm(budget):
            return _analyse(pdfium_page, textpage, index, text, seq, doctop, reading)
    except _BudgetSpent:
        reading.problems.append(Problem(
            code="page_too_slow", page=number, severity=Severity.ERROR,
            message=f"{reading.origin.filename} p.{number}: its layout took longer than {budget:.3g} seconds to "
            "analyse, so it was stopped; kept the page's plain text only (its tables were not read); "
            "please report it with the file",
        ))
    except MemoryError:
        reading.problems.append(Problem(
            code="out_of_memory", page=number, severity=Severity.ERROR,
            message=f"{reading.origin.filename} p.{number}: analysing its layout needed more memory than there was; "
            "kept the page's plain text only (its tables were not read); raise the limit with --max-memory "
            "and ingest the paper again with --force",
        ))
    width, height = pdfium_page.get_size()
    return _text_only_page(number, text, width, height, seq)


def wants_analysis(triage: Triage | PageTriage | None, index: int, texts: list[str]) -> bool:
    """RETURNS (bool): whether page `index` (its text last in `texts`, the pages before it before) gets layout analysis.

    triage: None analyses every page; a `PageTriage` picks the cover and the
    pages that show a sign; any other callable is asked about each page's text.
    """
    if triage is None:
        return True
    if isinstance(triage, PageTriage):
        return triage.is_cover(texts) or triage(texts[-1])
    return bool(triage(texts[-1]))


def _analyse(pdfium_page: Any, textpage: Any, index: int, text: str, seq: int, doctop: float, reading: _Reading) -> Page:
    """The page analysed by the settings' engine; by pdfplumber when pdfium cannot; its text alone when neither can."""
    number = index + 1
    if reading.settings.engine == "pdfium":
        page = None
        try:
            if has_fractional_widths(_resources(reading, index)):
                raise Unsupported("a font's glyph widths are in fractions")
            page = open_page(pdfium_page, textpage, number=number, doctop=doctop)
            return analyse_page(page, number=number, text=text, seq=seq, settings=reading.settings)
        except Unsupported as e:
            log.debug("%s p.%d: %s; read by pdfplumber", reading.origin.filename, number, e)
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001  pdfplumber reads the page again, and reports what it cannot read
            log.debug("%s p.%d: pdfium's reading failed (%r); read by pdfplumber", reading.origin.filename, number, e)
        finally:
            if page is not None:
                page.close()
    return _analyse_with_plumber(index, text, seq, reading)


def _resources(reading: _Reading, index: int) -> Any:
    """RETURNS: pdfminer's resources of page `index`, reading the page tree only as far as that page."""
    if reading.pdfminer_pages is None:
        reading.pdfminer_pages = PDFPage.create_pages(_plumber_pdf(reading).doc)
    while len(reading.resources) <= index:
        page = next(reading.pdfminer_pages, None)
        if page is None:
            raise Unsupported("pdfminer reads fewer pages than pdfium")
        reading.resources.append(page.resources)
    return reading.resources[index]


def _plumber_pdf(reading: _Reading) -> Any:
    """The file opened with pdfplumber (pdfminer parses a page's content only when asked for its objects)."""
    if reading.plumber is None:
        reading.plumber = reading.stack.enter_context(_open_plumber(reading.path, reading.settings.password))
    return reading.plumber


def _analyse_with_plumber(index: int, text: str, seq: int, reading: _Reading) -> Page:
    number = index + 1
    plumber_page = use_fast_objects(_plumber_pdf(reading).pages[index])
    try:
        return analyse_page(plumber_page, number=number, text=text, seq=seq, settings=reading.settings)
    except MemoryError:
        raise
    except Exception as e:  # pdfminer raises many kinds of error on damaged page content
        reading.problems.append(Problem(
            code="page_unreadable", page=number, severity=Severity.ERROR,
            message=f"{reading.origin.filename} p.{number}: layout could not be read ({type(e).__name__}: {e}); "
            "kept the page's plain text only (its tables were not read)",
        ))
        return _text_only_page(number, text, float(plumber_page.width), float(plumber_page.height), seq)
    finally:
        release(plumber_page)


def read_page_texts(path: Path, *, password: str = "") -> tuple[list[str], list[tuple[float, float]], dict[str, str]]:
    """RETURNS (tuple): each page's text, each page's (width, height), the file's metadata."""
    pdf = _open_pdfium(path, password)
    try:
        texts, sizes = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(_page_text(textpage))
            sizes.append(page.get_size())
            textpage.close()
            page.close()
        metadata = _metadata(pdf)
    finally:
        pdf.close()
    return texts, sizes, metadata


def _page_text(textpage: Any) -> str:
    return textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")


def _media_height(pdfium_page: Any) -> float:
    _, bottom, _, top = pdfium_page.get_mediabox()
    return abs(top - bottom)


def _metadata(pdf: Any) -> dict[str, str]:
    return {key: str(value) for key, value in pdf.get_metadata_dict(skip_empty=True).items()}


def _open_pdfium(path: Path, password: str) -> Any:
    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as e:
        raise _pdfium_error(path, e) from e


def _pdfium_error(path: Path, error: Exception) -> Exception:
    message = str(error)
    if "password" in message.lower():
        return EncryptedFile(
            f"{path.name}: the PDF is protected by a password; open it with the password "
            "and save an unprotected copy (or ask the council for one), then ingest that"
        )
    if not _ends_complete(path):
        return TruncatedFile(
            f"{path.name}: the PDF ends early (no end-of-file marker), so the download was cut short; "
            "download it again"
        )
    return CorruptFile(
        f"{path.name}: the PDF could not be opened ({message}); it is damaged, "
        "so download it again or re-save it from a PDF viewer"
    )


def _ends_complete(path: Path) -> bool:
    """RETURNS (bool): whether the file ends with the %%EOF marker, as a complete PDF does."""
    return tail_holds(path, b"%%EOF", EOF_WINDOW)


def _open_plumber(path: Path, password: str):
    try:
        return pdfplumber.open(path, password=password)
    except PdfminerException as e:
        # pypdfium2 opened the file, pdfminer could not (an encryption or
        # syntax it does not support); say which, rather than fail as a bug.
        raise _pdfium_error(path, e.args[0] if e.args else e) from e


def _text_only_page(number: int, text: str, width: float, height: float, seq: int) -> Page:
    blocks = []
    for line in text.split("\n"):
        words = line.split()
        if words:
            # built without validation: a str and an int (most pages of a batch are read this way)
            blocks.append(TextBlock.model_construct(text=" ".join(words), seq=seq))
            seq += 1
    return Page(number=number, width=width, height=height, text=text, blocks=blocks, analysed=False)


def _next_seq(page: Page, seq: int) -> int:
    used = [block.seq for block in page.blocks] + [table.seq for table in page.tables]
    return max(used, default=seq - 1) + 1


def debug_page(path: Path, number: int, *, settings: PdfSettings | dict | None = None) -> dict[str, Any]:
    """RETURNS (dict): one page's intermediate results (tables found, fills, lines, model), read by the settings' engine."""
    settings = PdfSettings.resolve(settings)
    with contextlib.ExitStack() as stack:
        if settings.engine == "pdfium":
            document = _open_pdfium(path, settings.password)
            stack.callback(document.close)
            pdfium_page = document[number - 1]
            textpage = pdfium_page.get_textpage()
            stack.callback(pdfium_page.close)
            stack.callback(textpage.close)
            page = open_page(pdfium_page, textpage, number=number)
        else:
            pdf = stack.enter_context(_open_plumber(path, settings.password))
            page = use_fast_objects(pdf.pages[number - 1])
            stack.callback(release, page)
        index = CharIndex(page.chars)
        found = find_page_tables(page, settings, index)
        return {
            "tables": [(entry.method, entry.table.bbox, entry.texts) for entry in found],
            "fills": filled_rects(page),
            "lines": [line["text"] for line in page_lines(page, [entry.table.bbox for entry in found], index)],
            "page": analyse_page(page, number=number, text="", seq=0, settings=settings),
        }
