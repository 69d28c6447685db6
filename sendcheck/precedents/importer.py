"""Published letters (PDF, text, Word, HTML) -> ``Precedent`` records.

A letter is loaded by the same loaders as a SEF (so PDF layout, wrapping and page furniture are
handled once), its metadata read from its own words (``metadata``), split into passages by its
own structure (``structure``) and tagged by the engine (``tagging``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..errors import InputError, SendcheckError
from ..load import load_document
from ..load.builder import DocumentBuilder
from ..load.files import check_bytes, read_named
from ..load.plaintext import read_text
from ..load.textutil import decode_text
from ..models import Document
from ..nlp import CompiledPack, compile_pack
from ..rulepack import load_pack
from .letters import load_letters
from .metadata import DATE, RANGE, Metadata, MetadataError, extract
from .model import LICENCE, Precedent, Progress
from .structure import passages
from .tagging import tag

_SOURCE_LINE = re.compile(r"^source:\s*(?P<source>.+)$", re.I)  # the shared corpus's first line


@dataclass(frozen=True)
class Letter:
    """A loaded letter: its document, the ``source:`` line a text copy may start with, and the
    hash of the file's bytes."""

    document: Document
    source: str | None
    sha256: str


@cache
def default_compiled() -> CompiledPack:
    """The built-in rule pack, compiled once: letters are tagged with the shipped criteria."""
    return compile_pack(load_pack(()))


def load_letter(path: str) -> Letter:
    """Load one letter. Text may start with a ``source:`` line (as in the shared corpus) and
    carry the running footers a PDF-to-text tool leaves in; both are taken out first."""
    fmt, data = read_named(path)
    check_bytes(data, path, fmt)
    digest = hashlib.sha256(data).hexdigest()
    if fmt != "text":
        return Letter(load_document(path), None, digest)
    text = decode_text(data)
    source = None
    first, _, rest = text.partition("\n")
    match = _SOURCE_LINE.match(first.strip())
    if match:
        source, text = match["source"].strip(), rest
    builder = DocumentBuilder(path, "text", digest)
    try:
        read_text(_drop_running_lines(text).encode("utf-8"), builder)
    except InputError:
        raise
    except Exception as exc:  # pragma: no cover - the text reader does not fail on text
        raise InputError(path, f"could not be read as text ({type(exc).__name__}: {exc})") from exc
    return Letter(builder.build(), source, digest)


def _drop_running_lines(text: str) -> str:
    """Blank the running title a PDF-to-text tool repeats on every page ("Area SEND inspection
    report: X Local Area Partnership": ``running_titles`` in ``rules/letters.yaml``, at least
    three times, never a sentence) and the date line under it. A date line elsewhere stays: the
    first page states the same dates."""
    running_title = load_letters().running_title
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    counts = Counter(line.strip() for line in lines if line.strip())
    out, after_title = [], False
    for line in lines:
        key = line.strip()
        if not key:
            out.append(line)
            continue
        if counts[key] >= 3 and running_title.match(key) and \
                not key.endswith((".", "?", "!", ":", ";")):
            out.append("")
            after_title = True
            continue
        if after_title and (RANGE.fullmatch(key) or DATE.fullmatch(key)):
            out.append("")
        else:
            out.append(line)
        after_title = False
    return "\n".join(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def precedent_id(meta: Metadata) -> str:
    """``wiltshire-2018-03``, ``swindon-2021-11-revisit``: the area and the month of the letter
    (or, with no letter date, of the start of the inspection), stable across re-imports."""
    when = meta.published or meta.inspection_start
    suffix = "-revisit" if meta.kind == "revisit" else ""
    return f"{slug(meta.area)}-{when:%Y-%m}{suffix}"


def build_precedent(letter: Letter, path: str, source: str | None = None,
                    overrides: dict | None = None,
                    compiled: CompiledPack | None = None) -> Precedent:
    """The store record for a loaded letter. ``overrides`` replaces metadata the text cannot
    give (used only for shipped seeds); ``source`` replaces the recorded source."""
    blocks = letter.document.blocks
    try:
        meta = extract([block.text for block in blocks])
    except MetadataError as exc:
        raise InputError(path, str(exc)) from None
    for key, value in (overrides or {}).items():
        setattr(meta, key, value)
    raw = passages(blocks, meta.kind, meta.title_index)
    if not raw:
        raise InputError(path, "no passages found after the letter's title")
    tagged = tag(raw, compiled or default_compiled(), meta.inspection_end)
    described = meta.title or f"{meta.area} ({meta.kind})"
    return Precedent(
        id=precedent_id(meta),
        area=meta.area,
        kind=meta.kind,
        title=meta.title,
        inspection_start=meta.inspection_start,
        inspection_end=meta.inspection_end,
        published=meta.published,
        outcome=meta.outcome,
        progress=Progress(sufficient=meta.progress[0], total=meta.progress[1])
        if meta.progress else None,
        source=source or letter.source or f"{described}; Ofsted/CQC, file "
                                           f"{os.path.basename(path)}",
        licence=LICENCE,
        sha256=letter.sha256,
        passages=tagged,
    )


def import_letter(path: str, source: str | None = None) -> Precedent:
    """Load and build one letter; any problem is an ``InputError`` naming the file."""
    try:
        letter = load_letter(path)
        return build_precedent(letter, path, source=source)
    except InputError:
        raise
    except SendcheckError as exc:
        raise InputError(path, str(exc)) from exc
