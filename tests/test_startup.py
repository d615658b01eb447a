"""What `planwatch` imports before it reads a paper: start-up is paid by every command and every batch."""

from __future__ import annotations

import subprocess
import sys


def test_the_command_starts_without_pandas_or_python_docx():
    code = (
        "import sys, planwatch.cli; from planwatch.runner import layouts; layouts(); "
        "print(sorted(name for name in ('pandas', 'docx') if name in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]", "pandas (through sqlite-utils) or python-docx imported at start-up"


def test_pandas_is_still_there_for_analysts_after_the_store():
    code = (
        "import planwatch.store, pandas, sqlite_utils.db; "
        "print(pandas.DataFrame({'a': [1]}).shape, sqlite_utils.db.pd is None)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "(1, 1) True"
