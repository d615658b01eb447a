"""A non-editable install carries every data file the code reads (vocabularies, rules, register)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = {".md"}


def test_every_data_file_beside_the_code_is_package_data():
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    missing = []
    for package, folder in setup["package-dir"].items():
        patterns = setup.get("package-data", {}).get(package, [])
        for path in (ROOT / folder).iterdir():
            if not path.is_file() or path.suffix in {".py", ".pyc"} | DOCS:
                continue
            if not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
                missing.append(f"{folder}/{path.name}")
    assert missing == [], f"add these to [tool.setuptools.package-data]: {missing}"
