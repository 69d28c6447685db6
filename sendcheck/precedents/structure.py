"""Split a loaded letter into numbered passages, each labelled by the letter's own structure.

The letter says what it makes of a passage by where it puts it: under a heading (a strength,
an area for development, an area for priority action, ...), in the Written Statement of Action
list (significant weaknesses), or, in a revisit, in the block a verdict closes ("The area has
(not) made sufficient progress ..."). The quoted original weakness that opens each revisit block
is history. Boilerplate is left out: the address and salutation before the title, and
everything from the sign-off or the report's back matter on. The headings, the section each
begins, and the other wordings are data, in ``rules/letters.yaml`` (see ``letters``); this
module is the state machine that applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Block
from .letters import Letters, load_letters

_SENTENCE_END = re.compile(r"[.!?:;]['\"\u2019\u201d)\]]*$")


def _bare(text: str) -> str:
    """The text without a leading bullet glyph or dash that extraction left in."""
    return re.sub(r"^[^\w'\u2018\u2019\"`(]+", "", text)


@dataclass
class RawPassage:
    text: str
    headings: list[str]
    section: str


@dataclass
class _State:
    trail: list[tuple[int, str]] = field(default_factory=list)
    section: str = "context"
    wsoa_list: bool = False
    revisit_pending: list[int] = field(default_factory=list)
    history_next: bool = False


def marker(text: str) -> tuple[int, str] | None:
    """(level, section) when ``text`` is one of the letter's section headings."""
    letters = load_letters()
    key = " ".join(re.sub(r"[\u2019']", "'", _bare(text)).lower().split()).strip(" .:")
    if len(key.split()) > 30:
        return None
    key = letters.heading_prefix.sub("", key)
    for phrases, patterns, level, section in letters.headings:
        if phrases.fullmatch(key) or any(pattern.fullmatch(key) for pattern in patterns):
            return level, section
    return None


def passages(blocks: list[Block], kind: str, title_index: int | None) -> list[RawPassage]:
    """The letter's passages in order, boilerplate left out, each with its section."""
    letters = load_letters()
    layout = letters.kind(kind)
    start = _start(blocks, title_index, letters)
    state = _State()
    out: list[RawPassage] = []
    for block in blocks[start:]:
        text = block.text.strip()
        if letters.back_matter.match(_bare(text)):
            break
        found = marker(text)
        if found and (block.kind == "heading" or len(text.split()) <= 25):
            level = found[0] if layout.nested_headings else 1
            _enter(state, (level, found[1]), letters.heading_prefix.sub("", text))
            continue
        if block.kind == "heading":
            continue  # a heading of no meaning here: a table header, a name, a running title
        if layout.findings_after_first_heading and not state.trail:
            continue  # before the first heading: the title and the dates, not findings
        if block.kind != "list-item" and _table_label(state, text, layout.recommendation_tables):
            continue  # a "responsible body" cell of a recommendations table, not a finding
        if _continues_list(block, out, state):
            out[-1].text = f"{out[-1].text} {text}"
            continue
        out.append(RawPassage(text, [t for _, t in state.trail],
                              _section_for(state, text, kind, letters)))
        if kind == "revisit":
            _revisit_step(state, out, text, letters)
        if letters.wsoa_list_intro.search(text):
            out[-1].section = "context"
            state.wsoa_list = True
            state.trail = []  # the list closes the letter: it is under no finding heading
        elif letters.context_opening.search(text) or \
                (kind == "revisit" and letters.summary_paragraph.search(text)):
            out[-1].section = "context"
        elif state.wsoa_list and block.kind != "list-item":
            state.wsoa_list = False
    return _split_wsoa_items(out)


_INLINE_ITEM = re.compile(r"\s+[-\u2013\u2022\u25aa\u25a0\u25cf]\s+(?=\S)")


def _split_wsoa_items(out: list[RawPassage]) -> list[RawPassage]:
    """Written Statement of Action items that text extraction ran together ("... of ASD - the
    fractured relationships ...") become one passage each: each is its own weakness."""
    result = []
    for passage in out:
        if passage.section != "significant-weakness":
            result.append(passage)
            continue
        for item in _INLINE_ITEM.split(passage.text):
            if item.strip():
                result.append(RawPassage(item.strip(), passage.headings, passage.section))
    return result


def _start(blocks: list[Block], title_index: int | None, letters: Letters) -> int:
    if title_index is not None:
        return title_index + 1
    for index, block in enumerate(blocks[:60]):
        if letters.salutation.match(block.text):
            return index + 1
    return 0


def _enter(state: _State, found: tuple[int, str], text: str) -> None:
    level, section = found
    state.trail = [(lvl, t) for lvl, t in state.trail if lvl < level] + [(level, text)]
    state.section = section
    state.wsoa_list = False


def _section_for(state: _State, text: str, kind: str, letters: Letters) -> str:
    if state.wsoa_list:
        return "significant-weakness"
    if kind == "revisit" and state.history_next:
        return "history"
    if kind == "revisit" and letters.history_intro.match(_bare(text)):
        return "history"
    return state.section


def _table_label(state: _State, text: str, table_sections: list[str]) -> bool:
    """A short line that is not a sentence, under a heading whose recommendations are a table."""
    return state.section in table_sections and \
        not _SENTENCE_END.search(text) and len(text.split()) <= 25


def _continues_list(block: Block, out: list[RawPassage], state: _State) -> bool:
    """List items that finish a sentence introduced by the passage before ("Area leaders need
    to: ...") belong to it; the items of the Written Statement of Action list stand alone."""
    if block.kind != "list-item" or not out or state.wsoa_list:
        return False
    previous = out[-1]
    if previous.section in ("history", "context"):
        return False
    return previous.text.rstrip().endswith((":", ";", ",", " and", " or")) and \
        previous.section == state.section


def _revisit_step(state: _State, out: list[RawPassage], text: str, letters: Letters) -> None:
    """Track a revisit block: intro -> quoted weakness (history) -> findings -> verdict."""
    index = len(out) - 1
    if letters.history_intro.match(_bare(text)):
        state.history_next = True
        state.revisit_pending = []  # findings with no verdict after them stay mixed
        return
    if state.history_next:
        state.history_next = False
        state.revisit_pending = []
        return
    section = letters.verdicts.search(text)
    if section:
        for pending in state.revisit_pending:
            out[pending].section = section
        # The verdict sentence alone is the decision, not a finding; with more it is both.
        out[index].section = section if len(text.split()) > 25 else "context"
        state.revisit_pending = []
        state.section = "main-findings"
        return
    state.revisit_pending.append(index)

