"""Read plain text, which is usually pasted from a PDF: hard-wrapped, with page-break noise.

Paragraphs end at blank lines, at a bullet, or at a short line that ends a sentence when the next
starts a new one; wrapped lines are joined and line-break hyphens resolved. A blank run is not a
paragraph end when the sentence plainly goes on (the next line starts in lowercase), since that
is a page break. Lines that are page furniture (page numbers, and lines repeated near them) are
dropped, and a paragraph cut by a page break mid-sentence goes on across it. Headings have no
markup, so only short stand-alone lines worded as headings and followed by body text become
headings, all at level 1.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sendcheck.load.builder import DocumentBuilder
from sendcheck.load.hyphens import join_lines, vocabulary
from sendcheck.load.textutil import clean, decode_text, ends_sentence, is_bare_bullet, \
    looks_like_heading, starts_list_item, strip_bullet

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013(]?\s*\d{1,4}\s*[-\u2013)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
FURNITURE_LINES = 3
"""A running header or footer is at most this many lines."""
PAGE_BREAK = "\f"
"""What a dropped page number or running header or footer leaves: a form feed, as a page
break in the text itself would be."""


@dataclass
class _Block:
    kind: str
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def last(self) -> str:
        return self.lines[-1][1]


def read_text(data: bytes, builder: DocumentBuilder) -> None:
    lines = split_lines(decode_text(data))
    content = _drop_furniture(lines)
    width = _typical_width(content)
    # The document's own words decide a line-break hyphen; most texts have none to decide.
    hyphenated = any(text.rstrip().endswith("-") for text in content)
    words = vocabulary(text for text in content if text) if hyphenated else frozenset()
    for block in _headings(_blocks(content, width)):
        text = join_lines([text for _, text in block.lines], words)
        line = block.lines[0][0]
        if block.kind == "heading":
            builder.heading(text, 1, line=line)
        elif block.kind == "list-item":
            builder.list_item(strip_bullet(text) or text, line=line)
        else:
            builder.paragraph(text, line=line)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (form feeds stay in, as page breaks)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _drop_furniture(lines: list[str]) -> list[str]:
    """The lines with page numbers and the lines next to them that recur at most page breaks
    (running headers and footers) marked as page breaks (``PAGE_BREAK``).

    A footer is not always set apart by a blank line: PDF text often runs the page's last
    line of body text straight into it. So the few lines nearest each page number are
    candidates whether or not more text follows them, and only those that recur go.
    """
    numbers = [i for i in range(len(lines)) if _is_page_number(lines, i)]
    near = {j for i in numbers for step in (-1, 1) for j in _nearest_lines(lines, i, step)}
    keys = {j: re.sub(r"\d+", "#", clean(lines[j])).lower() for j in near}
    counts = Counter(keys.values())
    return [PAGE_BREAK if i in numbers or (i in near and counts[keys[i]] >= 3) else line
            for i, line in enumerate(lines)]


def _nearest_lines(lines: list[str], start: int, step: int) -> list[int]:
    """The ``FURNITURE_LINES`` lines with text nearest ``start`` on one side, across blank
    lines: where a running header or footer would be."""
    found = []
    i = start + step
    while 0 <= i < len(lines) and len(found) < FURNITURE_LINES:
        if lines[i].strip():
            found.append(i)
        i += step
    return found


def _is_page_number(lines: list[str], i: int) -> bool:
    def blank(j: int) -> bool:
        return j < 0 or j >= len(lines) or not lines[j].strip()
    return blank(i - 1) and blank(i + 1) and bool(_PAGE_NUMBER.match(clean(lines[i])))


def _typical_width(lines: list[str]) -> int:
    """How long a wrapped line runs: the 90th percentile of lines that continue onto the next."""
    wrapped = sorted(len(a.strip()) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip())
    return max(wrapped[len(wrapped) * 9 // 10], 40) if len(wrapped) >= 5 else 80


def _blocks(lines: list[str], width: int) -> list[_Block]:
    blocks: list[_Block] = []
    after_blank, page_break, bullet = True, False, False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        page_break = page_break or PAGE_BREAK in raw
        after_blank = after_blank or page_break
        if not clean(line):
            after_blank = True
            continue
        if is_bare_bullet(line):
            bullet = True
            continue
        current = blocks[-1] if blocks else None
        if bullet or current is None or \
                _starts_block(current, line, after_blank, page_break, width):
            kind = "list-item" if bullet or strip_bullet(line) is not None else "paragraph"
            blocks.append(_Block(kind))
        blocks[-1].lines.append((number, line))
        after_blank, page_break, bullet = False, False, False
    return blocks


def _starts_block(current: _Block, line: str, after_blank: bool, page_break: bool,
                  width: int) -> bool:
    previous = current.last
    if starts_list_item(line, None if after_blank else previous):
        return True
    if page_break and len(current.lines) > 1 and not ends_sentence(previous) \
            and not _heading_line(line, width):
        return False  # a wrapped paragraph cut mid-sentence by the page: it goes on
    if after_blank:
        return ends_sentence(previous) or not line[:1].islower()
    if line[:1].islower():
        return False
    if len(current.lines) == 1 and _heading_line(previous, width):
        return True
    if ends_sentence(previous) and line.endswith("?") and _heading_line(line, width):
        return True
    return ends_sentence(previous) and len(previous) < 0.8 * width


def _heading_line(line: str, width: int) -> bool:
    """A first line too short to be wrapped text and worded as a heading, with no figures."""
    return looks_like_heading(line) and not re.search(r"\d", line) and \
        len(line) < 0.85 * width and (line.endswith(("?", ":")) or len(line) <= 0.6 * width)


def _headings(blocks: list[_Block]) -> list[_Block]:
    """Promote one-line paragraphs worded as headings that introduce body text.

    A heading is followed by body text, and is not deep in a run of short lines: names,
    addresses and table cells pasted as text come in such runs, and none of them is a heading.
    """
    short_run = 0
    for block, following in zip(blocks, blocks[1:]):
        single = block.kind == "paragraph" and len(block.lines) == 1
        if single and short_run <= 1 and looks_like_heading(block.last) and _is_body(following):
            block.kind = "heading"
        short_run = short_run + 1 if single and not _is_body(block) else 0
    return blocks


def _is_body(block: _Block) -> bool:
    return block.kind == "list-item" or len(block.lines) > 1 or len(block.last) >= 50
