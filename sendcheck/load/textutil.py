"""Text helpers shared by the readers, so every format cleans, decodes and reads lines alike."""

from __future__ import annotations

import codecs
import re

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe]")
"""Soft hyphens, zero-width marks and byte-order marks. A pattern, not ``str.translate``:
translating looks every character up in a table (loading the 36 corpus letters took 0.088 s
with it, 0.075 s without)."""

_GLYPHS = ("\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u2023\u2043\u00b7\u27a2\u2713"
           "\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
"""Bullet glyphs as Word, PDF exporters and people type them, including the Symbol and
Wingdings private-use bullets that PDF text extraction returns."""

BULLET = re.compile(rf"^\s*(?:[-*+\u2013\u2212{_GLYPHS}]|\d{{1,3}}[.)]|\(?[a-z]\)"
                    r"|\(?[ivx]{1,4}\))\s+(?=\S)")
"""A list marker at the start of a line: a bullet or dash, ``1.``/``1)``, ``(a)``/``iv)``."""

_GLYPH_BULLET = re.compile(rf"^\s*[{_GLYPHS}]")
_SENTENCE_END = re.compile(r"[.!?:;]['\"\u2019\u201d)\]]*$")
_ITEM_END = re.compile(r"[.!?:;]['\"\u2019\u201d)\]]*(?:\s+(?:and|or))?$")
_SALUTATION = re.compile(r"^(dear|yours|kind regards|best wishes|many thanks|cc:)\b", re.I)
_CONTACT = re.compile(r"@|https?://|www\.|\w\.(?:uk|com|org|net)\b"
                      r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\d{4} ?\d{3} ?\d{4}")
"""E-mail and web addresses, UK postcodes and phone numbers: letterheads, not headings."""


def clean(text: str) -> str:
    """Single-spaced, stripped text without soft hyphens or zero-width marks.

    Invisible characters would otherwise split words for matching ("co\u00adproduction"), and
    readers must agree on one normal form for text to compare equal across formats.
    """
    return " ".join(_INVISIBLE.sub("", text).split())


def strip_bullet(line: str) -> str | None:
    """The text after a list marker, or None when the line is not a list item."""
    match = BULLET.match(line)
    return line[match.end():] if match else None


def starts_list_item(line: str, previous: str | None) -> bool:
    """Whether a wrapped line starts a list item rather than continuing the sentence above.

    A bullet glyph always starts one. A number, letter or dash may just be where a line wrapped
    ("aged 12 to" / "24) following assessment"), so it starts an item only after a line that
    ends a sentence, a clause (";" or "; and") or an introduction (":").
    """
    if strip_bullet(line) is None:
        return False
    return bool(_GLYPH_BULLET.match(line)) or previous is None or \
        bool(_ITEM_END.search(previous.rstrip()))


def is_bare_bullet(line: str) -> bool:
    """A bullet glyph alone on its line; PDF extraction often puts it apart from its text."""
    return strip_bullet(f"{line.strip()} x") == "x"


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def looks_like_heading(line: str, max_words: int = 12) -> bool:
    """Whether a line reads like a heading when layout alone cannot tell.

    Plain text and some PDFs carry no styles, so this looks at wording only and errs towards
    "no": a false heading would wrongly label every paragraph under it. A heading is short, starts
    with a capital, is not a sentence (no final full stop or comma), and is not a letter's
    salutation, an address or contact details. A final ":" is allowed on a short line (a long
    one introduces a list), and a final "?" on a longer one, because reports ask their section
    questions ("What is it like to be a child or young person with SEND in this area?").
    """
    text = clean(line)
    words = text.split()
    if text.endswith("?"):
        max_words += 8
    if not words or len(words) > max_words or len(text) > 120:
        return False
    if not text[0].isupper() or BULLET.match(text):
        return False
    if text[-1] in ".,;" or text[-1] == ":" and len(words) > 6:
        return False
    return not (_SALUTATION.match(text) or _CONTACT.search(text))


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as text without ever failing.

    A byte-order mark wins, then a declared charset that Python knows, then UTF-8; Windows
    editors still save cp1252, so that is the fallback (undefined bytes become U+FFFD rather than
    stopping the check).
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for codec in filter(None, (_known_codec(declared), "utf-8")):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _known_codec(name: str | None) -> str | None:
    """Python's name for a declared charset; Latin-1 and ASCII labels mean cp1252 (as browsers
    take them), since pages saved on Windows that say Latin-1 hold cp1252 quotes and dashes."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
