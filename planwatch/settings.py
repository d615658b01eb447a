"""What every settings dataclass shares: one way to accept None, a dict or an instance.

Each stage's tuning numbers live in a settings dataclass with named defaults
and a `__post_init__` that names a bad setting (pdfplumber's `TableSettings`).
Subclassing `Settings` gives it the `resolve` classmethod, so that functions
can take `settings: XSettings | dict | None` and resolve it in one line.
It lives here, outside the stages, so that every stage may use it: this
package's `__init__` imports no stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self


class Settings:
    """Base of the settings dataclasses: adds `resolve`."""

    @classmethod
    def resolve(cls, settings: Self | Mapping[str, Any] | None) -> Self:
        """RETURNS (Settings): the defaults for None, the settings a dict names, or the instance itself.

        Raises TypeError for anything else, and for a dict key that is no setting.
        """
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        if not isinstance(settings, Mapping):
            raise TypeError(f"{cls.__name__}: expected None, a dict or a {cls.__name__}, not {type(settings).__name__}")
        return cls(**settings)
