"""Shared fixtures: where the repository's examples and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def seed(prefix: str) -> Path:
    """A seed letter by its number (``"004"``), or skip when shared/ is not beside the repo."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed letter {prefix} not found under {SEEDS}")
    return matches[0]
