"""Document loaders: any supported input becomes a ``Document`` of blocks, or an ``InputError``.

``load_document`` reads the input's bytes once, refuses what cannot be a SEF with a message that
names the file and says what to do, and hands the bytes to one reader per format. Every reader
fills a ``DocumentBuilder``, so blocks, headings and locations mean the same in every format.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from collections.abc import Callable
from typing import BinaryIO

from sendcheck.errors import InputError, printable
from sendcheck.load.builder import DocumentBuilder
from sendcheck.load.files import (STDIN, STDIN_NAME, SUPPORTED_SUFFIXES, check_bytes,
                                  expand_inputs, read_named, read_stream, sniff_format)
from sendcheck.models import Document

__all__ = ["SUPPORTED_SUFFIXES", "expand_inputs", "load_document"]

# Each format's reader, imported when a file of that format is first read: the PDF and HTML
# libraries take longer to import than a short draft takes to check.
_READERS: dict[str, str] = {
    "docx": "word:read_docx", "pdf": "pdf:read_pdf", "text": "plaintext:read_text",
    "markdown": "markdown:read_markdown", "html": "web:read_html",
}
_LABELS = {"docx": "a Word document", "pdf": "a PDF", "text": "text", "markdown": "Markdown",
           "html": "HTML"}


def load_document(path: str, stdin: BinaryIO | None = None) -> Document:
    """Load one input (a file path, or ``-`` for standard input) as a ``Document``.

    Raises ``InputError`` for anything unreadable; no library exception escapes, because the
    CLI must be able to say which file failed and why in one line.
    """
    if path == STDIN:
        display = STDIN_NAME
        data = read_stream(stdin if stdin is not None else sys.stdin.buffer)
        fmt = sniff_format(data)
    else:
        display = printable(path)
        fmt, data = read_named(path)
    check_bytes(data, display, fmt)
    builder = DocumentBuilder(display, fmt, hashlib.sha256(data).hexdigest())
    try:
        _reader(fmt)(data, builder)
    except InputError:
        raise
    except RecursionError as exc:
        raise InputError(display, "is nested too deeply to read (tables within tables, or "
                                  "sections within sections); simplify it and save it again"
                         ) from exc
    except Exception as exc:  # a library failed in a way not foreseen: still name the file
        raise InputError(display, f"could not be read as {_LABELS[fmt]} ({type(exc).__name__}: "
                                  f"{exc}); check that it opens in its usual program") from exc
    return builder.build()


def _reader(fmt: str) -> Callable[[bytes, DocumentBuilder], None]:
    module, function = _READERS[fmt].split(":")
    return getattr(importlib.import_module(f"sendcheck.load.{module}"), function)
