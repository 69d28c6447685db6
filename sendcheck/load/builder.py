"""Turn what a format reader finds into a ``Document``, the same way for every format.

Every reader (Word, PDF, text, Markdown, HTML) reports headings, paragraphs, list items and
tables to a ``DocumentBuilder``; the builder alone keeps the heading trail, numbers the blocks and
tables and fills in ``Location``. That way a block found at "para 12" or "table 2, row 3" means
the same thing whatever format the draft came in, and no reader can get the numbering wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sendcheck.errors import InputError
from sendcheck.load.textutil import clean, looks_like_heading
from sendcheck.models import MAX_BLOCK_CHARS, Block, BlockKind, Document, Location


MAX_BLOCKS = 50_000
"""Ten times the paragraphs of a long SEF; more means a generated or hostile file, and every
block costs memory, so reading stops there."""

MAX_CELLS = 200_000
"""Table cells in the whole document, empty or not: twenty tables of 10,000 cells. Empty cells
add no block, so ``MAX_BLOCKS`` alone would let a few megabytes of ``|`` or ``<w:tc/>`` become
millions of cells; the Word and Markdown readers count cells as they find them, before they
make them (HTML's cap on tags bounds its cells)."""

MAX_GRID = 2_000_000
"""Table grid positions laid out in the whole document. Spans multiply: a cell with rowspan=1000
and colspan=100 takes 100,000 positions, so a few kilobytes of HTML could ask for gigabytes."""

MAX_HEADING = 300
"""Characters; the longest real headings (report questions) are about 100."""

MAX_SPAN = 100
"""Wider spans than this are markup errors or attacks, never real SEF tables; capping them keeps
the grid small whatever the input says."""


@dataclass
class TableCell:
    """One cell as a reader found it: spans say how much of the grid it covers.

    ``nested`` holds the tables inside the cell (each a list of rows), read after the cell's own
    text so that reading order follows the page. ``line`` is the cell's source line where the
    format has lines (Markdown), else the table's.
    """

    text: str
    col_span: int = 1
    row_span: int = 1
    nested: list[list[list[TableCell]]] = field(default_factory=list)
    line: int | None = None


@dataclass
class _PlacedCell:
    cell: TableCell
    row: int
    column: int


class DocumentBuilder:
    """Collects blocks in reading order and hands out consistent locations."""

    def __init__(self, path: str, fmt: str, sha256: str) -> None:
        self.path = path
        self.format = fmt
        self.sha256 = sha256
        self._blocks: list[Block] = []
        self._trail: list[tuple[int, str]] = []
        self._bold_levels: set[int] = set()  # levels in the trail held by bold paragraphs
        self._section = ""
        self._tables = 0
        self._cell_count = 0
        self._grid_used = 0

    def heading(self, text: str, level: int, *, page: int | None = None,
                line: int | None = None) -> None:
        """A heading closes every open heading at its level or deeper, then opens its own.

        Text too long to be a heading is a paragraph in a heading style; kept out of the trail,
        it cannot be repeated into the section of every block that follows.
        """
        text = clean(text)
        if len(text) > MAX_HEADING:
            self.paragraph(text, page=page, line=line)
            return
        if not _has_words(text):
            return
        level = max(1, level)
        self._bold_levels = {lvl for lvl in self._bold_levels if lvl < level}
        self._set_trail([(lvl, t) for lvl, t in self._trail if lvl < level])
        self._add("heading", text, page=page, line=line, level=level)
        self._set_trail([*self._trail, (level, text)])

    def bold_paragraph(self, text: str, *, page: int | None = None,
                       line: int | None = None) -> None:
        """A paragraph set wholly in bold. Short and not a sentence ("What we need to improve",
        "Our priorities:"), it is the heading of what follows, one level below the heading it
        sits under: many drafts head their parts so, not with heading styles. Otherwise it is
        a paragraph ("**We have no DMO in post.**")."""
        text = clean(text)
        if not looks_like_heading(text):
            self.paragraph(text, page=page, line=line)
            return
        styled = [lvl for lvl, _ in self._trail if lvl not in self._bold_levels]
        level = (styled[-1] if styled else 0) + 1  # beside the bold heading before it
        self.heading(text, level, page=page, line=line)
        self._bold_levels.add(level)

    def _set_trail(self, trail: list[tuple[int, str]]) -> None:
        """The section label is built once per change, not once per block."""
        self._trail = trail
        self._section = " > ".join(t for _, t in trail)

    def paragraph(self, text: str, *, kind: BlockKind = "paragraph", page: int | None = None,
                  line: int | None = None) -> None:
        text = clean(text)
        if _has_words(text):
            self._add(kind, text, page=page, line=line)

    def list_item(self, text: str, *, page: int | None = None, line: int | None = None) -> None:
        self.paragraph(text, kind="list-item", page=page, line=line)

    def count_cells(self, count: int = 1) -> None:
        """Readers call this for the table cells they find, before making ``TableCell``s."""
        self._cell_count += count
        if self._cell_count > MAX_CELLS:
            raise InputError(self.path, f"has more than {MAX_CELLS:,} table cells, far more "
                                        "than a self-evaluation; check the file")

    def table(self, rows: list[list[TableCell]], *, page: int | None = None,
              line: int | None = None) -> None:
        """Number the table, then emit its cells row by row with their row and column headers.

        Merged cells appear once, at the top-left grid position they cover; headers are looked
        up through the grid so a header spanning several columns still labels each of them.
        """
        if not rows:
            return
        self._tables += 1
        number = self._tables
        try:
            grid, placed, used = _lay_out(rows, MAX_GRID - self._grid_used)
        except _GridTooLarge:
            raise InputError(self.path, "has tables whose merged cells span more rows and "
                                        "columns than any self-evaluation's; check the file"
                             ) from None
        self._grid_used += used
        texts = _CellTexts(grid)
        for spot in placed:
            row_header = texts.at(spot.row, 0) if spot.column > 0 else None
            column_header = texts.at(0, spot.column) if spot.row > 0 else None
            text = clean(spot.cell.text)
            if text:
                self._add("table-cell", text, page=page, line=spot.cell.line or line, table=number,
                          row=spot.row + 1, column=spot.column + 1,
                          row_header=row_header, column_header=column_header)
            for nested in spot.cell.nested:
                self.table(nested, page=page, line=line)

    def build(self) -> Document:
        """The finished document; a draft with no words cannot be checked, so that is an error."""
        document = Document(path=self.path, format=self.format, sha256=self.sha256,
                            blocks=self._blocks)
        if document.words == 0:
            raise InputError(self.path, "the file has no text; check that it is the right file")
        return document

    def _add(self, kind: BlockKind, text: str, *, page: int | None, line: int | None,
             level: int | None = None, table: int | None = None, row: int | None = None,
             column: int | None = None, row_header: str | None = None,
             column_header: str | None = None) -> None:
        if len(self._blocks) >= MAX_BLOCKS:
            raise InputError(self.path, f"has more than {MAX_BLOCKS:,} paragraphs and table cells, "
                                        "far more than a self-evaluation; check the file")
        if len(text) > MAX_BLOCK_CHARS:
            raise InputError(self.path, f"has a paragraph or table cell of more than "
                                        f"{MAX_BLOCK_CHARS:,} characters, far longer than any in "
                                        "a self-evaluation; check the file, or break the text "
                                        "into paragraphs")
        trail = [t for _, t in self._trail]
        location = Location(section=self._section, paragraph=len(self._blocks) + 1,
                            table=table, row=row, column=column, page=page, line=line)
        self._blocks.append(Block(kind=kind, text=text, location=location, headings=trail,
                                  level=level, row_header=row_header,
                                  column_header=column_header))


def _has_words(text: str) -> bool:
    """Decoration (a stray bullet, a rule of dashes) is not a paragraph; a table cell holding
    only a tick or a dash still is, since its position gives it meaning."""
    return any(char.isalnum() for char in text)


class _GridTooLarge(Exception):
    pass


def _lay_out(rows: list[list[TableCell]], budget: int = MAX_GRID
             ) -> tuple[list[list[TableCell | None]], list[_PlacedCell], int]:
    """Place cells on a grid the way HTML does: skip positions taken by spans from above.

    Also returns the grid positions made or written; raises ``_GridTooLarge`` past ``budget``,
    so that memory and time stay bounded whatever spans the cells claim.
    """
    grid: list[list[TableCell | None]] = [[] for _ in rows]
    placed: list[_PlacedCell] = []
    used = 0
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            placed.append(_PlacedCell(cell, r, c))
            col_span = min(max(1, cell.col_span), MAX_SPAN)
            for target in grid[r:r + max(1, cell.row_span)]:
                used += max(c + col_span - len(target), 0) + col_span
                if used > budget:
                    raise _GridTooLarge
                target.extend([None] * (c + col_span - len(target)))
                target[c:c + col_span] = [cell] * col_span
            c += col_span
    return grid, placed, used


class _CellTexts:
    """Cleaned header texts, made once per cell: every cell of a long table shares its header
    strings instead of holding copies."""

    def __init__(self, grid: list[list[TableCell | None]]) -> None:
        self._grid = grid
        self._cleaned: dict[int, str | None] = {}

    def at(self, row: int, column: int) -> str | None:
        if row >= len(self._grid) or column >= len(self._grid[row]):
            return None
        cell = self._grid[row][column]
        if cell is None:
            return None
        if id(cell) not in self._cleaned:
            self._cleaned[id(cell)] = clean(cell.text) or None
        return self._cleaned[id(cell)]
