"""Shared fixtures: where ../shared lives, and small real files built on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
KENT = SHARED / "corpus" / "kent"
OFSTED = SHARED / "corpus" / "ofsted"
SAMPLES = REPO / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def need(path: Path) -> Path:
    """Skip the calling test with a reason when `path` (under ../shared) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not here; these tests read ../shared beside the repository")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture
def kent_dir() -> Path:
    return need(KENT)
