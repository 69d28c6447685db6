"""``--annotate OUT.docx``: a copy of a Word draft with the findings as Word comments.

Authors review a SEF in Word, so the report is also given where they work: one comment on each
evidence passage the report shows (the criterion, how the passage reads, the advice, and one
precedent quote if there is one), and a comment at the start with the overall score, the
criteria the draft leaves out and the alerts.

A passage's ``Location.paragraph`` counts the blocks the loader produced, in reading order. To
find the Word element behind each number, the draft is read again by the loader's own reader
(``sendcheck.load.word``) with a builder that records, for every block it numbers, the
paragraph (``w:p``) or table cell (``w:tc``) it came from; so headings, lists, tables, nested
tables, content controls and tracked changes are numbered exactly as in the report. Within the
block the comment is anchored on the runs that hold the sentence, or on the whole block when
the sentence cannot be matched run by run (a RAG table row's rating, say). Runs inside tracked
insertions (``w:ins``) are anchored like any other; the comment reference itself is placed
outside the insertion, so accepting or rejecting the change does not take the comment with it.

The input is read once, as bytes, and never opened for writing; the copy is written to a
temporary file beside ``OUT`` and moved into place, so a failure leaves no half-written file.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.text.run import Run

from .errors import SendcheckError
from .load import word
from .load.builder import DocumentBuilder, TableCell, _lay_out
from .models import Evidence, Finding, Report
from .report.view import (LICENCE, POSITION_LABEL, STANCE_MEANING, STATUS_LABEL, alert_view,
                          citation_view, evidence_view, report_view)

AUTHOR = "sendcheck"
INITIALS = "SC"

_w = word._w
_P, _R, _TC, _TBL, _SDT = _w("p"), _w("r"), _w("tc"), _w("tbl"), _w("sdt")
_TEXT_BOX = _w("txbxContent")


# -- refusing what cannot be done safely, before anything is checked ------------------------

def check_target(out: str, inputs: Sequence[str], output: str | None = None) -> None:
    """Raise ``SendcheckError`` (exit 2) unless ``out`` can take an annotated copy of the input."""
    if len(inputs) != 1:
        raise SendcheckError("--annotate takes exactly one .docx draft; check the others "
                             "separately")
    source = inputs[0]
    if source == "-" or Path(source).suffix.lower() != ".docx":
        name = "standard input" if source == "-" else source
        raise SendcheckError(f"{name}: --annotate works only on a Word .docx draft; save the draft "
                             "as .docx, or leave out --annotate")
    if Path(out).suffix.lower() != ".docx":
        raise SendcheckError(f"{out}: --annotate writes a Word document; give a name ending in "
                             ".docx")
    if _same_file(source, out):
        raise SendcheckError(f"{out}: --annotate would overwrite the draft it checks; give "
                             "another name (sendcheck never changes its input)")
    if output and _same_file(output, out):
        raise SendcheckError(f"{out}: --annotate and --output name the same file; give each its "
                             "own")


def _same_file(first: str, second: str) -> bool:
    a, b = Path(first), Path(second)
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


# -- finding each block's Word element ------------------------------------------------------

class _RecordingBuilder(DocumentBuilder):
    """A ``DocumentBuilder`` that remembers the Word element behind every block it numbers."""

    def __init__(self, path: str, sha256: str) -> None:
        super().__init__(path, "docx", sha256)
        self.current = None  # the w:p being read
        self.elements: list = []  # index = block number - 1
        self._cells: dict[tuple[int, int, int], object] = {}

    def table(self, rows: list[list[TableCell]], **kwargs) -> None:
        if rows:
            number = self._tables + 1  # the number the builder is about to give this table
            for spot in _lay_out(rows)[1]:
                self._cells[(number, spot.row + 1, spot.column + 1)] = getattr(
                    spot.cell, "element", None)
        super().table(rows, **kwargs)

    def _add(self, kind, text, **kwargs) -> None:
        super()._add(kind, text, **kwargs)
        table = kwargs.get("table")
        if table is not None:
            self.elements.append(self._cells.get((table, kwargs.get("row"), kwargs.get("column"))))
        else:
            self.elements.append(self.current)


class _RecordingReader(word._Reader):
    def paragraph(self, p) -> None:
        self.builder.current = p
        super().paragraph(p)

    def cell(self, tc, span: int) -> TableCell:
        cell = super().cell(tc, span)
        cell.element = tc  # type: ignore[attr-defined]
        return cell


def block_elements(document: docx.document.Document, path: str = "", sha256: str = "") -> list:
    """The Word element (``w:p`` or ``w:tc``) of each block, in the loader's numbering."""
    builder = _RecordingBuilder(path, sha256)
    _RecordingReader(builder, word._Styles(document.styles.element)).blocks(
        document.element.body)
    return builder.elements


