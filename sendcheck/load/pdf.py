"""Read a PDF's text layer into blocks, undoing what page layout did to the text.

A PDF knows glyphs and positions, not paragraphs. pdfium gives the text line by line; this module
uses each line's position, font size and weight to find paragraph breaks (a larger gap than the
usual line spacing, or a short line ending a sentence), headings (a larger or bold font standing
alone), list items (a bullet glyph), and the running headers, footers and page numbers to leave
out (lines near the page edge that repeat on many pages once digits are ignored). Words split
by a line-break hyphen are rejoined by the rule in ``hyphens``.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from sendcheck.errors import InputError
from sendcheck.load.builder import DocumentBuilder
from sendcheck.load.hyphens import break_hyphen, join_lines, vocabulary
from sendcheck.load.isolate import LimitExceeded, run_isolated
from sendcheck.load.pdfguard import check_streams
from sendcheck.load.textutil import clean, ends_sentence, is_bare_bullet, looks_like_heading, \
    starts_list_item, strip_bullet

MAX_PAGES = 2000
"""More pages than any SEF; past this the check would take minutes, so the file is refused."""

EDGE_BAND = 0.1
"""Running headers and footers sit in the top or bottom tenth of the page."""

LINE_HYPHEN = "\ufffe"
"""pdfium's mark for a hyphen at the end of a line, with the line break itself removed."""

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013(]?\s*#\s*[-\u2013)]?(?:\s*(?:of|/)\s*#)?$", re.I)


@dataclass
class _Line:
    text: str
    page: int
    x: float
    y_first: float
    y_last: float
    right: float
    size: float
    bold: bool


@dataclass
class _Layout:
    """What is normal in this document, so that departures from it can mark structure.

    ``spacing`` is the lower quartile of gaps between body lines: most gaps are within
    paragraphs, so this is the line spacing even in a short document with several paragraphs.
    """

    spacing: float
    left: float
    right: float
    heading_levels: dict[tuple[float, bool], int] = field(default_factory=dict)

    def heading_level(self, line: _Line) -> int | None:
        return self.heading_levels.get(_style(line))

    def is_short(self, line: _Line) -> bool:
        return line.right < self.right - 0.15 * max(self.right - self.left, 1.0)


@dataclass
class _Block:
    kind: str
    lines: list[_Line]
    level: int | None = None

    @property
    def last(self) -> _Line:
        return self.lines[-1]


class _Unreadable(Exception):
    """Why the PDF cannot be read; one message, so it crosses back from the child process."""


def read_pdf(data: bytes, builder: DocumentBuilder) -> None:
    check_streams(data, builder.path)
    try:
        pages = run_isolated(_read_pages, data)
    except _Unreadable as exc:
        raise InputError(builder.path, str(exc)) from exc
    except LimitExceeded as exc:
        raise InputError(builder.path, f"is too costly to read: the PDF reader {exc} (a crafted "
                                       "or damaged PDF?); export it again from the program that "
                                       "made it") from exc
    lines = _drop_furniture(pages)
    if not lines:
        raise InputError(builder.path, "has no text layer (a scan?); export it from Word or run "
                                       "OCR first")
    layout = _measure(lines)
    words = vocabulary(line.text.replace(LINE_HYPHEN, " ") for line in lines)
    for block in _text_headings(_blocks(lines, layout), layout):
        text = _join_lines([line.text for line in block.lines], words)
        page = block.lines[0].page
        if block.kind == "heading":
            builder.heading(text, block.level or 1, page=page)
        elif block.kind == "list-item":
            builder.list_item(strip_bullet(text) or text, page=page)
        else:
            builder.paragraph(text, page=page)


def _read_pages(data: bytes) -> list[tuple[float, list[_Line]]]:
    """Each page's height and text lines; the pdfium document is closed before returning."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _Unreadable(_open_problem(exc)) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise _Unreadable(f"has {len(pdf)} pages, more than a self-evaluation would "
                              f"(at most {MAX_PAGES}); check the file")
        return [_page_lines(pdf, index) for index in range(len(pdf))]
    except pdfium.PdfiumError:
        raise _Unreadable("is a damaged PDF (its pages cannot be read); export it again from "
                          "the program that made it") from None
    finally:
        pdf.close()


def _open_problem(exc: pdfium.PdfiumError) -> str:
    if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return "is a password-protected PDF; save a copy without a password and check that"
    if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return "is encrypted with a protection scheme that cannot be read; save an unprotected copy"
    return "is not a readable PDF (damaged or not really a PDF); export it again as PDF"


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> tuple[float, list[_Line]]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        measured = (_measure_line(textpage, match, index + 1)
                    for match in re.finditer(r"[^\r\n]*\S[^\r\n]*", text))
        return page.get_height(), [line for line in measured if line is not None]
    finally:
        textpage.close()
        page.close()


def _measure_line(textpage: pdfium.PdfTextPage, match: re.Match, page: int) -> _Line | None:
    """The line's text with the position and font of its first and last characters."""
    text = match.group().strip()
    if not clean(text):
        return None
    handle = textpage.raw
    first = match.start() + match.group().index(text[0])
    first_char = _char_index(handle, first)
    last_char = _char_index(handle, first + len(text) - 1)
    x, y_first = _origin(handle, first_char)
    _, y_last = _origin(handle, last_char)
    right = textpage.get_charbox(last_char)[2]
    style_char = first_char + _first_word_char(text)
    size = pdfium_c.FPDFText_GetFontSize(handle, style_char)
    return _Line(text, page, x, y_first, y_last, right, round(size, 1),
                 _is_bold(handle, style_char) and _is_bold(handle, last_char))


def _char_index(handle, text_index: int) -> int:
    """pdfium counts characters and text positions apart where it adds or drops characters."""
    index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(handle, text_index)
    return index if index >= 0 else text_index


