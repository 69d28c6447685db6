"""How published Ofsted/CQC letters are laid out and worded: ``rules/letters.yaml``, compiled.

The knowledge (titles, outcome sentences, section headings and what each makes of what is under
it, boilerplate, the phrases that tie a quoted sentence to its neighbour) is data in
``rules/letters.yaml``; this module is the mechanism: the model that validates the file
(``extra="forbid"``, so a misspelt key is an error with its file and line, as in the rule pack)
and the phrase notation, compiled to regular expressions once (``load_letters`` is cached).

Phrase notation, used by every list of phrases in the file:

* words separated by spaces; in a letter, any run of whitespace (a line break too) between them;
* case does not matter (the one exception, ``area_name.run_on``, says so);
* a phrase ends at the end of a word (``so`` is not found in "sooner") but may begin inside
  one, as text extraction can run a word into the next ("coArea SEND inspection report: ...");
* ``[words]``: optional words (``joint [local] area``);
* ``{name}``: any phrase of the list ``name`` under ``terms``, or a slot the importer reads:
  ``{area}`` (an area's name: in a ``title_lines`` phrase the rest of the line, elsewhere a
  run of up to eight words), ``{count}`` and ``{total}`` (one word: "six", "8", "all");
* a word that opens with "(" may follow the word before without a space ("disabilities(SEND)").

Anything else is literal: "report:", "effective?", "and/or". Where a phrase cannot say it,
``patterns`` (regular expressions) are allowed, and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError,
                      ValidationInfo, field_validator, model_validator)

from ..errors import RuleFileError
from ..rulepack import YAML_LOADER, _read_yaml, builtin_rules_dir
from .model import Section

# --- the phrase notation ---------------------------------------------------------------------

# An area's name in running text: a capitalised word and up to seven more, as few as will do.
AREA = r"(?P<area>[A-Z][\w'\u2019&.,-]*(?:\s+(?:[\w'\u2019&.,-]+)){0,7}?)"
AREA_TO_END = r"(?P<area>.+?)"  # in a title line: the rest of the line
SLOTS: dict[str, str] = {"area": AREA, "count": r"(?P<count>\w+)", "total": r"(?P<total>\w+)"}
NOTHING = r"(?!)"  # an empty list matches nothing

_TOKEN = re.compile(r"\[[^\[\]]*\]|\S+")
_NAME = re.compile(r"^\{([a-z][a-z0-9_-]*)\}$")


def _separator(word: str) -> str:
    return r"\s*" if word.startswith("(") else r"\s+"


def phrase_regex(phrase: str, terms: dict[str, list[str]] | None = None,
                 slots: dict[str, str] | None = None) -> str:
    """The regular expression for one phrase (see the module docstring); ValueError if the
    phrase is malformed or names a term or slot that does not exist."""
    terms = terms or {}
    slots = SLOTS if slots is None else slots
    tokens: list[tuple[bool, list[str]]] = []  # (optional, words)
    for match in _TOKEN.finditer(phrase):
        token = match.group()
        if token.startswith("[") and token.endswith("]"):
            words = token[1:-1].split()
            if not words:
                raise ValueError(f"empty [] in {phrase!r}")
            tokens.append((True, words))
        elif "[" in token or "]" in token:
            raise ValueError(f"unbalanced [ or ] in {phrase!r}: [optional words] go in pairs")
        else:
            tokens.append((False, [token]))
    required = [i for i, (optional, _) in enumerate(tokens) if not optional]
    if not required:
        raise ValueError(f"{phrase!r} has no words that are not optional")
    first, last = required[0], required[-1]

    def word(text: str, can_end: bool) -> str:
        found = _NAME.match(text)
        if found:
            name = found.group(1)
            if name in terms:
                alternatives = sorted(terms[name], key=len, reverse=True)
                return "(?:" + "|".join(phrase_regex(p, {}, {}) for p in alternatives) + ")"
            if name in slots:
                return slots[name]
            known = ", ".join(sorted({*terms, *slots}))
            raise ValueError(f"{{{name}}} in {phrase!r} is neither a term nor a slot ({known})")
        if "{" in text or "}" in text:
            raise ValueError(f"{text!r} in {phrase!r}: {{name}} must be a word of its own")
        out = re.escape(text)
        if can_end and re.search(r"\w$", text):
            out += r"(?!\w)"  # the phrase ends where a word does
        return out

    def run(words: list[str], can_end: bool) -> str:
        return "".join(("" if i == 0 else _separator(w)) + word(w, can_end and i == len(words) - 1)
                       for i, w in enumerate(words))

    parts = []
    for index, (optional, words) in enumerate(tokens):
        inner = run(words, index >= last)
        if index < first:  # an optional opening: the separator after it goes with it
            parts.append(f"(?:{inner}{_separator(tokens[index + 1][1][0])})?")
        elif index == first:
            parts.append(inner)
        elif optional:
            parts.append(f"(?:{_separator(words[0])}{inner})?")
        else:
            parts.append(_separator(words[0]) + inner)
    return "".join(parts)


class Phrases:
    """A compiled list of phrases. ``search`` finds the leftmost occurrence of any (the first
    listed wins a tie); ``first`` tries them in the order listed; ``source`` is the alternation,
    for use inside a larger expression."""

    def __init__(self, phrases: list[str], terms: dict[str, list[str]],
                 slots: dict[str, str] | None = None) -> None:
        self.phrases = tuple(phrases)
        sources = [phrase_regex(p, terms, slots) for p in phrases]
        self.each = tuple(re.compile(s, re.I) for s in sources)
        self.source = "(?:" + "|".join(sources) + ")" if sources else NOTHING
        # Slots are named groups, which may not repeat in one expression: then one at a time.
        self._any = None if any("(?P<" in s for s in sources) else re.compile(self.source, re.I)

    def search(self, text: str) -> re.Match[str] | None:
        if self._any is not None:
            return self._any.search(text)
        found = [m for m in (p.search(text) for p in self.each) if m]
        return min(found, key=lambda m: m.start()) if found else None

    def match(self, text: str) -> re.Match[str] | None:
        """At the start of ``text``."""
        if self._any is not None:
            return self._any.match(text)
        return next((m for m in (p.match(text) for p in self.each) if m), None)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self._any is not None:
            return self._any.fullmatch(text)
        return next((m for m in (p.fullmatch(text) for p in self.each) if m), None)

    def first(self, text: str) -> re.Match[str] | None:
        """The first phrase, in the order listed, found anywhere in ``text``."""
        return next((m for m in (p.search(text) for p in self.each) if m), None)


class Labelled:
    """Phrase lists by label (an outcome, a verdict): which label a text's phrase has."""

    def __init__(self, lists: dict[str, list[str]], terms: dict[str, list[str]]) -> None:
        self.labels = tuple(lists)
        sources = [f"(?P<_{i}>{Phrases(phrases, terms, {}).source})"
                   for i, phrases in enumerate(lists.values())]
        self._any = re.compile("|".join(sources) or NOTHING, re.I)

    def _label(self, match: re.Match[str]) -> str:
        return self.labels[int(match.lastgroup[1:])]

    def search(self, text: str) -> str | None:
        """The label of the leftmost phrase in ``text``."""
        match = self._any.search(text)
        return self._label(match) if match else None

    def finditer(self, text: str) -> list[str]:
        """The label of every phrase in ``text``, in order."""
        return [self._label(match) for match in self._any.finditer(text)]


