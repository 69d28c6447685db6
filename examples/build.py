#!/usr/bin/env python
"""Build the example self-evaluation drafts from Markdown into Word documents.

    python examples/build.py            # rebuild examples/strong.docx, weak.docx, medium.docx
    python examples/build.py medium     # rebuild one of them

The sources live in ``examples/src/*.md`` and use a small, deliberate subset of Markdown:

- ``#``, ``##``, ``###`` headings (Word styles Heading 1, 2, 3);
- paragraphs (consecutive lines are joined), ``- `` bullets ("List Bullet"),
  ``> `` quotations ("Quote");
- pipe tables (style "Table Grid", the first row is the header and is bold);
- ``**bold**`` inside any text;
- tracked changes in CriticMarkup: ``{++inserted++}`` and ``{--deleted--}``, written as real Word
  revisions (``w:ins`` / ``w:del``). They are attributed to the author and date given by the most
  recent comment line of the form
  ``<!-- revisions: author="SEND Lead" date="2026-10-14T10:00:00Z" -->``;
- other HTML comments are notes for people editing the source and are dropped.

The output is deterministic: fixed core properties and fixed zip timestamps, so rebuilding an
unchanged source gives the same document (tests/test_examples.py compares the text).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"

AUTHOR = "Eastmoor SEND Partnership"
DEFAULT_REVISION_AUTHOR = "SEND Lead"
DEFAULT_REVISION_DATE = "2026-10-14T10:00:00Z"
ZIP_TIMESTAMP = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Example:
    """One shipped example: its source, its output and its fixed document dates."""

    name: str
    created: datetime
    modified: datetime

    @property
    def src(self) -> Path:
        return SRC_DIR / f"{self.name}.md"

    @property
    def out(self) -> Path:
        return HERE / f"{self.name}.docx"


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


SOURCES: dict[str, Example] = {
    ex.name: ex
    for ex in (
        Example("strong", created=_utc(2026, 9, 1, 9, 0), modified=_utc(2026, 11, 20, 16, 0)),
        Example("weak", created=_utc(2026, 8, 3, 9, 0), modified=_utc(2026, 9, 18, 15, 0)),
        Example("medium", created=_utc(2026, 8, 24, 9, 0), modified=_utc(2026, 10, 16, 11, 0)),
    )
}


# --------------------------------------------------------------------------------------------
# Parsing: Markdown source -> a list of blocks
# --------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # heading | paragraph | bullet | quote | table | revisions
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_REVISIONS = re.compile(r"^\s*revisions:\s*(.*?)\s*$", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [cell.strip() for cell in line.split("|")]


def parse(text: str) -> list[Block]:
    """Turn the Markdown subset described in the module docstring into blocks."""
    # Comments: a "revisions:" comment becomes a marker line; every other comment disappears.
    directives: list[dict[str, str]] = []

    def _comment(match: re.Match[str]) -> str:
        found = _REVISIONS.match(match.group(1))
        if not found:
            return ""
        directives.append(dict(_ATTR.findall(found.group(1))))
        return f"\x00{len(directives) - 1}\x00"

    text = _COMMENT.sub(_comment, text.replace("\r\n", "\n"))

    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(para)))
            para.clear()

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("\x00"):
            flush()
            blocks.append(Block("revisions", attrs=directives[int(stripped.strip("\x00"))]))
        elif m := _HEADING.match(stripped):
            flush()
            blocks.append(Block("heading", m.group(2).strip(), level=len(m.group(1))))
        elif stripped.startswith("- "):
            flush()
            blocks.append(Block("bullet", stripped[2:].strip()))
        elif stripped.startswith(">"):
            flush()
            quote = [stripped.lstrip(">").strip()]
            while i + 1 < len(lines) and lines[i + 1].strip().startswith(">"):
                i += 1
                quote.append(lines[i].strip().lstrip(">").strip())
            blocks.append(Block("quote", " ".join(q for q in quote if q)))
        elif stripped.startswith("|"):
            flush()
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = lines[i].strip()
                if not _TABLE_RULE.match(row):
                    rows.append(_split_row(row))
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        elif line.startswith("  ") and blocks and blocks[-1].kind == "bullet" and not para:
            blocks[-1].text += " " + stripped  # continuation of a bullet
        else:
            para.append(stripped)
        i += 1
    flush()
    return blocks


# --------------------------------------------------------------------------------------------
# Writing: blocks -> python-docx document
# --------------------------------------------------------------------------------------------

_INLINE = re.compile(r"(\{\+\+.+?\+\+\}|\{--.+?--\}|\*\*.+?\*\*)", re.S)
_BOLD = re.compile(r"(\*\*.+?\*\*)", re.S)


class _Revisions:
    """Hands out revision ids and the current author and date."""

    def __init__(self) -> None:
        self.next_id = 1
        self.author = DEFAULT_REVISION_AUTHOR
        self.date = DEFAULT_REVISION_DATE

    def mark(self, tag: str) -> OxmlElement:
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el


def _bold_pieces(text: str, bold: bool = False) -> list[tuple[str, bool]]:
    pieces = []
    for part in _BOLD.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            pieces.append((part[2:-2], True))
        else:
            pieces.append((part, bold))
    return pieces


def _add_inline(paragraph, text: str, revisions: _Revisions, bold: bool = False) -> None:
    """Add text with **bold** and {++ins++}/{--del--} markup to a python-docx paragraph."""
    for token in _INLINE.split(text):
        if not token:
            continue
        if token.startswith("{++"):
            ins = revisions.mark("w:ins")
            paragraph._p.append(ins)
            for piece, is_bold in _bold_pieces(token[3:-3], bold):
                run = paragraph.add_run(piece)
                if is_bold:
                    run.bold = True
                ins.append(run._r)  # moves the run inside w:ins
        elif token.startswith("{--"):
            dele = revisions.mark("w:del")
            paragraph._p.append(dele)
            for piece, is_bold in _bold_pieces(token[3:-3], bold):
                run = paragraph.add_run()
                if is_bold:
                    run.bold = True
                deleted = OxmlElement("w:delText")
                deleted.set(qn("xml:space"), "preserve")
                deleted.text = piece
                run._r.append(deleted)
                dele.append(run._r)
        else:
            for piece, is_bold in _bold_pieces(token, bold):
                run = paragraph.add_run(piece)
                if is_bold:
                    run.bold = True


def _add_table(document, rows: list[list[str]], revisions: _Revisions) -> None:
    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = document.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c in range(ncols):
            cell_text = row[c] if c < len(row) else ""
            paragraph = table.cell(r, c).paragraphs[0]
            _add_inline(paragraph, cell_text, revisions, bold=(r == 0))
    # Repeat the header row at the top of each page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


# Children of w:settings that must come after w:trackRevisions (schema order).
_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
)


def _track_revisions(settings) -> None:
    """Switch on Track Changes, placing w:trackRevisions where the schema wants it."""
    element = OxmlElement("w:trackRevisions")
    for tag in _AFTER_TRACK_REVISIONS:
        successor = settings.find(qn(tag))
        if successor is not None:
            successor.addprevious(element)
            return
    settings.append(element)


def render(blocks: list[Block]):
    """Blocks -> a python-docx Document (without core properties)."""
    document = docx.Document()
    revisions = _Revisions()
    for block in blocks:
        if block.kind == "revisions":
            revisions.author = block.attrs.get("author", revisions.author)
            revisions.date = block.attrs.get("date", revisions.date)
        elif block.kind == "heading":
            _add_inline(document.add_paragraph(style=f"Heading {block.level}"), block.text, revisions)
        elif block.kind == "paragraph":
            _add_inline(document.add_paragraph(), block.text, revisions)
        elif block.kind == "bullet":
            _add_inline(document.add_paragraph(style="List Bullet"), block.text, revisions)
        elif block.kind == "quote":
            _add_inline(document.add_paragraph(style="Quote"), block.text, revisions)
        elif block.kind == "table":
            _add_table(document, block.rows, revisions)
    if revisions.next_id > 1:
        # The draft is "in review": keep tracking further edits made in Word.
        _track_revisions(document.settings.element)
    return document


def _first_heading(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "heading":
            return re.sub(r"\{--.+?--\}|\{\+\+|\+\+\}|\*\*", "", block.text)
    return ""


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed member timestamps so an unchanged build is byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def build(src: Path, out: Path) -> Path:
    """Build one Markdown source into a .docx at ``out``; returns ``out``."""
    src, out = Path(src), Path(out)
    blocks = parse(src.read_text(encoding="utf-8"))
    document = render(blocks)

    example = SOURCES.get(src.stem)
    created = example.created if example else _utc(2026, 1, 1, 0, 0)
    modified = example.modified if example else created
    props = document.core_properties
    props.title = _first_heading(blocks)
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.subject = "Area SEND self-evaluation (fictional example)"
    props.keywords = "SEND; self-evaluation; sendcheck example"
    props.comments = (
        "Fictional example shipped with sendcheck. Eastmoor is not a real local area; "
        "all names, figures and quotations are invented."
    )
    props.category = "Example"
    props.created = created
    props.modified = modified
    props.revision = 1

    buffer = io.BytesIO()
    document.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_deterministic_zip(buffer.getvalue()))
    return out


def main(argv: list[str] | None = None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or list(SOURCES)
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        print(f"unknown example(s): {', '.join(unknown)}; choose from {', '.join(SOURCES)}",
              file=sys.stderr)
        return 2
    for name in names:
        example = SOURCES[name]
        build(example.src, example.out)
        print(f"built {example.out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