def _first_word_char(text: str) -> int:
    """Where the words start: a bullet glyph often comes from a symbol font of another size."""
    match = re.search(r"\w", text)
    return match.start() if match else 0


def _origin(handle, index: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
    return x.value, y.value


def _is_bold(handle, index: int) -> bool:
    """Bold by declared weight, or by font name when the font does not declare a weight."""
    weight = pdfium_c.FPDFText_GetFontWeight(handle, index)
    if weight > 0:
        return weight >= 600
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, len(buffer), flags)
    return b"bold" in buffer.value.lower()


def _drop_furniture(pages: list[tuple[float, list[_Line]]]) -> list[_Line]:
    """Leave out running headers/footers and page numbers, which would interrupt paragraphs."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", clean(line.text)).lower()

    def at_edge(line: _Line, height: float) -> bool:
        return min(line.y_first, line.y_last) < EDGE_BAND * height or \
            max(line.y_first, line.y_last) > (1 - EDGE_BAND) * height

    seen = Counter(k for height, lines in pages
                   for k in {key(line) for line in lines if at_edge(line, height)})
    repeats = max(2, round(0.4 * len(pages)))
    kept = []
    for height, lines in pages:
        for line in lines:
            edge = at_edge(line, height)
            if edge and (seen[key(line)] >= repeats or _PAGE_NUMBER.match(key(line))):
                continue
            kept.append(line)
    return kept


def _measure(lines: list[_Line]) -> _Layout:
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    body_lines = [line for line in lines if line.size == body] or lines
    gaps = [a.y_last - b.y_first for a, b in zip(lines, lines[1:])
            if a.page == b.page and a.size == b.size == body]
    gaps = sorted(gap for gap in gaps if 0 < gap < 3 * body)
    spacing = gaps[len(gaps) // 4] if gaps else 1.2 * body
    lefts = sorted(line.x for line in body_lines)
    rights = sorted(line.right for line in body_lines)
    layout = _Layout(spacing, lefts[len(lefts) // 10], rights[len(rights) * 9 // 10])
    styles = sorted({_style(line) for line in lines if _looks_styled(line, body)}, reverse=True)
    layout.heading_levels = {style: rank + 1 for rank, style in enumerate(styles)}
    return layout


def _style(line: _Line) -> tuple[float, bool]:
    return line.size, line.bold


def _looks_styled(line: _Line, body: float) -> bool:
    """A heading font: larger than the body text, or bold at body size (not smaller)."""
    return line.size >= body + 1 or (line.bold and line.size >= body - 0.5)


def _attach_bare_bullets(lines: list[_Line]) -> list[_Line]:
    """Put a bullet that pdfium reports as a line of its own in front of the line it marks."""
    attached: list[_Line] = []
    for line in lines:
        previous = attached[-1] if attached else None
        if previous is not None and is_bare_bullet(previous.text) and previous.page == line.page:
            attached[-1] = replace(line, text=f"{previous.text} {line.text}", x=previous.x)
        else:
            attached.append(line)
    return [line for line in attached if not is_bare_bullet(line.text)]


def _blocks(lines: list[_Line], layout: _Layout) -> list[_Block]:
    blocks: list[_Block] = []
    for line in _attach_bare_bullets(lines):
        level = layout.heading_level(line)
        current = blocks[-1] if blocks else None
        if level is not None and len(clean(line.text)) <= 200:
            if current and current.kind == "heading" and current.level == level and \
                    _follows(current.last, line, 1.6 * line.size):
                current.lines.append(line)
            else:
                blocks.append(_Block("heading", [line], level))
        elif current is None or current.kind == "heading" or _starts_block(current, line, layout):
            kind = "list-item" if strip_bullet(line.text) is not None else "paragraph"
            blocks.append(_Block(kind, [line]))
        else:
            current.lines.append(line)
    return blocks


def _follows(previous: _Line, line: _Line, max_gap: float) -> bool:
    return previous.page == line.page and 0 <= previous.y_last - line.y_first <= max_gap


def _starts_block(current: _Block, line: _Line, layout: _Layout) -> bool:
    """Whether ``line`` begins a new paragraph or list item rather than continuing ``current``."""
    previous = current.last
    if starts_list_item(line.text, previous.text):
        return True
    if line.size != previous.size:
        return True
    if previous.page != line.page:
        return ends_sentence(previous.text) or \
            layout.is_short(previous) and not line.text[:1].islower()
    if not _follows(previous, line, 1.5 * layout.spacing):
        return True
    if not ends_sentence(previous.text) or line.text[:1].islower():
        return False
    back_at_bullet = current.kind == "list-item" and line.x <= current.lines[0].x + 2
    return back_at_bullet or layout.is_short(previous)


def _text_headings(blocks: list[_Block], layout: _Layout) -> list[_Block]:
    """In a PDF with no heading fonts at all, take short stand-alone lines worded as headings.

    Only then: where fonts do mark headings, a one-line paragraph such as a table cell is not one.
    """
    if any(block.kind == "heading" for block in blocks):
        return blocks
    for block in blocks:
        line = block.lines[0]
        if block.kind == "paragraph" and len(block.lines) == 1 and layout.is_short(line) and \
                looks_like_heading(line.text.replace(LINE_HYPHEN, "-")):
            block.kind, block.level = "heading", 1
    return blocks


def _join_lines(texts: list[str], words: frozenset[str]) -> str:
    """One block's lines as one string, with line-break hyphens (typed or marked) resolved."""
    pieces = join_lines(texts, words).split(LINE_HYPHEN)
    joined = [pieces[0]]
    for left, right in zip(pieces, pieces[1:]):
        joined.append(break_hyphen(left, right, words) + right)
    return "".join(joined)
