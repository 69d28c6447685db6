"""Read Markdown: headings, lists, pipe tables and paragraphs, with inline markup removed.

A small line-based reader rather than a full CommonMark parser: a SEF written in Markdown uses
the common constructs, and a line-based reader keeps every block's source line number, which
is what a person needs to find the passage again in their editor.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sendcheck.load.builder import DocumentBuilder, TableCell
from sendcheck.load.plaintext import split_lines
from sendcheck.load.textutil import decode_text, strip_bullet

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)

_INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),
    (re.compile(r"`+"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


@dataclass
class _Pending:
    """Lines of the paragraph or list item being read, with the line it started on."""

    kind: str = "paragraph"
    line: int = 0
    texts: list[str] = field(default_factory=list)


def read_markdown(data: bytes, builder: DocumentBuilder) -> None:
    lines = split_lines(_blank_comments(decode_text(data)))
    _Reader(builder, lines).read()


def inline_text(text: str) -> str:
    """Text with emphasis, code, link and HTML markup removed; escaped characters kept."""
    escaped: list[str] = []

    def hide(match: re.Match) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE.sub(hide, text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)
    return html.unescape(text)


def _blank_comments(text: str) -> str:
    """HTML comments are not text; keep their line breaks so line numbers stay right."""
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


class _Reader:
    def __init__(self, builder: DocumentBuilder, lines: list[str]) -> None:
        self.builder = builder
        self.lines = lines
        self.pending = _Pending()

    def read(self) -> None:
        index = 0
        while index < len(self.lines):
            index = self._step(index)
        self._flush()

    def _step(self, index: int) -> int:
        """Read the construct starting at ``index``; return the index after it."""
        line, number = self.lines[index], index + 1
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        if not line.strip():
            self._flush()
        elif _FENCE.match(line):
            return self._fenced(index)
        elif _ATX.match(line):
            self._flush()
            hashes, text = _ATX.match(line).groups()
            self.builder.heading(inline_text(text or ""), len(hashes), line=number)
        elif self.pending.kind == "paragraph" and self.pending.texts and _SETEXT.match(line):
            level = 1 if line.strip()[0] == "=" else 2
            self.builder.heading(" ".join(self.pending.texts), level, line=self.pending.line)
            self.pending = _Pending()
        elif _RULE.match(line) or _LINK_DEFINITION.match(line):
            self._flush()
        elif "|" in line and _TABLE_SEPARATOR.match(following) and "-" in following:
            return self._table(index)
        elif strip_bullet(line) is not None:
            self._flush()
            self.pending = _Pending("list-item", number, [inline_text(strip_bullet(line))])
        else:
            self._text(line.strip().lstrip(">").strip(), number)
        return index + 1

    def _text(self, text: str, number: int) -> None:
        if not self.pending.texts:
            self.pending = _Pending(self.pending.kind, number)
        self.pending.texts.append(inline_text(text))

    def _flush(self) -> None:
        if self.pending.texts:
            self.builder.paragraph(" ".join(self.pending.texts), kind=self.pending.kind,
                                   line=self.pending.line)
        self.pending = _Pending()

    def _fenced(self, index: int) -> int:
        """Code is kept as a paragraph of its text: a SEF may quote data in a code block."""
        self._flush()
        fence = _FENCE.match(self.lines[index]).group(1)
        end = index + 1
        while end < len(self.lines) and not self.lines[end].strip().startswith(fence):
            end += 1
        self.builder.paragraph(" ".join(self.lines[index + 1:end]), line=index + 2)
        return end + 1

    def _table(self, index: int) -> int:
        self._flush()
        rows = [_cells(self.lines[index], index + 1)]
        end = index + 2
        while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
            rows.append(_cells(self.lines[end], end + 1))
            end += 1
        self.builder.table(rows, line=index + 1)
        return end


def _cells(line: str, number: int) -> list[TableCell]:
    return [TableCell(inline_text(cell), line=number) for cell in _split_row(line)]


def _split_row(line: str) -> Iterator[str]:
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    for cell in re.split(r"(?<!\\)\|", row):
        yield cell.replace("\\|", "|").strip()
