"""Counts in messages, with the noun that agrees: '1 direction of travel', '6 directions of travel'.

A tiny helper every stage may use (this package's `__init__` imports no stage).
"""

from __future__ import annotations


def counted(number: int | float, singular: str, plural: str | None = None) -> str:
    """RETURNS (str): the number and the noun, singular for exactly one.

    plural (str): the plural when it is not the singular with an 's'
        ('directions of travel', 'priorities').
    """
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{shown} {singular if number == 1 else plural or singular + 's'}"


def without_name(message: str, filename: str) -> str:
    """RETURNS (str): `message` without the `<file>: ` it starts with, for a line that names the file already (#18)."""
    prefix = f"{filename}: "
    return message[len(prefix):] if message.startswith(prefix) else message
