"""Rejoin words split by a hyphen at a line break.

Text copied from a PDF breaks lines inside words. The hyphen is either a real one ("co-" +
"production") or one the typesetter added ("chil-" + "dren"), and only the document can say
which. The rule, in order:

1. if the document elsewhere writes the hyphenated form, keep the hyphen; if it writes the
   joined form, join;
2. keep the hyphen unless the left part ends in a lowercase letter and the right part starts with
   one ("Muti-Agency", "18-month", "Stoke-on-Trent" keep theirs);
3. keep it when either side already holds a hyphen ("out-of-area", "open-government-licence");
4. keep it when the left part is a common compound prefix ("co", "well", "multi", "self", ...)
   or the right part a common compound tail ("wide", "term", "based", ...);
5. otherwise join ("ser-vices" -> "services").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PREFIXES = frozenset(
    "anti co cross day decision ex face full half high home inter joint key long low mid multi "
    "non one over part person post pre re school self semi short sub time two three four five six "
    "well year child".split()
)
TAILS = frozenset(
    "based centred centered led wide term time focused related specific making friendly "
    "level quality up old olds year".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The lowercased words and hyphenated compounds a document uses, for rule 1."""
    return frozenset(word.lower() for text in texts for word in _WORD.findall(text))


def join_lines(lines: list[str], words: frozenset[str]) -> str:
    """Wrapped lines as one string; a line ending in a hyphen is rejoined by the rule above."""
    fragments: list[str] = []
    for piece in (line.strip() for line in lines):
        previous = fragments[-1] if fragments else ""
        if previous.endswith("-") and previous[-2:-1].isalnum():
            fragments[-1] = previous[:-1] + break_hyphen(previous[:-1], piece, words)
        elif fragments:
            fragments.append(" ")
        fragments.append(piece)
    return "".join(fragments)


def break_hyphen(left: str, right: str, words: frozenset[str]) -> str:
    """"-" or "": what goes between ``left`` and ``right``, split at a line-break hyphen.

    Only the word fragments touching the break are judged.
    """
    head = re.search(r"[\w-]*$", left[-64:]).group()
    tail = re.match(r"[\w-]*", right[:64]).group()
    return "-" if _keeps_hyphen(head, tail, words) else ""


def _keeps_hyphen(head: str, tail: str, words: frozenset[str]) -> bool:
    last_head = head.rsplit("-", 1)[-1]
    first_tail = tail.split("-", 1)[0]
    if not last_head or not first_tail:
        return True
    if f"{last_head}-{first_tail}".lower() in words:
        return True
    if (last_head + first_tail).lower() in words:
        return False
    if not (last_head[-1].islower() and first_tail[0].islower()):
        return True
    if "-" in head or "-" in tail:
        return True
    return last_head.lower() in PREFIXES or first_tail.lower() in TAILS
