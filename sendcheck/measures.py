"""Evidence signals that are read from the shape of the text: figures, dates and quoted voices.

Signals that are words (comparison, trend, impact, voice) are cue lists in ``rules/cues``; the
ones here are about form, not vocabulary: a number is a figure whatever it counts, and a year or
a month is a date whatever it dates.
"""

from __future__ import annotations

import re

from spacy.attrs import IS_TITLE, LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .nlp import Words

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
MONTH_IDS = frozenset(get_string_id(month) for month in MONTHS)  # as spaCy stores LOWER
YEAR = re.compile(r"^(19[9]\d|20\d\d)$")
FIGURE = re.compile(r"^\d[\d,]*(\.\d+)?$")
QUOTED = re.compile(r"[\"“‘'][^\"”’']{12,}[\"”’']")


def is_year(text: str) -> bool:
    return bool(YEAR.match(text))


def _year_follows(words: Words, i: int, end: int) -> bool:
    """"May 2021" is a date; "may" the verb, even capitalised at a sentence start, is not."""
    return i + 1 < end and is_year(words.text[i + 1])


def figure_tokens(doc: Doc, names: set[int]) -> list[int]:
    """Indices of the tokens that may be figures or dates: numbers, and capitalised month names.

    ``names`` are token indices of numbers that name something rather than measure it ("20
    weeks" as the statutory timescale, "key stage 4"), from the cue list ``not_figures``; they
    are left out. Read from the tokens' flags as arrays, once per passage: making a Python token
    for every word cost more than the rest of this module.
    """
    return [
        i for i, (number, title, lower) in enumerate(doc.to_array([LIKE_NUM, IS_TITLE, LOWER]).tolist())
        if (number or (title and lower in MONTH_IDS)) and i not in names
    ]


def form_signals(words: Words, start: int, end: int, text: str,
                 figures: list[int]) -> set[str]:
    """``data`` for a figure that is not a year, ``date`` for a year or month, ``voice`` for a quote.

    The sentence is tokens ``start`` to ``end`` of ``words``, reading ``text``; ``figures`` are
    its tokens that may be figures or dates (``figure_tokens``).
    """
    signals: set[str] = set()
    for i in figures:
        token = words.text[i]
        if not token[0].isdigit():
            if token.lower() in MONTHS and (token != "May" or _year_follows(words, i, end)):
                signals.add("date")
        elif is_year(token):
            following = words.lower[i + 1] if i + 1 < end else ""
            signals.add("data" if following in ("%", "per", "percent") else "date")
        elif FIGURE.match(token):
            second_half_of_academic_year = (
                i - start >= 2 and words.text[i - 1] in "-/" and is_year(words.text[i - 2])
            )
            signals.add("date" if second_half_of_academic_year else "data")
    if QUOTED.search(text):
        signals.add("voice")
    return signals
