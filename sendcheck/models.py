"""The data that flows through the pipeline, from a loaded document to a finished report.

Every step reads one of these and produces the next: loaders make a ``Document`` of ``Block``s,
the evaluator turns passages into ``Evidence``, scoring gathers evidence into ``Finding``s, and
reporters only ever read a finished ``Report``. Field names of the report models are the public
JSON contract (schema version 1 in SPEC.md), so they change only with the schema version.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

BlockKind = Literal["heading", "paragraph", "list-item", "table-cell"]
Stance = Literal["positive", "negative", "planned", "historical", "neutral"]
Status = Literal["evidenced", "partial", "missing"]
Position = Literal["strength", "gap", "mixed", "not-stated"]


class Location(BaseModel):
    """Where a person finds a piece of text again in the draft.

    ``paragraph`` counts the document's blocks (headings, paragraphs, list items, table cells)
    from 1 in reading order; the optional fields narrow it down where the format allows.
    """

    model_config = ConfigDict(extra="forbid")

    section: str = ""
    paragraph: int
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    line: int | None = None

    def describe(self) -> str:
        """A short human label such as ``Waiting times, para 12`` or ``table 2, row 3``: the
        innermost heading only, since the whole trail is too long to read beside a quote."""
        parts = [self.section.rsplit(" > ", 1)[-1]] if self.section else []
        if self.table is not None:
            parts.append(f"table {self.table}, row {self.row}, column {self.column}")
        else:
            parts.append(f"para {self.paragraph}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


MAX_BLOCK_CHARS = 500_000
"""Characters in one paragraph or table cell. A whole SEF typed as one paragraph (line breaks
instead of paragraph marks) is a few hundred thousand; the language pipeline refuses a text of
over a million, and a block's cost in memory and time grows with its length. The loaders refuse
longer blocks with a message; a ``Block`` made some other way cannot be longer either."""


class Block(BaseModel):
    """One unit of document text: a heading, paragraph, list item or table cell.

    ``headings`` is the trail of headings above the block (outermost first), which is context for
    what the block is about. Table cells also carry the first cell of their row and the header of
    their column, because a RAG table's meaning sits in those, not in the cell alone.
    """

    model_config = ConfigDict(extra="forbid")

    kind: BlockKind
    text: str = Field(max_length=MAX_BLOCK_CHARS)
    location: Location
    headings: list[str] = Field(default_factory=list)
    level: int | None = None
    row_header: str | None = None
    column_header: str | None = None


class Document(BaseModel):
    """A loaded input: its identity and its blocks in reading order."""

    model_config = ConfigDict(extra="forbid")

    path: str
    format: str
    sha256: str
    blocks: list[Block]

    @property
    def words(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)


class Evidence(BaseModel):
    """A passage of the draft that speaks to one criterion, read in context."""

    text: str
    stance: Stance
    location: Location
    signals: list[str] = Field(default_factory=list)


class Citation(BaseModel):
    """A passage quoted verbatim from a published inspection letter (Crown copyright, OGL v3.0)."""

    precedent_id: str
    area: str
    date: str
    quote: str
    finding: str
    kind: str | None = None
    outcome: str | None = None
    source: str | None = None


BaselineState = Literal["new", "worse", "unchanged", "better"]


class Suppression(BaseModel):
    """Why a finding or alert is accepted as it is, and who said so where: an audit trail.

    ``kind`` is ``external`` for an entry in a suppressions file, ``inSource`` for a comment in
    the draft itself; ``source`` is that file and entry, or the draft's file and line.
    """

    kind: Literal["external", "inSource"]
    reason: str
    source: str
    expires: str | None = None


class Finding(BaseModel):
    """What the draft says about one criterion, how well, and what to do about it."""

    rule_id: str
    title: str
    status: Status
    position: Position
    score: int = Field(ge=0, le=100)
    evidence: list[Evidence] = Field(default_factory=list)
    advice: str = ""
    citations: list[Citation] = Field(default_factory=list)
    suppressed: Suppression | None = None  # accepted as it is, with the reason (see suppressions.py)
    baseline: BaselineState | None = None  # against --baseline: in the baseline if unchanged/better


class Alert(BaseModel):
    """Something a reviewer would point out that is not one criterion's coverage."""

    kind: str
    message: str
    text: str = ""
    location: Location | None = None
    rule_id: str | None = None
    suppressed: Suppression | None = None


class ToolInfo(BaseModel):
    name: str = "sendcheck"
    version: str


class DocumentInfo(BaseModel):
    path: str
    sha256: str
    words: int


class Report(BaseModel):
    """The result of checking one document: schema version 1 of the JSON output."""

    schema_version: Literal[1] = SCHEMA_VERSION
    tool: ToolInfo
    document: DocumentInfo
    as_of: str
    score: int = Field(ge=0, le=100)
    findings: list[Finding]
    alerts: list[Alert] = Field(default_factory=list)
