"""Read Markdown: headings, lists, pipe tables and paragraphs, with inline markup removed.

A small line-based reader rather than a full CommonMark parser: a SEF written in Markdown uses
the common constructs, and a line-based reader keeps every block's source line number, which
is what a person needs to find the passage again in their editor.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from sendcheck.load.builder import DocumentBuilder, TableCell
from sendcheck.load.plaintext import split_lines
from sendcheck.load.textutil import decode_text, strip_bullet

_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)(.*)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SEPARATOR_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_WHOLLY_BOLD = re.compile(r"(\*\*|__)(?:(?!\1).)+\1:?")

_INLINE = [
    (re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,500}\")?\)"),
     r"\1"),
    (re.compile(r"!?\[([^\[\]\n]{0,500})\]\[[^\[\]\n]{0,500}\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>]{0,1000}>"), " "),
    (re.compile(r"`+|\*\*|__|~~"), ""),
    (re.compile(r"(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*])"), ""),
]
"""Markup removed without pairing markers up, so that each pattern runs in linear time on any
line (paired emphasis patterns backtrack badly on unclosed markers). Link and tag patterns stay
linear by bounding their repeats and stopping at the next opening bracket. A lone ``*`` or
``_`` inside a word (snake_case) or between spaces (2 * 3) is kept."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


@dataclass
class _Pending:
    """Lines of the paragraph or list item being read, with the line it started on."""

    kind: str = "paragraph"
    line: int = 0
    texts: list[str] = field(default_factory=list)
    bold: bool = False  # one line, wholly bold: "**What we need to improve**"


def read_markdown(data: bytes, builder: DocumentBuilder) -> None:
    # NUL is U+FFFD in Markdown (CommonMark 2.3); left in, it would pass for ``inline_text``'s
    # own placeholders of escaped characters.
    text = decode_text(data).replace("\x00", "\ufffd")
    lines = split_lines(_blank_comments(text))
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
            self.builder.heading(inline_text(_closing_hashes(text)), len(hashes), line=number)
        elif self.pending.kind == "paragraph" and self.pending.texts and _SETEXT.match(line):
            level = 1 if line.strip()[0] == "=" else 2
            self.builder.heading(" ".join(self.pending.texts), level, line=self.pending.line)
            self.pending = _Pending()
        elif _RULE.match(line) or _LINK_DEFINITION.match(line):
            self._flush()
        elif "|" in line and _is_separator(following, line):
            return self._table(index)
        elif strip_bullet(line) is not None:
            self._flush()
            self.pending = _Pending("list-item", number, [inline_text(strip_bullet(line))])
        else:
            self._text(line.strip().lstrip(">").strip(), number)
        return index + 1

    def _text(self, text: str, number: int) -> None:
        if not self.pending.texts:
            self.pending = _Pending(self.pending.kind, number,
                                    bold=_WHOLLY_BOLD.fullmatch(text) is not None)
        else:
            self.pending.bold = False
        self.pending.texts.append(inline_text(text))

    def _flush(self) -> None:
        if self.pending.texts and self.pending.bold and self.pending.kind == "paragraph":
            self.builder.bold_paragraph(self.pending.texts[0], line=self.pending.line)
        elif self.pending.texts:
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
        self.builder.count_cells(self.lines[index].count("|") + 1)
        rows = [_cells(self.lines[index], index + 1)]
        end = index + 2
        while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
            self.builder.count_cells(self.lines[end].count("|") + 1)  # before making them
            rows.append(_cells(self.lines[end], end + 1))
            end += 1
        self.builder.table(rows, line=index + 1)
        return end


def _closing_hashes(text: str) -> str:
    """An ATX heading's text without its optional closing hashes (``## Title ##``)."""
    stripped = text.rstrip()
    bare = stripped.rstrip("#")
    return bare if bare != stripped and (not bare or bare[-1] in " \t") else stripped


def _is_separator(line: str, header: str) -> bool:
    """Whether ``line`` is the ``|---|:---:|`` row under a pipe table's ``header`` row."""
    cells = _split_row(line)
    return "-" in line and len(cells) == len(_split_row(header)) and \
        all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells)


def _cells(line: str, number: int) -> list[TableCell]:
    return [TableCell(inline_text(cell), line=number) for cell in _split_row(line)]


def _split_row(line: str) -> list[str]:
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", row)]
