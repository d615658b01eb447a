"""Do two ways of reading give the same records? Dump every paper's records, then compare two dumps.

    python bench/same_records.py dump before.json                     # samples, dense papers, Kent
    python bench/same_records.py dump after.json --engine pdfium      # another PDF engine
    python bench/same_records.py dump every-page.json --no-triage     # layout analysis of every page
    python bench/same_records.py compare before.json after.json

A dump holds, for each paper, what the extractors printed (metadata,
priorities, actions, RAG keys and counts, indicators, layout reports,
problems) and what the database is given (the normalised document and its
rows), less what changes from run to run (paths, timestamps). Papers: the
samples, the seeds' text papers, table-dense papers written by
`samples/make.py --dense` into `--dense-dir` (written once and reused, as
their bytes carry a timestamp), and the Kent corpus (../shared/corpus/kent/).
`compare` names each paper whose records differ and the first difference,
and exits 1 when any does.

Dumps run with a fixed PYTHONHASHSEED: the metadata reader orders some
running-header lines by a set's order, which otherwise changes between runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KENT = SHARED / "corpus" / "kent"
SEEDS = SHARED / "seeds"
DENSE_PAGES = 200
VOLATILE = {"extracted_at", "source_path", "path"}
"""Fields that differ between runs of the same reading."""
HASH_SEED = "0"


def papers(dense_dir: Path) -> list[Path]:
    """RETURNS (list[Path]): every paper compared, samples first."""
    found = sorted(path for path in (ROOT / "samples").iterdir() if path.suffix in {".pdf", ".docx", ".html", ".txt"})
    found += sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    found += _dense(dense_dir)
    found += sorted(KENT.glob("*.pdf")) if KENT.exists() else []
    return found


def _dense(folder: Path) -> list[Path]:
    existing = sorted((folder / "dense").glob("*.pdf"))
    if existing:
        return existing
    spec = importlib.util.spec_from_file_location("planwatch_samples_make", ROOT / "samples" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return [path for path, _ in make.make_dense(folder / "dense", pages=DENSE_PAGES, seed=0)]


def _without_volatile(value):
    if isinstance(value, dict):
        return {key: _without_volatile(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(item) for item in value]
    return value


def records(job: tuple[str, dict | None]) -> tuple[str, dict]:
    """RETURNS (tuple): the paper's key (folder/name) and its records, printed and stored."""
    from planwatch.extract import extract
    from planwatch.ingest import IngestError, ingest
    from planwatch.normalise import normalise
    from planwatch.repair import repair_raw

    path, settings = Path(job[0]), job[1]
    key = f"{path.parent.name}/{path.name}"
    try:
        extraction = extract(repair_raw(ingest(path, pdf_settings=settings)))
    except IngestError as e:
        return key, {"error": str(e)}
    normalised = normalise(extraction)
    dumped = {"printed": extraction.model_dump(mode="json"), "stored": normalised.model_dump(mode="json")}
    return key, _without_volatile(dumped)


def dump(out: Path, *, dense_dir: Path, settings: dict | None, processes: int) -> int:
    jobs = [(str(path), settings) for path in papers(dense_dir)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        result = dict(pool.imap(records, jobs, chunksize=1))
    out.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} papers written to {out}", file=sys.stderr)
    return 0


def first_difference(a, b, where: str = "") -> str | None:
    """RETURNS (str | None): where two dumped values first differ, and how."""
    if type(a) is not type(b):
        return f"{where}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'second' if key not in a else 'first'}"
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for index, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{index}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)} items"
        return None
    return None if a == b else f"{where}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"


def compare(first: Path, second: Path) -> int:
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"{key}: only in {first.name if key in a else second.name}")
            differ += 1
            continue
        found = first_difference(a[key], b[key])
        if found:
            print(f"{key}: {found}")
            differ += 1
    print(f"{len(set(a) | set(b))} papers compared, {differ} differ", file=sys.stderr)
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="write every paper's records to a JSON file")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--engine", help="PDF engine (PdfSettings.engine); the default when not given")
    dumping.add_argument("--no-triage", action="store_true", help="analyse every PDF page (PdfSettings.triage=None)")
    dumping.add_argument("--dense-dir", type=Path, default=Path("/tmp/planwatch-same-records"))
    dumping.add_argument("--processes", type=int, default=2)
    comparing = commands.add_parser("compare", help="name the papers whose records differ between two dumps")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump" and os.environ.get("PYTHONHASHSEED") != HASH_SEED:
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": HASH_SEED})
    if args.command == "compare":
        return compare(args.first, args.second)
    settings = {"engine": args.engine} if args.engine else {}
    if args.no_triage:
        settings["triage"] = None
    return dump(args.out, dense_dir=args.dense_dir, settings=settings or None, processes=args.processes)


if __name__ == "__main__":
    sys.exit(main())
