"""Web pages and text saved under a PDF or Word name.

A file named `.pdf` or `.docx` whose bytes are HTML is almost always what the
server sent instead of the paper: an error page, a sign-in page or a cookie
wall that the browser or script saved under the link's name. Plain text under
such a name is the same failure in a terser form ('Access denied'). Reading
it as a paper would store an empty `ok` document and hide that the paper was
never downloaded, so it fails with a message saying so.

The one exception: a page that clearly holds a paper's tables (some councils
publish their trackers as HTML, and a script may have saved one as `.pdf`).
`holds_paper_tables` decides: at least one table with
`MIN_TABLE_ROWS` rows of `MIN_FILLED_CELLS` or more filled cells (a header
and one data row of a tracker is enough). The layout tables of sign-in and
error pages have one or two filled cells per row ('Username:' beside an
empty box). Such a page is read as HTML, with a warning.
"""

from __future__ import annotations

import html
import re

from .exceptions import DownloadErrorPage
from .models import Format, Origin, Page, Problem, Severity

CLAIMED_BINARY_SUFFIXES = {".pdf", ".docx", ".doc", ".docm", ".odt", ".rtf", ".xlsx", ".xls", ".pptx"}
"""Names that promise a binary document; HTML or text under them is a failed download."""
MIN_TABLE_ROWS = 2
MIN_FILLED_CELLS = 3
HINT_CHARS = 80
"""How much of the page's title or first line the message quotes."""

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def claims_binary(origin: Origin) -> bool:
    """RETURNS (bool): whether the file's name promises a PDF or Office document its bytes are not."""
    suffix = "." + origin.filename.rsplit(".", 1)[-1].lower() if "." in origin.filename else ""
    return suffix in CLAIMED_BINARY_SUFFIXES and origin.format in (Format.HTML, Format.TEXT)


def holds_paper_tables(page: Page) -> bool:
    """RETURNS (bool): whether the page has a table with several rows of several filled cells."""
    for table in page.tables:
        full_rows = sum(
            1 for row in table.rows if sum(1 for cell in row.cells if cell.text.strip()) >= MIN_FILLED_CELLS
        )
        if full_rows >= MIN_TABLE_ROWS:
            return True
    return False


def check_claimed_format(origin: Origin, page: Page, source: str) -> list[Problem]:
    """RETURNS (list[Problem]): a warning when a mislabelled page is read as HTML or text.

    Raises DownloadErrorPage when the file is a web page or text under a
    PDF or Word name and holds no paper's tables.
    """
    if not claims_binary(origin):
        return []
    suffix = origin.filename.rsplit(".", 1)[-1].lower()
    kind = "a web page" if origin.format is Format.HTML else "plain text"
    if holds_paper_tables(page):
        return [Problem(
            code="mislabelled_file", severity=Severity.WARNING,
            message=f"{origin.filename}: {kind} saved under a .{suffix} name; it holds tables, "
            f"so it was read as {origin.format.value}; rename it to match its content",
        )]
    raise DownloadErrorPage(
        f"{origin.filename}: this is {kind}{_hint(origin, page, source)} saved under a .{suffix} name, "
        "not the paper; it is most likely an error or sign-in page sent instead of the download. "
        "Open the link in a browser, save the paper itself and ingest that"
    )


def _hint(origin: Origin, page: Page, source: str) -> str:
    """A few words of the page for the message: its title, else its first line."""
    text = ""
    if origin.format is Format.HTML:
        match = _TITLE.search(source)
        if match:
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
    if not text:
        text = next((line.strip() for line in page.text.splitlines() if line.strip()), "")
    if not text:
        return ""
    if len(text) > HINT_CHARS:
        text = text[:HINT_CHARS].rstrip() + "..."
    return f" ('{text}')"
