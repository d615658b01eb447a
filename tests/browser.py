"""Drive Debian's headless Chromium from tests: read a page's DOM after its scripts ran, or take a screenshot.

The chromium command line is enough here: Datasette renders its tables on the
server, and the dashboard's charts draw within a few seconds of virtual time.
No browser is downloaded; without /usr/bin/chromium the tests skip.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]
VIRTUAL_TIME_MS = 8000
"""Virtual time Chromium lets a page's scripts run before it dumps or shoots (not wall-clock time)."""
RUN_TIMEOUT_SECONDS = 90
WINDOW = (1400, 1000)


def chromium() -> str:
    """RETURNS (str): the Chromium binary; skips the calling test with a reason when there is none."""
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        pytest.skip("Chromium is not installed: run scripts/ensure-chromium (needs root and apt-get), "
                    "or 'apt-get install chromium'")
    return path


def _run(url: str, *extra: str, window: tuple[int, int] = WINDOW) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="planwatch-chromium-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}",
                   f"--virtual-time-budget={VIRTUAL_TIME_MS}", *extra, url]
        return subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False)


def dump_dom(url: str) -> str:
    """RETURNS (str): the page's DOM as HTML, after its scripts ran."""
    result = _run(url, "--dump-dom")
    assert result.returncode == 0 and result.stdout, f"[{url}] chromium failed: {result.stderr[-2000:]}"
    return result.stdout


def screenshot(url: str, path: Path, *, window: tuple[int, int] = WINDOW) -> Path:
    """RETURNS (Path): `path`, a PNG of the page as a person would see it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    result = _run(url, f"--screenshot={path}", window=window)
    assert path.exists(), f"[{url}] no screenshot written: {result.stderr[-2000:]}"
    return path


class _Rows(HTMLParser):
    """Cell texts of every table body row, and the header texts, of the first data table."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.headers if self._in_head else self.rows[-1] if self.rows else self.headers).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[dict[str, str]]:
    """RETURNS (list[dict[str, str]]): rows of the page's data table as header -> cell text."""
    parser = _Rows()
    parser.feed(html)
    return [dict(zip(parser.headers, row)) for row in parser.rows if row]
