"""Which files to check, and getting their bytes safely.

Everything here happens before a format reader runs: naming the inputs, refusing what cannot be
a SEF (too large, empty, a legacy or encrypted Office file, binary data posing as text) with a
message that says what to do, and telling formats apart when the input comes on standard input.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Sequence
from typing import BinaryIO

from sendcheck.errors import InputError

SUPPORTED_SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".text", ".pdf", ".html", ".htm")
FORMATS = {".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
           ".text": "text", ".pdf": "pdf", ".html": "html", ".htm": "html"}
MAX_BYTES = 100 * 1024 * 1024
"""A SEF, even with pictures, is a few megabytes; reading more risks memory for nothing."""

MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_LINES = 300_000
MAX_TAGS = 150_000
"""Text formats cost memory per line or per tag, not per byte; a long SEF has a few thousand
lines or tens of thousands of tags, so these bound memory far above any real draft."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: a Word 97-2003 .doc, or any Office file saved with a password."""
LEGACY_OFFICE = ("this is a legacy .doc or a password-protected file; save it as .docx without a "
                 "password")
TOO_LARGE = (f"is larger than {MAX_BYTES // (1024 * 1024)} MB, too large to be a self-evaluation; "
             "check the file, or save it without embedded media")
STDIN = "-"
STDIN_NAME = "<stdin>"


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """The files to check: folders become the supported files in them, sorted.

    Hidden files and Word's ``~$`` lock files are skipped because they are never drafts. A file
    named explicitly is kept whatever its type, so that loading it can say why it is refused.
    """
    expanded: list[str] = []
    for path in paths:
        if path == STDIN or os.path.isfile(path):
            expanded.append(path)
        elif os.path.isdir(path):
            found = _supported_files(path)
            if not found:
                raise InputError(path, "the folder has no files of a supported type "
                                       f"({', '.join(SUPPORTED_SUFFIXES)}); name the files to "
                                       "check, or put the drafts in it")
            expanded.extend(found)
        elif os.path.exists(path):
            expanded.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return expanded


def _supported_files(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, name) for name in files
                     if not _skipped(name) and _suffix(name) in SUPPORTED_SUFFIXES)
    return sorted(found)


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def read_named(path: str) -> tuple[str, bytes]:
    """The format a named file's suffix promises, and its bytes, or why it cannot be checked."""
    if not os.path.exists(path):
        raise InputError(path, "no such file or folder")
    if os.path.isdir(path):
        raise InputError(path, "is a folder; name the files in it, or pass the folder to check "
                               "all its drafts")
    return _format_of(path), _read_file(path)


def _format_of(path: str) -> str:
    name = os.path.basename(path)
    if name.startswith("~$"):
        raise InputError(path, "is a Word lock file (Word makes it while a document is open); "
                               f"check the document itself, {name[2:]}")
    if _suffix(path) not in FORMATS:
        if _peek(path).startswith(OLE_MAGIC):
            raise InputError(path, LEGACY_OFFICE)
        shown = _suffix(path) or "a file with no suffix"
        raise InputError(path, f"unsupported file type ({shown}); supported types are "
                               f"{', '.join(SUPPORTED_SUFFIXES)}")
    return FORMATS[_suffix(path)]


def _peek(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(OLE_MAGIC))
    except OSError:
        return b""


def _read_file(path: str) -> bytes:
    """The whole file, once, read-only; refused before reading when it is too large."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise InputError(path, TOO_LARGE)
        with open(path, "rb") as handle:
            return _read_capped(handle, path)
    except PermissionError as exc:
        raise InputError(path, "cannot be read (permission denied); check who owns it") from exc
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc}); check the path") from exc


def read_stream(stream: BinaryIO) -> bytes:
    try:
        return _read_capped(stream, STDIN_NAME)
    except OSError as exc:
        raise InputError(STDIN_NAME, f"cannot be read ({exc}); pipe a file in") from exc


def _read_capped(stream: BinaryIO, path: str) -> bytes:
    """Up to the size cap, however the stream hands out its bytes (a pipe gives them in parts)."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = stream.read(MAX_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        raise InputError(path, TOO_LARGE)
    return b"".join(chunks)


def check_bytes(data: bytes, path: str, fmt: str) -> None:
    """Refuse, by content, inputs that no reader could make sense of."""
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(path, "the file is empty")
    if data.startswith(OLE_MAGIC):
        raise InputError(path, LEGACY_OFFICE)
    if fmt in ("text", "markdown", "html"):
        _check_text(data, path, fmt)


def _check_text(data: bytes, path: str, fmt: str) -> None:
    if b"\x00" in data[:8192] and not _utf16(data):
        raise InputError(path, "is binary data, not text; check that it is the right file")
    if len(data) > MAX_TEXT_BYTES or data.count(b"\n") > MAX_LINES or \
            fmt == "html" and data.count(b"<") > MAX_TAGS:
        raise InputError(path, "holds far more text than a self-evaluation; check the file, or "
                               "split it")


def _utf16(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def sniff_format(data: bytes) -> str:
    """Tell formats apart by content, for standard input, which has no file name."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")) or \
            any(tag in text for tag in (b"<html", b"<body", b"<p>", b"<div", b"<h1")):
        return "html"
    if _looks_like_markdown(head):
        return "markdown"
    return "text"


def _looks_like_markdown(head: bytes) -> bool:
    lines = head.splitlines()
    return any(line.startswith(b"#") and line.lstrip(b"#").startswith(b" ") for line in lines) or \
        any(line.strip().startswith(b"|") and b"---" in line for line in lines)
