"""Make the README's pictures from the sample papers.

    python docs/make_images.py                  # ingest samples/ into a temporary database
    python docs/make_images.py --db plans.db    # or picture an existing database

Writes docs/img/rag-shares.png (`planwatch compare rag`), docs/img/datasette.png
(the overview dashboard of `planwatch serve`, shot with Debian's headless Chromium) and
docs/img/action-changes.png (`planwatch compare changes Stockport`).
Stops with a message when a sample cannot be read or Chromium is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planwatch import compare, compare_actions
from planwatch.runner import RunSettings, run_batch
from planwatch.serve import free_port, spawn, urls
from planwatch.store import open_db

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "docs" / "img"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    "--virtual-time-budget=8000",
]
WINDOW = "1400,1250"


def ingest_samples(db_path: Path) -> Path:
    """RETURNS (Path): `db_path`, holding every sample paper; exits when one could not be read."""
    db = open_db(db_path)
    summary = run_batch([REPO / "samples"], db, settings=RunSettings(workers=0))
    db.conn.close()
    if summary.failures:
        sys.exit("these samples could not be read, so the pictures would be wrong:\n"
                 + "\n".join(f"  {name}: {error}" for name, error in summary.failures))
    return db_path


def shoot(url: str, path: Path) -> Path:
    """RETURNS (Path): `path`, a PNG of the page at `url` as headless Chromium draws it."""
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("no chromium here: run scripts/ensure-chromium (needs root), then try again")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}",
                        f"--screenshot={path}", url], check=True, capture_output=True, timeout=120)
    return path


def make_images(db_path: Path, out_dir: Path) -> list[Path]:
    """RETURNS (list[Path]): the chart and the screenshot, written into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    chart = compare.rag_chart(compare.rag_shares(db_path), out_dir / "rag-shares.png")
    port = free_port()
    server = spawn(db_path, port=port)
    try:
        screenshot = shoot(urls(db_path, port)["dashboard"], out_dir / "datasette.png")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [chart, screenshot]


CHANGES_COUNCIL = "Stockport"
"""The sample council whose plan and progress reports show actions changing."""


def make_changes_image(db_path: Path, out_dir: Path) -> Path:
    """RETURNS (Path): the chart of `planwatch compare changes` for the sample council, in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    history = compare_actions.action_history(db_path, CHANGES_COUNCIL)
    title = f"{CHANGES_COUNCIL}: actions by status per paper, and where each went next"
    return compare_actions.changes_chart(history, out_dir / "action-changes.png", title=title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (default: ingest samples/ afresh)")
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the pictures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db_path = args.db or ingest_samples(Path(scratch) / "planwatch.db")
        for path in make_images(db_path, args.out):
            print(path)
        print(make_changes_image(db_path, args.out))


if __name__ == "__main__":
    main()