# -- anchoring on runs ----------------------------------------------------------------------

def _text_runs(element) -> list:
    """The runs whose text the loader reads for this block, in order (tracked insertions in,
    deletions out; a table cell's nested tables are blocks of their own, so left out)."""
    runs: list = []
    if element.tag == _TC:
        _cell_runs(element, runs)
    else:
        _paragraph_runs(element, runs)
    return runs


def _cell_runs(container, runs: list) -> None:
    for child in container:
        if child.tag == _P:
            _paragraph_runs(child, runs)
        elif child.tag == _SDT:
            if not word._shows_placeholder(child):
                _cell_runs(word._content(child), runs)
        elif child.tag in word._WRAPPERS:
            _cell_runs(child, runs)


def _paragraph_runs(element, runs: list) -> None:
    for child in element:
        tag = child.tag
        if tag == _R:
            runs.append(child)
        elif tag in word._NOT_TEXT:
            continue
        elif tag == _SDT:
            if not word._shows_placeholder(child):
                _paragraph_runs(word._content(child), runs)
        elif isinstance(tag, str):
            _paragraph_runs(child, runs)


def _keys(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def anchor_runs(element, passage: str) -> tuple | None:
    """The first and last run to anchor a comment on ``passage`` in this block, or None."""
    host = _text_box_host(element)
    if host is not None:  # Word keeps comments out of text boxes: anchor on the box itself
        return host, host
    runs = _text_runs(element)
    if not runs:
        return None
    keys: list[str] = []
    owners: list[int] = []
    for index, run in enumerate(runs):
        for char in _keys(word.paragraph_text(run)):
            keys.append(char)
            owners.append(index)
    needle = _keys(passage)
    at = "".join(keys).find(needle) if needle else -1
    if at < 0:
        return runs[0], runs[-1]
    return runs[owners[at]], runs[owners[at + len(needle) - 1]]


def _text_box_host(element):
    """The outermost run holding the text box this element is in, if it is in one."""
    host, in_box = None, False
    for ancestor in element.iterancestors():
        if ancestor.tag == _TEXT_BOX:
            in_box = True
        elif ancestor.tag == _R and in_box:
            host = ancestor
    return host


def _add_comment(document, first, last, text: str) -> None:
    comment = document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
    Run(first, document).mark_comment_range(Run(last, document), comment.comment_id)
    # python-docx puts the reference run right after the range end, which inside a tracked
    # insertion would make the comment itself part of the change: lift it to paragraph level.
    end = last.getnext()
    reference = end.getnext() if end is not None else None
    outer = last
    while outer.getparent() is not None and outer.getparent().tag != _P:
        outer = outer.getparent()
    if reference is not None and outer is not last and outer.getparent() is not None:
        outer.addnext(reference)


# -- comment text ---------------------------------------------------------------------------

def evidence_comment(finding: Finding, evidence: Evidence) -> str:
    view = evidence_view(evidence)
    lines = [
        f"sendcheck: {finding.title} ({finding.rule_id})",
        f"This passage reads as: {view.stance_label.lower()} "
        f"({STANCE_MEANING.get(evidence.stance, evidence.stance)}).",
    ]
    covered = STATUS_LABEL.get(finding.status, finding.status).lower()
    says = POSITION_LABEL.get(finding.position, finding.position).lower()
    signals = f" This passage shows {', '.join(view.signals)}." if view.signals else ""
    lines.append(f"The criterion overall: {covered}; the draft says: {says}; score "
                 f"{finding.score}/100.{signals}")
    if finding.advice:
        lines.append(f"What to do: {finding.advice}")
    if finding.citations:
        cite = citation_view(finding.citations[0])
        lines.append(f"What inspectors wrote about another area: \u201c{cite.quote}\u201d "
                     f"({cite.credit}). Source: {cite.source}. Crown copyright, Open Government "
                     "Licence v3.0.")
    return "\n".join(lines)


def summary_comment(report: Report, unplaced: int = 0) -> str:
    view = report_view(report)
    lines = [
        f"sendcheck readiness review, judged as of {view.as_of} (sendcheck {view.version})",
        f"Overall readiness: {view.score} out of 100: {view.readiness}.",
        f"{view.counts[:1].upper()}{view.counts[1:]}.",
        "Each passage read as evidence has its own comment: the criterion, how the passage "
        "reads, what to do and, where there is one, what inspectors wrote about another area.",
    ]
    missing = [f for f in report.findings if f.status == "missing"]
    if missing:
        lines.append(f"Not covered by the draft ({len(missing)}):")
        lines += [f"\u2022 {f.title} ({f.rule_id}): {f.advice}".rstrip(": ") for f in missing]
    else:
        lines.append("Every criterion is covered by the draft.")
    if report.alerts:
        titles = {f.rule_id: f.title for f in report.findings}
        lines.append(f"Also check ({len(report.alerts)}):")
        for alert in report.alerts:
            item = alert_view(alert, titles)
            line = f"\u2022 {item.label}: {item.message}"
            if item.text:
                line += f" \u201c{item.text}\u201d"
            if item.where:
                line += f" ({item.where})"
            lines.append(line)
    if unplaced:
        lines.append(f"{unplaced} passage(s) could not be found in the document to comment on; "
                     "see the full report.")
    lines.append(LICENCE)
    return "\n".join(lines)


# -- the whole job --------------------------------------------------------------------------

def annotate(source: str, report: Report, out: str) -> int:
    """Write ``out``: a copy of ``source`` with the report's findings as comments.

    Returns the number of comments added. ``source`` must be the file ``report`` was made from.
    """
    check_target(out, [source])
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise SendcheckError(f"{source}: could not be read again to annotate ({exc.strerror})"
                             ) from exc
    if hashlib.sha256(data).hexdigest() != report.document.sha256:
        raise SendcheckError(f"{source}: changed while it was being checked; run sendcheck again")
    word._check_zip(data, source)
    document = docx.Document(io.BytesIO(data))
    elements = block_elements(document, source, report.document.sha256)

    placements = []
    for finding in report.findings:
        for evidence in finding.evidence:
            index = evidence.location.paragraph - 1
            element = elements[index] if 0 <= index < len(elements) else None
            anchor = anchor_runs(element, evidence.text) if element is not None else None
            placements.append((anchor, evidence_comment(finding, evidence)))
    unplaced = sum(anchor is None for anchor, _ in placements)

    first_anchor = next((a for a in (anchor_runs(e, "") for e in elements if e is not None)
                         if a is not None), None)
    if first_anchor is None:
        raise SendcheckError(f"{source}: has no text run to attach comments to")
    added = 0
    _add_comment(document, first_anchor[0], first_anchor[1], summary_comment(report, unplaced))
    added += 1
    for anchor, text in placements:
        if anchor is not None:
            _add_comment(document, anchor[0], anchor[1], text)
            added += 1

    buffer = io.BytesIO()
    document.save(buffer)
    _write_new(out, buffer.getvalue())
    return added


def _write_new(out: str, data: bytes) -> None:
    """Write beside ``out`` and move into place, with the permissions a new file gets."""
    target = Path(out)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".sendcheck-", suffix=".docx",
                                             dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise SendcheckError(f"{out}: could not write the annotated copy "
                             f"({exc.strerror or exc})") from exc
