"""Split a loaded letter into numbered passages, each labelled by the letter's own structure.

The letter says what it makes of a passage by where it puts it: under "Strengths" or "What is
the area partnership doing that is effective?" (a strength), "Areas for development" or "What
does the area partnership need to do better?" (a weakness), "Areas for priority action", "Areas
for improvement", the Written Statement of Action list (significant weaknesses), or, in a revisit,
in the block a verdict closes ("The area has (not) made sufficient progress ..."). The quoted
original weakness that opens each revisit block is history. Boilerplate is left out: the address
and salutation before the title, and everything from the sign-off ("Yours sincerely") or the
report's back matter ("Local area partnership details") on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Block

# Section markers: a heading, or a short paragraph that is only the heading's words (text
# extraction does not always keep headings apart). (pattern, level, section)
_MARKERS: list[tuple[re.Pattern[str], int, str]] = [
    (re.compile(r"^inspection outcomes?$"), 1, "context"),
    (re.compile(r"^information about the local area( partnership)?$"), 1, "context"),
    (re.compile(r"^what is it like to be a child or young person\b.*\?$"), 1, "main-findings"),
    (re.compile(r"^what is the (local )?area partnership doing that is effective\??$"), 1,
     "strength"),
    (re.compile(r"^what does the (local )?area partnership need to do better\??$"), 1,
     "area-for-development"),
    (re.compile(r"^(responsible body )?areas? for priority action$"), 1,
     "area-for-priority-action"),
    (re.compile(r"^main findings$"), 1, "main-findings"),
    (re.compile(r"^the effectiveness of the local area in\b.{0,160}$"), 1, "main-findings"),
    (re.compile(r"^strengths?$"), 2, "strength"),
    (re.compile(r"^areas? for (further )?development$"), 2, "area-for-development"),
    (re.compile(r"^areas? for (further )?improvement$"), 2, "area-for-improvement"),
]
_STOP = re.compile(
    r"^(yours sincerely|yours faithfully|local area partnership details|information about this "
    r"inspection|inspection team|if you are not happy with the inspection|cc:|\u00a9 crown "
    r"copyright)", re.I)
_SALUTATION = re.compile(r"^dear\b", re.I)
_WSOA_INTRO = re.compile(r"(written statement of action|wsoa).{0,200}(significant weakness|"
                         r"weakness(es)?)\b.{0,40}:\s*$", re.I)
_CONCERNS = re.compile(r"^the inspection raises significant concerns about", re.I)
_REVISIT_SUMMARY = re.compile(r"sufficient progress in addressing (all|any|none|\w+) of the", re.I)
_REVISIT_INTRO = re.compile(
    r"^(at the (time of the )?initial inspection,? (inspectors )?found that|the initial "
    r"inspection (found|identified) that|at the initial inspection,? inspectors found that)\b.*:$",
    re.I)
_REVISIT_VERDICT = re.compile(r"has\s+(?P<not>not\s+)?made\s+sufficient\s+progress\s+"
                              r"(?:in\s+addressing|to\s+improve|in\s+improving|against)\s+this\b",
                              re.I)
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
    key = " ".join(re.sub(r"[\u2019']", "'", _bare(text)).lower().split()).strip(" .:")
    if len(key.split()) > 30:
        return None
    for pattern, level, section in _MARKERS:
        if pattern.match(key):
            return level, section
    return None


def passages(blocks: list[Block], kind: str, title_index: int | None) -> list[RawPassage]:
    """The letter's passages in order, boilerplate left out, each with its section."""
    start = _start(blocks, title_index)
    state = _State()
    out: list[RawPassage] = []
    for block in blocks[start:]:
        text = block.text.strip()
        if _STOP.match(_bare(text)):
            break
        found = marker(text)
        if found and (block.kind == "heading" or len(text.split()) <= 25):
            level = 1 if kind == "area-send-2023" else found[0]  # 2023 reports: no nesting
            _enter(state, (level, found[1]), re.sub(r"^responsible body\s+", "", text, flags=re.I))
            continue
        if block.kind == "heading":
            continue  # a heading of no meaning here: a table header, a name, a running title
        if kind == "area-send-2023" and not state.trail:
            continue  # before "Inspection outcome": the title and the dates, not findings
        if kind == "area-send-2023" and block.kind != "list-item" and _table_label(state, text):
            continue  # a "responsible body" cell of the recommendations table, not a finding
        if _continues_list(block, out, state):
            out[-1].text = f"{out[-1].text} {text}"
            continue
        out.append(RawPassage(text, [t for _, t in state.trail], _section_for(state, text, kind)))
        if kind == "revisit":
            _revisit_step(state, out, text)
        if _WSOA_INTRO.search(text):
            out[-1].section = "context"
            state.wsoa_list = True
            state.trail = []  # the list closes the letter: it is under no finding heading
        elif _CONCERNS.search(text) or (kind == "revisit" and _REVISIT_SUMMARY.search(text)):
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


def _start(blocks: list[Block], title_index: int | None) -> int:
    if title_index is not None:
        return title_index + 1
    for index, block in enumerate(blocks[:60]):
        if _SALUTATION.match(block.text):
            return index + 1
    return 0


def _enter(state: _State, found: tuple[int, str], text: str) -> None:
    level, section = found
    state.trail = [(lvl, t) for lvl, t in state.trail if lvl < level] + [(level, text)]
    state.section = section
    state.wsoa_list = False


def _section_for(state: _State, text: str, kind: str) -> str:
    if state.wsoa_list:
        return "significant-weakness"
    if kind == "revisit" and state.history_next:
        return "history"
    if kind == "revisit" and _REVISIT_INTRO.match(_bare(text)):
        return "history"
    return state.section


def _table_label(state: _State, text: str) -> bool:
    return state.section in ("area-for-priority-action", "area-for-improvement") and \
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


def _revisit_step(state: _State, out: list[RawPassage], text: str) -> None:
    """Track a revisit block: intro -> quoted weakness (history) -> findings -> verdict."""
    index = len(out) - 1
    if _REVISIT_INTRO.match(_bare(text)):
        state.history_next = True
        state.revisit_pending = []  # findings with no verdict after them stay mixed
        return
    if state.history_next:
        state.history_next = False
        state.revisit_pending = []
        return
    verdict = _REVISIT_VERDICT.search(text)
    if verdict:
        section = "insufficient-progress" if verdict["not"] else "sufficient-progress"
        for pending in state.revisit_pending:
            out[pending].section = section
        # The verdict sentence alone is the decision, not a finding; with more it is both.
        out[index].section = section if len(text.split()) > 25 else "context"
        state.revisit_pending = []
        state.section = "main-findings"
        return
    state.revisit_pending.append(index)

