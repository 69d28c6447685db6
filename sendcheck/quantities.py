"""Figures and dates read from a sentence: what a number is (a percentage, a wait in weeks),
which year it is for, and what a date says.

Word forms only: what a figure measures is decided by the rule pack's benchmark terms, not here.
Dates are parsed with python-dateutil once a date-shaped phrase (day? month year) is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as date_parser
from spacy.tokens import Span

from .measures import MONTHS, is_year

PERCENT_WORDS = {"%", "percent", "per"}
WEEKS_PER = {"week": 1.0, "weeks": 1.0, "month": 4.345, "months": 4.345, "year": 52.18,
             "years": 52.18, "day": 1 / 7, "days": 1 / 7}
NUMBER = re.compile(r"^\d[\d,]*(\.\d+)?$")
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


LOWER_BOUND = ("more than", "over", "beyond", "longer than", "at least", "above", "in excess of")
# "waits of up to 18 months" reports the longest wait: read as the figure, not as a bound.
UPPER_BOUND = ("less than", "under", "within", "fewer than", "no more than", "below",
               "no longer than", "at most")


@dataclass(frozen=True)
class Figure:
    """A number with its unit, where it is (token indices in the document), and whether the
    text gives it as exact or as a bound ("more than 18 weeks" is at least 18)."""

    value: float
    unit: str  # "percent" or "weeks"
    start: int
    end: int
    text: str
    bound: str = "exact"  # or "lower", "upper"


@dataclass(frozen=True)
class DateMention:
    when: date
    start: int
    end: int
    text: str


def _number(text: str) -> float | None:
    lowered = text.lower()
    if lowered in WORD_NUMBERS:
        return float(WORD_NUMBERS[lowered])
    if NUMBER.match(text):
        return float(text.replace(",", ""))
    return None


def _bound(sentence: Span, index: int) -> str:
    """"more than 18 weeks" is a lower bound, "within 18 weeks" an upper one; a negation before
    it turns a lower bound upper ("no child waits more than 18 weeks")."""
    before = " ".join(t.lower_ for t in list(sentence)[max(0, index - 3) : index])
    negated = any(t.lower_ in ("no", "not", "none", "never", "n't") for t in list(sentence)[:index])
    if any(before.endswith(phrase) for phrase in UPPER_BOUND):
        return "upper"
    if any(before.endswith(phrase) for phrase in LOWER_BOUND):
        return "upper" if negated else "lower"
    return "exact"


def figures_in(sentence: Span) -> list[Figure]:
    """Percentages ("43%", "43 per cent") and durations ("41 weeks", "two years", in weeks)."""
    tokens = list(sentence)
    figures = []
    for i, token in enumerate(tokens):
        value = _number(token.text)
        if value is None or (is_year(token.text) and value > 1900):
            continue
        following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if following in PERCENT_WORDS:
            end = i + 3 if following == "per" else i + 2
            figures.append(Figure(value, "percent", token.i, tokens[0].i + end,
                                  sentence.doc[token.i : tokens[0].i + end].text,
                                  _bound(sentence, i)))
        elif following in WEEKS_PER:
            figures.append(Figure(value * WEEKS_PER[following], "weeks", token.i, token.i + 2,
                                  sentence.doc[token.i : token.i + 2].text, _bound(sentence, i)))
    return figures


def current_figure(sentence: Span, figures: list[Figure]) -> Figure | None:
    """The area's own current figure: the first, unless a trend names it ("from 98 to 41").
    None when the only figures are where a trend started ("fallen from 41 weeks to 18
    weeks", whose end names a standard and is no figure): the past is not judged."""
    doc = sentence.doc

    def after(figure: Figure, word: str) -> bool:
        return figure.start > 0 and doc[figure.start - 1].lower_ == word

    for figure in figures:
        if after(figure, "to") and any(after(other, "from") for other in figures):
            return figure
    return next((figure for figure in figures if not after(figure, "from")), None)


def years_in(sentence: Span) -> list[int]:
    """Years named in the sentence; an academic year ("2023/24", "2023-24") counts as its end."""
    tokens = list(sentence)
    years = []
    for i, token in enumerate(tokens):
        if not is_year(token.text):
            continue
        nxt = tokens[i + 2].text if i + 2 < len(tokens) else ""
        if i + 1 < len(tokens) and tokens[i + 1].text in "-/–" and len(nxt) == 2 and nxt.isdigit():
            years.append(int(token.text[:2] + nxt))
        else:
            years.append(int(token.text))
    return years


def dates_in(sentence: Span) -> list[DateMention]:
    """Dates such as "2 November 2026", "May 2021" or "in 2021"."""
    tokens = list(sentence)
    mentions = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lower_ in MONTHS and i + 1 < len(tokens) and is_year(tokens[i + 1].text):
            start = i - 1 if i > 0 and tokens[i - 1].text.isdigit() and len(tokens[i - 1]) <= 2 else i
            text = sentence.doc[tokens[start].i : tokens[i + 1].i + 1].text
            try:
                when = date_parser.parse(text, default=datetime(2000, 1, 1)).date()
            except (ValueError, OverflowError):
                i += 1
                continue
            mentions.append(DateMention(when, tokens[start].i, tokens[i + 1].i + 1, text))
            i += 2
            continue
        if is_year(token.text) and i > 0 and tokens[i - 1].lower_ in ("in", "since", "during"):
            # A bare year is read as its last day: the kindest reading of "reviewed in 2021".
            mentions.append(DateMention(date(int(token.text), 12, 31), token.i, token.i + 1,
                                        token.text))
        i += 1
    return mentions


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
