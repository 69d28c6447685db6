"""Read a Word .docx as its reader sees it with all tracked changes accepted.

python-docx opens the package and finds the parts, but its ``paragraph.text`` drops runs inside
``w:ins`` (tracked insertions) and does not look into content controls or text boxes, so the
text is collected from the WordprocessingML tree directly: insertions and moved-to text count,
deletions and moved-from text do not, field codes and placeholder text are not text, comments,
footnotes, headers and footers are not read at all.

The zip is checked before anything is inflated, so a crafted file (a zip bomb, millions of
entries) is refused while memory is still small.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import docx

from sendcheck.errors import InputError
from sendcheck.load.builder import MAX_SPAN, DocumentBuilder, TableCell

MAX_MEMBERS = 10_000
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_XML = 40 * 1024 * 1024
"""Parsed XML costs several times its size in memory; a long SEF has a few megabytes of it."""
MAX_XML_NODES = 2_500_000
"""Tags and attributes (``<`` and ``=``) in the XML parts. Word writes one every 13 to 18 bytes, so
a long SEF has a few hundred thousand; each costs 100 to 250 bytes once parsed, so a few MB of
zip holding tens of MB of bare ``<p/>`` would otherwise take gigabytes."""
MAX_RATIO = 100
LARGE_MEMBER = 5 * 1024 * 1024
"""Only members inflating past this are ratio-checked: small XML compresses well legitimately."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_VAL = _w("val")
_SPACES = {_w("tab"), _w("br"), _w("cr"), _w("ptab")}
_NOT_TEXT = {_w(tag) for tag in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr",
                                 "instrText", "delText", "delInstrText", "fldData", "drawing",
                                 "pict", "object", "footnoteReference", "endnoteReference")}