# --- the file's model --------------------------------------------------------------------------


def _phrase_check(slots: dict[str, str]):
    """A validator of phrases that may use these slots (and any term)."""

    def check(value: str, info: ValidationInfo) -> str:
        phrase_regex(value, (info.context or {}).get("terms", {}), slots)
        return value

    return check


def _check_term(value: str) -> str:
    phrase_regex(value, {}, {})  # a term is plain words: no {names} inside
    return value


def _check_pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    return value


Phrase = Annotated[str, Field(min_length=1), AfterValidator(_phrase_check({}))]
AreaPhrase = Annotated[str, Field(min_length=1), AfterValidator(_phrase_check({"area": AREA}))]
CountPhrase = Annotated[str, Field(min_length=1), AfterValidator(_phrase_check(
    {"count": SLOTS["count"], "total": SLOTS["total"]}))]
TermPhrase = Annotated[str, Field(min_length=1), AfterValidator(_check_term)]
Pattern = Annotated[str, Field(min_length=1), AfterValidator(_check_pattern)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KindFormat(Strict):
    """What is particular to one kind of publication."""

    example: str = Field(min_length=1)
    title_lines: list[AreaPhrase] = Field(default_factory=list)
    titles: list[AreaPhrase] = Field(default_factory=list)
    title: str = ""
    area_sentences: list[AreaPhrase] = Field(default_factory=list)
    dated: bool = True
    nested_headings: bool = True
    findings_after_first_heading: bool = False
    recommendation_tables: list[Section] = Field(default_factory=list)

    @model_validator(mode="after")
    def _title_names_the_area(self) -> KindFormat:
        if self.titles and "{area}" not in self.title:
            raise ValueError("title: with titles, give the title as recorded, with {area}")
        return self


class Inspection2016Format(KindFormat):
    outcomes: dict[Literal["wsoa", "no-wsoa"], list[Phrase]]
    unstated_outcome: Literal["wsoa", "no-wsoa"]


class RevisitFormat(KindFormat):
    verdicts: dict[Literal["sufficient-progress", "insufficient-progress"], list[Phrase]]
    summary: list[CountPhrase] = Field(default_factory=list)
    summary_none: list[Phrase] = Field(default_factory=list)
    summary_paragraph: list[CountPhrase] = Field(default_factory=list)
    history_intro: list[Phrase] = Field(default_factory=list)


class AreaSend2023Format(KindFormat):
    outcomes: dict[Literal["systemic-failings", "inconsistent", "positive"], list[Phrase]]


class Kinds(Strict):
    inspection_2016: Inspection2016Format = Field(alias="inspection-2016")
    revisit: RevisitFormat
    area_send_2023: AreaSend2023Format = Field(alias="area-send-2023")


class AreaName(Strict):
    run_on: list[Phrase] = Field(default_factory=list)
    prefixes: list[Phrase] = Field(default_factory=list)
    suffixes: list[Phrase] = Field(default_factory=list)


class Dates(Strict):
    examples: list[str] = Field(min_length=1)
    labels: list[Phrase] = Field(default_factory=list)
    previous: list[Phrase] = Field(default_factory=list)
    single_labels: list[Phrase] = Field(default_factory=list)
    opening: list[Phrase] = Field(default_factory=list)
    closing: list[Phrase] = Field(default_factory=list)


class Heading(Strict):
    section: Section
    level: int = Field(ge=1, le=9)
    phrases: list[Phrase] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_something(self) -> Heading:
        if not self.phrases and not self.patterns:
            raise ValueError("a heading needs phrases or patterns")
        return self


class WsoaListIntro(Strict):
    names: list[Phrase] = Field(min_length=1)
    then: list[Phrase] = Field(min_length=1)


class Passages(Strict):
    salutation: list[Phrase] = Field(default_factory=list)
    back_matter: list[Phrase] = Field(default_factory=list)
    headings: list[Heading] = Field(min_length=1)
    heading_prefixes: list[Phrase] = Field(default_factory=list)
    context_openings: list[Phrase] = Field(default_factory=list)
    wsoa_list_intro: WsoaListIntro


class Quotes(Strict):
    refers_back: list[Phrase] = Field(default_factory=list)
    points_back: list[Phrase] = Field(default_factory=list)
    consequence: list[Phrase] = Field(default_factory=list)


class LettersFile(Strict):
    """``rules/letters.yaml``."""

    terms: dict[str, list[TermPhrase]] = Field(default_factory=dict)
    kinds: Kinds
    area_name: AreaName
    dates: Dates
    passages: Passages
    running_titles: list[Phrase] = Field(default_factory=list)
    quotes: Quotes

    @field_validator("terms")
    @classmethod
    def _term_names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            if not _NAME.match(f"{{{name}}}") or name in SLOTS:
                raise ValueError(f"term name {name!r}: lower-case letters, digits, - and _, "
                                 f"and not a slot ({', '.join(SLOTS)})")
            if not phrases:
                raise ValueError(f"term {name!r} is empty")
        return value


# --- compiled --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of publication, compiled."""

    name: str
    spec: KindFormat
    title_lines: tuple[re.Pattern[str], ...]  # each the whole of a paragraph
    titles: Phrases
    area_sentences: Phrases


@dataclass(frozen=True)
class Letters:
    """``rules/letters.yaml``, compiled: what ``metadata``, ``structure``, ``importer`` and
    ``cite`` read letters with."""

    source: str
    data: LettersFile
    kinds: dict[str, Kind]
    # metadata
    outcomes_2023: dict[str, Phrases]
    wsoa_outcome: Labelled
    verdicts: Labelled
    summary: Phrases
    summary_none: Phrases
    area_run_on: re.Pattern[str]
    area_prefix: re.Pattern[str]
    area_suffix: re.Pattern[str]
    date_label: re.Pattern[str]
    previous_dates: re.Pattern[str]
    date_sentence: re.Pattern[str]
    single_date_label: Phrases
    # structure
    headings: tuple[tuple[Phrases, tuple[re.Pattern[str], ...], int, str], ...]
    heading_prefix: re.Pattern[str]
    back_matter: re.Pattern[str]
    salutation: Phrases
    context_opening: re.Pattern[str]
    wsoa_list_intro: re.Pattern[str]
    summary_paragraph: Phrases
    history_intro: re.Pattern[str]
    # importer
    running_title: re.Pattern[str]
    # cite
    refers_back: Phrases
    points_back: Phrases
    consequence: Phrases

    def kind(self, name: str) -> KindFormat:
        return self.kinds[name].spec


def letters_file() -> Path:
    """The shipped file: ``rules/letters.yaml`` (``sendcheck/rules`` in the wheel)."""
    return builtin_rules_dir() / "letters.yaml"


def _line_of(node: yaml.Node | None, loc: tuple, key: bool) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location, as far as it resolves;
    with ``key``, the line of the last key itself (a misspelt key whose value is a block list
    is reported where the key is, not at the list's first item)."""
    line = node.start_mark.line + 1 if node is not None else None
    for depth, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            last = depth == len(loc) - 1
            line = pair[0].start_mark.line + 1 if key and last else pair[1].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and \
                part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _validate(path: Path) -> LettersFile:
    data, text = _read_yaml(path)
    terms = data.get("terms") if isinstance(data, dict) else None
    context = {"terms": {name: phrases for name, phrases in terms.items()
                         if isinstance(phrases, list) and all(isinstance(p, str) for p in phrases)}
               if isinstance(terms, dict) else {}}
    try:
        return LettersFile.model_validate(data, context=context)
    except ValidationError as exc:
        node = yaml.compose(text, Loader=YAML_LOADER)
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        where = ".".join(str(part) for part in first["loc"]) or "file"
        message = first["msg"].removeprefix("Value error, ")
        line = _line_of(node, first["loc"], key=first["type"] == "extra_forbidden")
        raise RuleFileError(str(path), line, f"{where}: {message}") from None


def _compile(path: Path, spec: LettersFile) -> Letters:
    terms = spec.terms
    kinds = spec.kinds

    def phrases(values: list[str], **options) -> Phrases:
        return Phrases(values, terms, **options)

    def alternation(values: list[str]) -> str:
        return phrases(values, slots={}).source

    compiled_kinds = {}
    for name, kind in (("inspection-2016", kinds.inspection_2016), ("revisit", kinds.revisit),
                       ("area-send-2023", kinds.area_send_2023)):
        compiled_kinds[name] = Kind(
            name, kind,
            title_lines=tuple(
                re.compile(phrase_regex(line, terms, {"area": AREA_TO_END}) + r"\s*$", re.I)
                for line in kind.title_lines),
            titles=phrases(kind.titles), area_sentences=phrases(kind.area_sentences))
    dates = spec.dates
    passages = spec.passages
    intro = passages.wsoa_list_intro
    return Letters(
        source=str(path),
        data=spec,
        kinds=compiled_kinds,
        outcomes_2023={outcome: phrases(values)
                       for outcome, values in kinds.area_send_2023.outcomes.items()},
        wsoa_outcome=Labelled(dict(kinds.inspection_2016.outcomes), terms),
        verdicts=Labelled(dict(kinds.revisit.verdicts), terms),
        summary=phrases(kinds.revisit.summary),
        summary_none=phrases(kinds.revisit.summary_none),
        # "... in Wiltshire Between 29 January ...": a title run together with the next line
        area_run_on=re.compile(rf"\s+{alternation(spec.area_name.run_on)}|\s+\d"),
        area_prefix=re.compile(rf"^{alternation(spec.area_name.prefixes)}\s+", re.I),
        area_suffix=re.compile(rf"\s+{alternation(spec.area_name.suffixes)}$", re.I),
        date_label=re.compile(rf"{alternation(dates.labels)}\s*:?\s*(?P<rest>.{{0,120}})", re.I),
        previous_dates=re.compile(alternation(dates.previous), re.I),
        date_sentence=re.compile(rf"{alternation(dates.opening)}\s+(?P<rest>.{{0,100}}?),?\s+"
                                 rf"{alternation(dates.closing)}", re.I),
        single_date_label=phrases(dates.single_labels, slots={}),
        headings=tuple(
            (phrases(h.phrases, slots={}), tuple(re.compile(p) for p in h.patterns), h.level,
             h.section) for h in passages.headings),
        heading_prefix=re.compile(rf"^{alternation(passages.heading_prefixes)}\s+", re.I),
        back_matter=re.compile(rf"^{alternation(passages.back_matter)}", re.I),
        salutation=phrases(passages.salutation, slots={}),
        context_opening=re.compile(rf"^{alternation(passages.context_openings)}", re.I),
        wsoa_list_intro=re.compile(rf"{alternation(intro.names)}.{{0,200}}"
                                   rf"{alternation(intro.then)}.{{0,40}}:\s*$", re.I),
        summary_paragraph=phrases(kinds.revisit.summary_paragraph),
        history_intro=re.compile(rf"^{alternation(kinds.revisit.history_intro)}.*:$", re.I),
        running_title=re.compile(rf"^{alternation(spec.running_titles)}.{{0,80}}$", re.I),
        refers_back=phrases(spec.quotes.refers_back, slots={}),
        points_back=phrases(spec.quotes.points_back, slots={}),
        consequence=phrases(spec.quotes.consequence, slots={}),
    )


@cache
def load_letters(path: str | None = None) -> Letters:
    """``rules/letters.yaml`` (or the file at ``path``), validated and compiled, once. Any
    problem is a ``RuleFileError`` naming the file and, where it can, the line."""
    where = Path(path) if path else letters_file()
    if not where.is_file():
        raise RuleFileError(str(where), None, "letter formats file not found")
    return _compile(where, _validate(where))
