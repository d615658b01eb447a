"""One paper through the stages: ingest -> repair -> extract -> normalise.

Between ingest and extract, `repair.repair_raw` repairs broken encodings,
ligatures and odd spaces in every text, block and cell, once for every
reader. `process` never raises for a bad file: an unreadable, empty,
encrypted or mislabelled file comes back as a `failed` document with a
message saying what to do, so a batch always goes on. Storing is the
caller's job (a single writer process owns the database; see
`planwatch.runner`).
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

from planwatch.extract import extract
from planwatch.ingest import IngestError, PdfSettings, ingest, origin_of
from planwatch.ingest.detect import sha256_of, sniff_format
from planwatch.ingest.models import Format, Origin, Problem, Severity
from planwatch.normalise import failed_document, normalise
from planwatch.normalise.fingerprint import fingerprint
from planwatch.normalise.models import NormalisedDocument
from planwatch.repair import repair_raw

SNAPSHOT_PREFIX = "planwatch-"
"""Start of the name of the temporary folder a file is copied into while it is read."""
SNAPSHOT_CHUNK_BYTES = 1 << 20


def process(
    path: Path,
    *,
    sha256: str | None = None,
    pdf_settings: PdfSettings | dict | None = None,
    scratch: Path | None = None,
) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): the paper's rows, or a failed document saying why.

    The document's id is the sha256 of the bytes read (`snapshot`), whatever
    hash the caller computed earlier: a file rewritten in between is stored
    as what was read. `sha256` names a file that cannot be read at all;
    `scratch` is the folder for the copy (the system's temporary folder by
    default; a batch gives its own, removed when it ends).
    """
    path = Path(path)
    try:
        sniff_format(path)  # a file that is no paper fails here, before it is copied
        with snapshot(path, scratch) as (copy, read_sha256):
            origin = origin_of(copy, sha256=read_sha256).model_copy(update={"path": str(path)})
            try:
                raw = ingest(copy, origin=origin, pdf_settings=pdf_settings)
            except IngestError as e:
                return failed_document(origin, _problem(e), pages=e.pages)
    except IngestError as e:
        return failed_document(_bare_origin(path, None), _problem(e))
    except OSError as e:  # gone since the folder was listed, or not readable by this user
        message = (
            f"{path.name}: the file could not be read ({e.strerror or e}); "
            "check that it is still there and that you may read it"
        )
        return failure(path, message, code="unreadable", sha256=sha256)
    repaired = repair_raw(raw)
    return with_fingerprint(normalise(extract(repaired)), repaired.text)


def with_fingerprint(normalised: NormalisedDocument, text: str) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): `normalised` with its document's fingerprint (the same paper in other bytes, #18)."""
    document = normalised.document.model_copy(update={"fingerprint": fingerprint(normalised, text)})
    return normalised.model_copy(update={"document": document})


@contextlib.contextmanager
def snapshot(path: Path, scratch: Path | None = None) -> Iterator[tuple[Path, str]]:
    """YIELDS (tuple): a private copy of the file, under its own name, and the sha256 of its bytes.

    Every reader then reads the bytes that were hashed, even when the file is
    rewritten while it is read (pdfium and pdfplumber each open a PDF, and
    pdfium reads it as it goes). The copy is made in one pass, a megabyte at
    a time, and removed afterwards. Where no copy can be written (a full or
    read-only temporary folder) the file itself is read, hashed first.
    """
    try:
        folder = Path(tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=scratch))
    except OSError:
        yield path, sha256_of(path)
        return
    try:
        copy = folder / path.name
        digest = _copy_hashing(path, copy)
        yield (copy, digest) if digest else (path, sha256_of(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_hashing(path: Path, copy: Path) -> str | None:
    """RETURNS (str | None): the sha256 of `path`'s bytes, copied to `copy`; None when the copy failed.

    A file that cannot be opened raises OSError. When the copy fails (no
    room left, or the file failed half way) the caller reads the file itself,
    which reports a file that cannot be read.
    """
    digest = hashlib.sha256()
    with path.open("rb") as source:
        try:
            with copy.open("wb") as target:
                for chunk in iter(lambda: source.read(SNAPSHOT_CHUNK_BYTES), b""):
                    digest.update(chunk)
                    target.write(chunk)
        except OSError:
            return None
    return digest.hexdigest()


def failure(path: Path, message: str, *, code: str, sha256: str | None = None) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): a failed document for `path` with `message` (for the runner)."""
    problem = Problem(code=code, message=message, severity=Severity.ERROR, stage="ingest")
    return failed_document(_bare_origin(Path(path), sha256), problem)


def internal_error(path: Path, error: BaseException, *, sha256: str | None = None) -> NormalisedDocument:
    """RETURNS (NormalisedDocument): a failed document for a bug in planwatch, with the traceback's last line."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    message = (
        f"{Path(path).name}: planwatch failed on this file ({type(error).__name__}: {error}{at}); "
        "the rest of the batch went on; please report it with the file"
    )
    return failure(path, message, code="internal_error", sha256=sha256)


def _problem(error: IngestError) -> Problem:
    return Problem(code=error.code, message=str(error), severity=Severity.ERROR, stage="ingest")


def _bare_origin(path: Path, sha256: str | None) -> Origin:
    """An origin for a file whose format could not be decided; its hash when it can be read."""
    if sha256 is None:
        try:
            from planwatch.ingest.detect import sha256_of

            sha256 = sha256_of(path)
        except OSError:
            sha256 = "unreadable:" + str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return Origin(filename=path.name, path=str(path), sha256=sha256, format=_format_guess(path), size=size)


def _format_guess(path: Path) -> Format:
    """The format the file's bytes show, or `unknown`: never guessed from its name (#18)."""
    try:
        return sniff_format(path)
    except (IngestError, OSError):
        return Format.UNKNOWN
