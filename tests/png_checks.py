"""Checks that a PNG file shows a picture rather than a blank page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib import image

MIN_SIDE_PIXELS = 300
MIN_DISTINCT_COLOURS = 8
MIN_INKED_FRACTION = 0.01
"""At least this share of pixels differs from the most common (background) colour."""


def assert_png_shows_something(path: Path, *, colours: list[str] | None = None) -> np.ndarray:
    """RETURNS (np.ndarray): the image's RGB pixels (0-255), after checking it is a real, non-blank PNG.

    colours (list[str] | None): '#rrggbb' colours that must each cover some pixels.
    """
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"[{path.name}] is not a PNG"
    pixels = (image.imread(path)[..., :3] * 255).round().astype(np.uint8)
    height, width = pixels.shape[:2]
    assert min(height, width) >= MIN_SIDE_PIXELS, f"[{path.name}] only {width}x{height} pixels"
    flat = pixels.reshape(-1, 3)
    distinct, counts = np.unique(flat, axis=0, return_counts=True)
    assert len(distinct) >= MIN_DISTINCT_COLOURS, f"[{path.name}] has only {len(distinct)} colours: blank?"
    assert 1 - counts.max() / len(flat) >= MIN_INKED_FRACTION, f"[{path.name}] is almost all one colour"
    for colour in colours or []:
        rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
        near = (np.abs(flat.astype(np.int16) - rgb).max(axis=1) <= 2).sum()
        assert near > 0, f"[{path.name}] shows no {colour}"
    return pixels