_NOT_TEXT.add(f"{{{_MC}}}AlternateContent")
_WRAPPERS = {_w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")}
_TOC_STYLE = re.compile(r"^toc \d$|^table of (contents|figures)$", re.I)


def read_docx(data: bytes, builder: DocumentBuilder) -> None:
    _check_zip(data, builder.path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a damaged package
        raise InputError(builder.path, "is a damaged or unsupported Word file "
                         f"({type(exc).__name__}); open it in Word and save it again as .docx"
                         ) from exc
    styles = _Styles(document.styles.element)
    _Reader(builder, styles).blocks(document.element.body)


def _check_zip(data: bytes, path: str) -> None:
    """Refuse what is not a Word zip, or would cost too much to inflate or parse, before
    inflating (sizes and ratios as the zip declares them) or parsing it (XML nodes)."""
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise InputError(path, "has far more parts than a Word document; it is not a SEF")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(path, "is not a valid .docx (it is not a zip archive); open it in Word "
                               "and save it as .docx") from exc
    if "word/document.xml" not in {member.filename for member in members}:
        raise InputError(path, "is a zip file but not a Word document (no word/document.xml); "
                               "save the draft from Word as .docx")
    if sum(member.file_size for member in members) > MAX_UNZIPPED or \
            sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels"))) > MAX_XML:
        raise InputError(path, "unpacks to more data than any Word document holds (a zip bomb?); "
                               "check where the file came from")
    for member in members:
        if member.file_size > LARGE_MEMBER and \
                member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise InputError(path, f"has a part ({member.filename}) compressed more than "
                                   f"{MAX_RATIO}:1 (a zip bomb?); check where the file came from")
    try:
        nodes = _xml_nodes(archive, members)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError) as exc:  # what zipfile raises for a part it cannot inflate
        raise InputError(path, f"is a damaged or unsupported Word file ({type(exc).__name__}); "
                               "open it in Word and save it again as .docx") from exc
    if nodes > MAX_XML_NODES:
        raise InputError(path, "holds more XML than any Word document (a zip bomb?); check where "
                               "the file came from")


def _xml_nodes(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> int:
    """Tags and attributes in the parts that are XML (told by content: a part may be named
    anything), counted in chunks as they inflate, up to just past the limit."""
    nodes = 0
    for member in members:
        with archive.open(member) as part:
            chunk = part.read(64 * 1024)
            if not chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
                continue
            while chunk and nodes <= MAX_XML_NODES:
                nodes += chunk.count(b"<") + chunk.count(b"=")
                chunk = part.read(1024 * 1024)
    return nodes


class _Styles:
    """Heading level, list-ness and TOC-ness of paragraph styles, following ``w:basedOn``."""

    def __init__(self, styles_element) -> None:
        self._by_id = {s.get(_w("styleId")): s for s in styles_element.iter(_w("style"))}
        self.default = next((sid for sid, s in self._by_id.items()
                             if s.get(_w("type")) == "paragraph" and
                             s.get(_w("default")) in ("1", "true", "on")), None)

    def chain(self, style_id: str | None) -> Iterator:
        seen = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            based_on = style.find(_w("basedOn"))
            style_id = based_on.get(_VAL) if based_on is not None else None

    def name(self, style_id: str | None) -> str:
        style = self._by_id.get(style_id or "")
        name = style.find(_w("name")) if style is not None else None
        return (name.get(_VAL) or "") if name is not None else ""

    def heading_level(self, style_id: str | None) -> int | None:
        """Heading N or Title by name (the style itself), else an outline level in the chain."""
        name = self.name(style_id).lower()
        if name == "title":
            return 1
        match = re.fullmatch(r"heading ([1-9])", name)
        if match:
            return int(match.group(1))
        for style in self.chain(style_id):
            level = _outline_level(style.find(_w("pPr")))
            if level is not None:
                return level or None
        return None

    def bold(self, style_id: str | None) -> bool:
        """Whether the style (paragraph or character) sets its text in bold."""
        for style in self.chain(style_id):
            rpr = style.find(_w("rPr"))
            if rpr is not None and rpr.find(_w("b")) is not None:
                return _on(rpr.find(_w("b")))
        return False

    def is_list(self, style_id: str | None) -> bool:
        if self.name(style_id).lower().startswith("list"):
            return True
        return any(_numbered(style.find(_w("pPr"))) for style in self.chain(style_id))


def _outline_level(ppr) -> int | None:
    """1-9 for an outline level, 0 for "body text" (level 10 in Word), None when unset."""
    element = ppr.find(_w("outlineLvl")) if ppr is not None else None
    if element is None:
        return None
    try:
        level = int(element.get(_VAL))
    except (TypeError, ValueError):
        return None
    return level + 1 if 0 <= level <= 8 else 0


def _numbered(ppr) -> bool:
    numpr = ppr.find(_w("numPr")) if ppr is not None else None
    if numpr is None:
        return False
    num_id = numpr.find(_w("numId"))
    return num_id is None or num_id.get(_VAL) != "0"


@dataclass
class _Reader:
    builder: DocumentBuilder
    styles: _Styles

    def blocks(self, container) -> None:
        """Read block-level content (body, cell, content control, text box) in order."""
        for child in container:
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag == _w("tbl"):
                self.builder.table(self.table(child))
            elif child.tag == _w("sdt"):
                if not _shows_placeholder(child):
                    self.blocks(_content(child))
            elif child.tag in _WRAPPERS:
                self.blocks(child)

    def paragraph(self, p) -> None:
        text = paragraph_text(p)
        ppr = p.find(_w("pPr"))
        style_element = ppr.find(_w("pStyle")) if ppr is not None else None
        style = style_element.get(_VAL) if style_element is not None else self.styles.default
        # An empty paragraph adds no block whatever its style, so its style is not looked up:
        # a file of millions of them must not cost millions of style lookups.
        if text.strip() and not _TOC_STYLE.match(self.styles.name(style)):
            level = _outline_level(ppr)
            level = self.styles.heading_level(style) if level is None else level or None
            if level:
                self.builder.heading(text, level)
            elif _numbered(ppr) or self.styles.is_list(style):
                self.builder.list_item(text)
            elif self._wholly_bold(p, style):
                self.builder.bold_paragraph(text)
            else:
                self.builder.paragraph(text)
        for box in _text_boxes(p):
            self.blocks(box)

    def _wholly_bold(self, p, style: str | None) -> bool:
        """Every run of text in the paragraph is bold: by its own formatting, else its
        character style, else the paragraph's style."""
        runs = [r for r in p.iter(_w("r")) if not _deleted(r, p)
                and "".join(t.text or "" for t in r.iter(_w("t"))).strip()]
        if not runs:
            return False
        style_bold = self.styles.bold(style)
        for run in runs:
            rpr = run.find(_w("rPr"))
            direct = rpr.find(_w("b")) if rpr is not None else None
            character = rpr.find(_w("rStyle")) if rpr is not None else None
            if direct is not None:
                bold = _on(direct)
            elif character is not None:
                bold = self.styles.bold(character.get(_VAL)) or style_bold
            else:
                bold = style_bold
            if not bold:
                return False
        return True

    def table(self, tbl) -> list[list[TableCell]]:
        """Rows of cells with spans; vertically merged continuation cells become a row span."""
        rows: list[list[TableCell]] = []
        origins: dict[int, TableCell] = {}
        for tr in _children(tbl, "tr"):
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(_w("del")) is not None:
                continue
            column = min(_int(trpr, "gridBefore", 0), MAX_SPAN)
            row = [TableCell("", col_span=column)] if column else []
            for tc in _children(tr, "tc"):
                self.builder.count_cells()
                tcpr = tc.find(_w("tcPr"))
                span = min(max(1, _int(tcpr, "gridSpan", 1)), MAX_SPAN)  # as the builder caps it
                merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if merge is not None and merge.get(_VAL, "continue") == "continue" \
                        and column in origins:
                    origins[column].row_span += 1
                else:
                    cell = self.cell(tc, span)
                    row.append(cell)
                    for spanned in range(column, column + span):
                        origins.pop(spanned, None)
                    origins[column] = cell
                column += span
            rows.append(row)
        return rows

    def cell(self, tc, span: int) -> TableCell:
        texts: list[str] = []
        nested: list[list[list[TableCell]]] = []
        self._cell_content(tc, texts, nested)
        return TableCell(" ".join(texts), col_span=span, nested=nested)

    def _cell_content(self, container, texts: list[str], nested: list) -> None:
        for child in container:
            if child.tag == _w("p"):
                texts.append(paragraph_text(child))
            elif child.tag == _w("tbl"):
                nested.append(self.table(child))
            elif child.tag == _w("sdt"):
                if not _shows_placeholder(child):
                    self._cell_content(_content(child), texts, nested)
            elif child.tag in _WRAPPERS:
                self._cell_content(child, texts, nested)


def _on(toggle) -> bool:
    """A Word on/off property such as ``<w:b/>`` or ``<w:b w:val="0"/>``."""
    return toggle.get(_VAL, "true").lower() not in ("0", "false", "off")


def _deleted(element, paragraph) -> bool:
    """Inside tracked deleted text (or text moved away) within the paragraph."""
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (_w("del"), _w("moveFrom")):
            return True
        parent = parent.getparent()
    return False


def paragraph_text(p) -> str:
    """The paragraph's text as it reads with tracked changes accepted."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _w("t"):
            out.append(child.text or "")
        elif tag in _SPACES:
            out.append(" ")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        elif tag == _w("sdt"):
            if not _shows_placeholder(child):
                _collect(_content(child), out)
        elif isinstance(tag, str) and tag not in _NOT_TEXT:
            _collect(child, out)


def _text_boxes(element) -> Iterator:
    """Outermost text boxes inside a paragraph, taking each once (not its VML fallback copy)."""
    for child in element:
        if child.tag == f"{{{_MC}}}Fallback":
            continue
        if child.tag == _w("txbxContent"):
            yield child
        elif isinstance(child.tag, str):
            yield from _text_boxes(child)


def _children(element, tag: str) -> Iterator:
    """Direct children named ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == _w(tag):
            yield child
        elif child.tag == _w("sdt"):
            yield from _children(_content(child), tag)
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _content(sdt):
    content = sdt.find(_w("sdtContent"))
    return content if content is not None else ()


def _shows_placeholder(sdt) -> bool:
    """A content control still showing its prompt ("Click here to enter text") has no content."""
    sdtpr = sdt.find(_w("sdtPr"))
    flag = sdtpr.find(_w("showingPlcHdr")) if sdtpr is not None else None
    return flag is not None and flag.get(_VAL, "true") not in ("0", "false", "off")


def _int(parent, tag: str, default: int) -> int:
    element = parent.find(_w(tag)) if parent is not None else None
    try:
        return int(element.get(_VAL)) if element is not None else default
    except (TypeError, ValueError):
        return default
