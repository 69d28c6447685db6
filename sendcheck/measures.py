"""Evidence signals that are read from the shape of the text: figures, dates and quoted voices.

Signals that are words (comparison, trend, impact, voice) are cue lists in ``rules/cues``; the
ones here are about form, not vocabulary: a number is a figure whatever it counts, and a year or
a month is a date whatever it dates.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
YEAR = re.compile(r"^(19[9]\d|20\d\d)$")
FIGURE = re.compile(r"^\d[\d,]*(\.\d+)?$")
QUOTED = re.compile(r"[\"“‘'][^\"”’']{12,}[\"”’']")


def is_year(text: str) -> bool:
    return bool(YEAR.match(text))


def _year_follows(tokens: list, i: int) -> bool:
    """"May 2021" is a date; "may" the verb, even capitalised at a sentence start, is not."""
    return i + 1 < len(tokens) and is_year(tokens[i + 1].text)


def form_signals(sentence: Span, names: set[int]) -> set[str]:
    """``data`` for a figure that is not a year, ``date`` for a year or month, ``voice`` for a quote.

    ``names`` are token indices (in the sentence's doc) of numbers that name something rather
    than measure it ("20 weeks" as the statutory timescale, "key stage 4"), from the cue list
    ``not_figures``.
    """
    signals: set[str] = set()
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        # Flags first (set in C when the token was made): most tokens are neither numbers
        # nor capitalised, and need no string work at all.
        if not (token.like_num or token.is_title) or token.i in names:
            continue
        text = token.text
        if not text[0].isdigit():
            if token.lower_ in MONTHS and (text != "May" or _year_follows(tokens, i)):
                signals.add("date")
        elif is_year(text):
            following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            signals.add("data" if following in ("%", "per", "percent") else "date")
        elif FIGURE.match(text):
            second_half_of_academic_year = (
                i >= 2 and tokens[i - 1].text in "-/" and is_year(tokens[i - 2].text)
            )
            signals.add("date" if second_half_of_academic_year else "data")
    if QUOTED.search(sentence.text):
        signals.add("voice")
    return signals
