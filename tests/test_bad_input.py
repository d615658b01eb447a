"""Bad input: every unreadable file becomes a document with a status and a message to act on.

Each bad file is built by tests/bad_files.py at test time. The single-file
tests pin each message; the batch test runs good and bad files together
through `planwatch ingest` and checks that every good file is stored and
every bad one is recorded, with exit status 1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import bad_files as bad
from builders import shaded_docx
from planwatch.cli import cli
from planwatch.ingest import ingest
from planwatch.pipeline import process

TRACKER_PAGE = (
    "<!DOCTYPE html><html><head><title>Tracker</title></head><body><table>"
    "<tr><th>Ref</th><th>Action</th><th>RAG</th></tr>"
    "<tr><td>1.1</td><td>Recruit social workers</td><td>Amber</td></tr>"
    "<tr><td>1.2</td><td>Audit casework</td><td>Green</td></tr>"
    "</table></body></html>"
)
NOT_FOUND_PAGE = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"

BAD_FILES = {
    # name: (builder, status, code, message pattern)
    "empty.pdf": (bad.zero_byte, "failed", "empty_file", r"empty\.pdf: the file is empty \(0 bytes\); download it again"),
    "cut-short.pdf": (bad.truncated_pdf, "failed", "truncated",
                      r"cut-short\.pdf: the PDF ends early \(no end-of-file marker\), so the download was cut short; download it again"),
    "noise.pdf": (bad.random_bytes, "failed", "unsupported_format",
                  r"noise\.pdf: named \.pdf but not a PDF, Word \(\.docx\), HTML or text file .*download it again"),
    "sign-in.pdf": (bad.html_page, "failed", "download_error_page",
                    r"sign-in\.pdf: this is a web page \('Sign in - Modern\.gov'\) saved under a \.pdf name, not the paper; "
                    r"it is most likely an error or sign-in page .* Open the link in a browser, save the paper itself and ingest that"),
    "not-found.docx": (lambda path: bad.html_page(path, NOT_FOUND_PAGE), "failed", "download_error_page",
                       r"not-found\.docx: this is a web page \('404 Not Found'\) saved under a \.docx name"),
    "denied.pdf": (lambda path: path.write_text("Access denied\n") and path, "failed", "download_error_page",
                   r"denied\.pdf: this is plain text \('Access denied'\) saved under a \.pdf name, not the paper"),
    "bundle.docx": (bad.zip_without_document, "failed", "unsupported_format",
                    r"bundle\.docx: a ZIP archive without word/document\.xml, so not a Word document; unpack it"),
    "broken-xml.docx": (bad.docx_with_broken_xml, "failed", "corrupt_file",
                        r"broken-xml\.docx: the Word document is damaged \(XMLSyntaxError: .*\); open it in Word and save it again"),
    "no-styles.docx": (bad.docx_missing_part, "failed", "corrupt_file",
                       r"no-styles\.docx: the Word document is damaged \(KeyError: .*word/styles\.xml.*\); open it in Word"),
    "bad-stream.docx": (bad.docx_damaged_stream, "failed", "corrupt_file",
                        r"bad-stream\.docx: the Word document is damaged \(\w+: .*\); open it in Word and save it again"),
    "locked.pdf": (lambda path: bad.encrypted_pdf(path, user_password="s3cret"), "failed", "encrypted",
                   r"locked\.pdf: the PDF is protected by a password; open it with the password and save an unprotected copy"),
    "scanned.pdf": (lambda path: bad.scanned_pdf(path, ["scan", "scan"]), "failed", "no_text_layer",
                    r"scanned\.pdf: none of its 2 pages has a text layer \(pages 1-2 are scanned\), so nothing could be read; "
                    r"run OCR on it first \(for example `ocrmypdf 'scanned\.pdf' 'scanned-ocr\.pdf'`\)"),
    "part-scanned.pdf": (lambda path: bad.scanned_pdf(path, ["text", "scan", "text", "scan", "scan"]), "partial",
                         "no_text_layer",
                         r"part-scanned\.pdf: pages 2, 4-5 are scanned, with no text layer, so nothing on them was read; "
                         r"run OCR on it first"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES), ids=sorted(BAD_FILES))
def test_each_bad_file_has_a_status_and_a_message(tmp_path, name):
    builder, status, code, pattern = BAD_FILES[name]
    path = tmp_path / name
    builder(path)
    normalised = process(path)
    document = normalised.document
    assert document.status == status, f"[{name}] {document.status}: {document.error}"
    assert re.fullmatch(pattern + r".*", document.error or "", re.S), f"[{name}] message: {document.error}"
    assert code in [problem.code for problem in normalised.problems], f"[{name}] codes: {normalised.problems}"


def test_a_scanned_page_is_named_in_its_problem(tmp_path):
    path = bad.scanned_pdf(tmp_path / "mixed.pdf", ["text", "text", "scan"])
    normalised = process(path)
    (problem,) = [problem for problem in normalised.problems if problem.code == "no_text_layer"]
    assert problem.page == 3 and normalised.document.pages == 3


def test_blank_pages_are_not_taken_for_scans(tmp_path):
    path = bad.scanned_pdf(tmp_path / "with-blank.pdf", ["text", "blank", "text"])
    normalised = process(path)
    assert normalised.document.status == "ok", normalised.document.error


def test_encrypted_pdf_with_an_empty_user_password_is_read(tmp_path):
    path = bad.encrypted_pdf(tmp_path / "protected.pdf", user_password="", text="Improvement plan: progress report")
    raw = ingest(path)
    assert "Improvement plan: progress report" in raw.text
    assert process(path).document.status == "ok"


def test_html_with_a_papers_tables_under_a_pdf_name_is_read_with_a_warning(tmp_path):
    path = bad.html_page(tmp_path / "tracker.pdf", TRACKER_PAGE)
    raw = ingest(path)
    assert [cell.text for cell in raw.tables[0].rows[1].cells] == ["1.1", "Recruit social workers", "Amber"]
    (problem,) = raw.problems
    assert problem.code == "mislabelled_file" and problem.severity == "warning"
    assert problem.message.startswith("tracker.pdf: a web page saved under a .pdf name; it holds tables")
    assert process(path).document.status == "ok"


def test_html_under_its_own_name_is_not_questioned(tmp_path):
    path = bad.html_page(tmp_path / "sign-in.html")
    assert process(path).document.status == "ok"


def test_a_file_that_vanished_is_reported(tmp_path):
    normalised = process(tmp_path / "gone.pdf")
    assert normalised.document.status == "failed"
    assert normalised.document.error.startswith("gone.pdf: the file could not be read (No such file or directory)")


def test_a_mixed_batch_stores_every_good_file_and_records_every_bad_one(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    good = {
        "plan.pdf": bad.good_pdf(folder / "plan.pdf", seed=1),
        "plan.docx": shaded_docx(folder / "plan.docx"),
        "update.txt": folder / "update.txt",
        "open.pdf": bad.encrypted_pdf(folder / "open.pdf", user_password=""),
        "tracker.pdf": bad.html_page(folder / "tracker.pdf", TRACKER_PAGE),
    }
    good["update.txt"].write_text("Ref\tAction\tLead\n1\tReview\tDCS\n", encoding="utf-8")
    for name, (builder, *_rest) in BAD_FILES.items():
        builder(folder / name)
    db = tmp_path / "batch.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--workers", "2"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    rows = {
        filename: (status, error)
        for filename, status, error in sqlite3.connect(db).execute("select filename, status, error from documents")
    }
    assert set(rows) == set(good) | set(BAD_FILES), "every file must have a documents row"
    for name in good:
        assert rows[name] == ("ok", None), f"[{name}] {rows[name]}"
    for name, (_builder, status, _code, pattern) in BAD_FILES.items():
        assert rows[name][0] == status, f"[{name}] {rows[name]}"
        assert re.fullmatch(pattern + r".*", rows[name][1], re.S), f"[{name}] {rows[name][1]}"
        if status == "failed":
            listed = " ".join(result.stderr.split())
            assert f"failed {name}: " in listed, f"[{name}] not listed at the end"
            assert f"failed {name}: {name}: " not in listed, f"[{name}] named twice (#18)"



@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_skipped_with_a_warning_in_a_folder_and_on_the_command_line(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "update.txt").write_text("Ref\tAction\tLead\n1.1\tReview casework\tDCS\n")
    os.mkfifo(folder / "feed.pdf")  # nothing ever writes to it: reading it would wait for ever
    for named in ([folder], [folder / "update.txt", folder / "feed.pdf"]):
        db = tmp_path / f"{len(named)}.db"
        command = [sys.executable, "-c", "from planwatch.cli import main; main()",
                   "ingest", *map(str, named), "--db", str(db), "--workers", "1"]
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        warning = " ".join(run.stderr.split())
        assert f"skipped {folder / 'feed.pdf'}: not a regular file (a named pipe)" in warning, warning
        stored = sqlite3.connect(db).execute("select filename, status from documents").fetchall()
        assert stored == [("update.txt", "ok")]
