"""Shared fixtures: where the repository's examples and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendcheck.cli import main

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


AS_OF = ["--as-of", "2026-11-24"]

# A small draft with a gap, a strength and a figure against a standard, for the CI-style tests.
CI_DRAFT = """\
# Eastshire SEND self-evaluation

## Designated officers

The area currently has no Designated Medical Officer, and the Designated Clinical Officer post \
has been vacant since March 2026.

## Local offer

The local offer was relaunched in September 2026 and 4,200 families used it in October 2026. \
Parents told us it is easier to use, and our "You said, we did" page is updated every month.

## Waiting times

Children wait 61 weeks for an autism assessment, against the NICE standard of 13 weeks.
"""

# The same areas with fewer words, for configuration and baseline tests.
SHORT_DRAFT = """\
# Eastshire SEND self-evaluation

## Designated officers

The area currently has no Designated Medical Officer, and the Designated Clinical Officer post \
has been vacant since March 2026.

## Local offer

The local offer was relaunched in September 2026 and 4,200 families used it in October 2026. \
Parents told us it is easier to use, and our "You said, we did" page is updated every month.
"""


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """The console entry point, in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF of numbered ``objects`` (object 1 is the catalogue) with its xref table,
    for tests that need PDFs no library would write: encrypted, scanned, bombs, 2,000 pages."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)
