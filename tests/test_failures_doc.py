"""docs/failures.md lists every problem code planwatch can emit, with what to do about it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

DOC = REPO / "docs" / "failures.md"
PACKAGES = ("ingest", "extract", "normalise", "store", "planwatch")
OWN_SECTIONS = ("Reading the file", "Warnings while reading", "Running the batch", "The database")
"""Sections whose codes this repository's ingest, runner and store emit (checked both ways)."""


def documented() -> dict[str, str]:
    """RETURNS (dict): code -> the section it is listed in (headings '### `code`' or '### `a`, `b`')."""
    codes: dict[str, str] = {}
    section = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("### "):
            for code in re.findall(r"`([a-z_]+)`", line):
                codes[code] = section
    return codes


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _code_helpers(tree: ast.AST) -> dict[str, int]:
    """Functions with a `code` parameter: name -> its position (for `_problem("kind_unknown", ...)`)."""
    helpers = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [arg.arg for arg in node.args.posonlyargs + node.args.args]
            if "code" in names:
                helpers[node.name] = names.index("code")
    return helpers


def emitted(tree: ast.AST, helpers: dict[str, int]) -> set[str]:
    """Codes in one module: code="..." arguments, code = "..." attributes, helper calls, (code, ...) loops."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "code" and _constant(node.value):
            found.add(node.value.value)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
            if _constant(node.value):
                found.add(node.value.value)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = helpers.get(name or "")
            if position is not None and position < len(node.args) and _constant(node.args[position]):
                found.add(node.args[position].value)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple) and node.target.elts:
            if getattr(node.target.elts[0], "id", None) == "code" and isinstance(node.iter, (ast.Tuple, ast.List)):
                for item in node.iter.elts:
                    if isinstance(item, ast.Tuple) and item.elts and _constant(item.elts[0]):
                        found.add(item.elts[0].value)
    return found


def codes_in_source() -> dict[str, list[str]]:
    """RETURNS (dict): every problem code in the packages -> the modules that emit it."""
    modules = [path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in modules}
    helpers: dict[str, int] = {}
    for tree in trees.values():
        helpers.update(_code_helpers(tree))
    result: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for code in emitted(tree, helpers):
            result.setdefault(code, []).append(str(path.relative_to(REPO)))
    return result


def test_the_scan_finds_the_codes_it_should():
    found = codes_in_source()
    for code in ("empty_file", "truncated", "download_error_page", "timeout", "out_of_memory", "schema_version"):
        assert code in found, f"[scan] {code} not found: the scan of the source is broken"


def test_every_code_in_the_source_is_documented():
    missing = {code: modules for code, modules in codes_in_source().items() if code not in documented()}
    assert not missing, f"[docs/failures.md] add a '### `code`' entry saying what to do for: {missing}"


def test_every_documented_code_of_ingest_runner_and_store_exists():
    found = codes_in_source()
    stale = [code for code, section in documented().items() if section in OWN_SECTIONS and code not in found]
    assert not stale, f"[docs/failures.md] codes no longer emitted: {stale}"


def test_every_entry_says_what_to_do():
    text = DOC.read_text(encoding="utf-8")
    entries = re.split(r"^### ", text, flags=re.M)[1:]
    for entry in entries:
        heading, _, body = entry.partition("\n")
        assert len(body.split()) >= 8, f"[docs/failures.md] {heading}: say what happened and what to do"
