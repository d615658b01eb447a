"""Colours as PDFs and Word files give them, turned into `#rrggbb`.

PDF fills arrive as gray (1 number), RGB (3) or CMYK (4) components between 0
and 1, or as the name of a pattern; Word cell shading arrives as hex text or
`auto`. Deciding which status a colour means is the normaliser's job; this
module only makes colours comparable.
"""

from __future__ import annotations

from collections.abc import Sequence


def _clamp(value: float) -> int:
    return max(0, min(255, round(value * 255)))


def pdf_colour_to_hex(colour: object) -> str | None:
    """RETURNS (str | None): a pdfplumber colour value as #rrggbb, None for patterns and junk."""
    if colour is None or isinstance(colour, str):
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, Sequence):
        return None
    try:
        parts = [float(part) for part in colour]
    except (TypeError, ValueError):
        return None
    if any(part > 1.0 for part in parts):  # some producers write 0..255
        parts = [part / 255 for part in parts]
    if len(parts) == 1:
        r = g = b = parts[0]
    elif len(parts) == 3:
        r, g, b = parts
    elif len(parts) == 4:
        c, m, y, k = parts
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return f"#{_clamp(r):02x}{_clamp(g):02x}{_clamp(b):02x}"


def word_colour_to_hex(value: str | None) -> str | None:
    """RETURNS (str | None): a Word `w:shd/@w:fill` value as #rrggbb, None for `auto`."""
    if not value:
        return None
    value = value.strip().lstrip("#").lower()
    if len(value) != 6 or any(ch not in "0123456789abcdef" for ch in value):
        return None
    return f"#{value}"
