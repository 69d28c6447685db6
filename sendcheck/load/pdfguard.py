"""Refuse a PDF whose pages would take gigabytes to parse, before pdfium parses them.

pdfium builds an object for every drawing operator on a page, a few hundred bytes each, so a
tiny PDF whose compressed content stream inflates to tens of megabytes of operators (a "PDF
bomb") costs gigabytes once a page is loaded. Fonts and page content of a real SEF inflate to a
few megabytes in all. So the streams that are not images are inflated here, in bounded chunks
and without keeping the output, and the file is refused once their total passes a budget.
Images are skipped: pdfium does not decode them to extract text.

This is the portable first check, with a clear message; ``isolate`` is the hard limit for the
tricks it cannot see (a small form drawn thousands of times).
"""

from __future__ import annotations

import re
import zlib

from sendcheck.errors import InputError

MAX_INFLATED = 32 * 1024 * 1024
"""Non-image stream bytes after inflating: at most about 500 MB of parsed page objects. The
Ofsted reports need under 1 MB each."""

_CHUNK = 1024 * 1024
_STREAM = re.compile(rb"obj\s*(<<(?:(?!endobj).){0,4096}?>>)\s*stream\r?\n", re.S)


def check_streams(data: bytes, path: str) -> None:
    """Raise ``InputError`` when the non-image streams inflate past ``MAX_INFLATED``."""
    budget = MAX_INFLATED
    for match in _STREAM.finditer(data):
        header = match.group(1)
        if re.search(rb"/Subtype\s*/Image", header):
            continue
        end = data.find(b"endstream", match.end())
        raw = memoryview(data)[match.end():end if end >= 0 else len(data)]
        budget -= _inflated_size(raw, budget) if b"/FlateDecode" in header else len(raw)
        if budget < 0:
            raise InputError(path, "holds more page content than any self-evaluation (a "
                                   "crafted or damaged PDF?); export it again from the program "
                                   "that made it")


def _inflated_size(raw: memoryview, limit: int) -> int:
    """Bytes the stream inflates to, counting no further than just past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    pending: bytes | memoryview = raw
    try:
        while pending and size <= limit and not inflater.eof:
            inflated = len(inflater.decompress(pending, _CHUNK))
            if not inflated:
                break
            size += inflated
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream counts as far as it inflates; pdfium will judge the rest
    return size
