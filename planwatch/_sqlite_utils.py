"""sqlite-utils' `Database`, imported without pandas.

sqlite-utils imports pandas when it can (a quarter of a second, with numpy's
and pyarrow's imports) only to map `pandas.Timestamp` to a column type.
planwatch stores no pandas objects, and every command would pay that time at
start-up, in the batch's writer before its workers start. So sqlite-utils is
imported here with pandas hidden (a None in `sys.modules` makes its import
fail, as if pandas were not installed), and pandas stays importable for the
analysts' helpers (`planwatch.frames`) afterwards. Where pandas or
sqlite-utils is already imported, nothing is hidden.
"""

from __future__ import annotations

import sys

if "pandas" in sys.modules or "sqlite_utils" in sys.modules:
    import sqlite_utils
else:
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        del sys.modules["pandas"]

Database = sqlite_utils.Database

__all__ = ["Database"]
