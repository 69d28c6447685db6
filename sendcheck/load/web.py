"""Read an HTML page (a saved web page, or a SEF exported as HTML) into blocks.

Page chrome (navigation, headers, footers, scripts) is dropped because it is the same on every
page of a site and says nothing about the area. Text is gathered per block element; text that
sits directly in a ``div`` or ``body`` between block elements still becomes a paragraph, since
exported pages often have no ``p`` tags at all.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, MarkupResemblesLocatorWarning, \
    NavigableString, ProcessingInstruction, Tag, XMLParsedAsHTMLWarning

from sendcheck.load.builder import DocumentBuilder, TableCell
from sendcheck.load.textutil import decode_text

DROPPED = ("script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg",
           "iframe", "object")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
           "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "hr", "html",
           "li", "main", "ol", "p", "pre", "section", "summary", "table", "ul", *_HEADINGS}
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


def read_html(data: bytes, builder: DocumentBuilder) -> None:
    with warnings.catch_warnings():  # advice for programmers, printed as noise on stderr
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(decode_text(data, declared_charset(data)), "lxml")
    for element in soup.find_all([*DROPPED]):
        element.decompose()
    for element in soup.find_all(hidden=True):
        element.decompose()
    _Walker(builder).block(soup.body or soup, "paragraph")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a meta tag or XML declaration, if any."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


class _Walker:
    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder

    def block(self, element: Tag, kind: str) -> None:
        """Emit the element's inline runs as ``kind`` blocks and recurse into block children."""
        buffer: list[str] = []
        for child in element.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    buffer.append(str(child))
            elif child.name == "br":
                buffer.append(" ")
            elif child.name in _BLOCKS or child.name in ("td", "th", "tr") or _holds_blocks(child):
                self._flush(buffer, kind)
                self._child_block(child, kind)
            else:
                buffer.append(child.get_text(" "))
        self._flush(buffer, kind)

    def _child_block(self, child: Tag, kind: str) -> None:
        if child.name in _HEADINGS:
            self.builder.heading(child.get_text(" "), _HEADINGS[child.name])
        elif child.name == "p" and kind == "paragraph" and _wholly_bold(child):
            self.builder.bold_paragraph(child.get_text(" "))
        elif child.name == "table":
            caption = child.find("caption")
            if caption is not None:
                self.builder.paragraph(caption.extract().get_text(" "))
            self.builder.table(_rows(child))
        else:
            self.block(child, "list-item" if child.name == "li" else kind)

    def _flush(self, buffer: list[str], kind: str) -> None:
        if buffer:
            self.builder.paragraph("".join(buffer), kind=kind)
            buffer.clear()


def _wholly_bold(element: Tag) -> bool:
    """Every piece of the element's text is in ``strong`` or ``b`` (and it holds no blocks)."""
    texts = [t for t in element.find_all(string=True)
             if t.strip() and not isinstance(t, _NOT_TEXT)]
    return (bool(texts) and not _holds_blocks(element)
            and all(t.find_parent(["strong", "b"]) is not None for t in texts))


def _holds_blocks(element: Tag) -> bool:
    """An inline element wrapping block elements (``<a><div>...``) is read as a block."""
    return any(isinstance(node, Tag) and node.name in _BLOCKS for node in element.descendants)


def _rows(table: Tag) -> list[list[TableCell]]:
    """The table's own rows (not those of tables nested in its cells) as cells with spans."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            rows.append([_cell(cell) for cell in tr.find_all(["td", "th"], recursive=False)])
    return rows


def _cell(cell: Tag) -> TableCell:
    nested = [inner.extract() for inner in cell.find_all("table")
              if inner.find_parent(["td", "th"]) is cell]
    return TableCell(cell.get_text(" "), col_span=_span(cell, "colspan"),
                     row_span=_span(cell, "rowspan"), nested=[_rows(inner) for inner in nested])


def _span(cell: Tag, attribute: str) -> int:
    try:
        return max(1, int(str(cell.get(attribute, "1")).strip()))
    except ValueError:
        return 1
