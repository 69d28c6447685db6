"""A letter's metadata from its own words: kind, area, inspection dates, letter date, outcome.

Three kinds of publication, each with its own wording:

* 2016-framework inspection letters: "Joint local area SEND inspection in X", "Between 29
  January 2018 and 2 February 2018, Ofsted and the Care Quality Commission (CQC) conducted a
  joint inspection", and a Written Statement of Action "is required" (or nothing said: none).
* revisit letters: "Joint area SEND revisit in X", "Between 10 and 12 February 2020 ... revisited
  the area", and per weakness "The area has (not) made sufficient progress ...".
* 2023-framework reports: "Area SEND inspection of X Local Area Partnership", "Inspection dates:
  17 to 21 June 2024", and one of three outcome sentences.

Plain regular expressions with month names: the phrasing is formulaic, and a wrong guess is
worse than none, so anything not found is reported rather than invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import SendcheckError

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"(?:\s*(?:to|and|until|-|\u2013|\u2014)\s*)"
DATE = re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b", re.I)
RANGE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>{_YEAR}))?{_SEP}"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})\b", re.I)

NUMBER_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen".split())}

_SEND = (r"(?:SEND|SEN\s+and/or\s+disabilit(?:y|ies)|special\s+educational\s+needs\s+and/or\s+"
         r"disabilit(?:y|ies)(?:\s*\(SEND\))?)")
_AREA = r"(?P<area>[A-Z][\w'\u2019&.,-]*(?:\s+(?:[\w'\u2019&.,-]+)){0,7}?)"
TITLE_2023 = re.compile(rf"Area\s+SEND\s+(?:full\s+)?inspection\s+of\s+(?:the\s+)?{_AREA}\s+"
                        r"Local\s+Area\s+Partnership\b", re.I)
FOOTER_2023 = re.compile(rf"Area\s+SEND\s+inspection\s+report:\s+(?:the\s+)?{_AREA}\s+Local\s+"
                         r"Area\s+Partnership\b", re.I)
TITLE_REVISIT = re.compile(rf"^Joint\s+(?:local\s+)?area\s+{_SEND}\s+re-?visit\s+in\s+(?:the\s+)?"
                           r"(?P<area>.+?)\s*$", re.I)
TITLE_2016 = re.compile(rf"^Joint\s+local\s+area\s+{_SEND}\s+inspection\s+in\s+(?:the\s+)?"
                        r"(?P<area>.+?)\s*$", re.I)
BODY_REVISIT = re.compile(rf"revisited\s+the\s+(?:local\s+)?area\s+of\s+{_AREA}\s+to\s+", re.I)
BODY_2016 = re.compile(rf"joint\s+inspection\s+of\s+the\s+local\s+area\s+of\s+{_AREA}\s+to\s+",
                       re.I)

OUTCOMES_2023 = (
    ("systemic-failings", re.compile(r"widespread\s+and/or\s+systemic\s+failings", re.I)),
    ("inconsistent", re.compile(r"lead\s+to\s+inconsistent\s+experiences\s+and\s+outcomes", re.I)),
    ("positive", re.compile(r"typically\s+lead\s+to\s+positive\s+experiences\s+and\s+outcomes",
                            re.I)),
)
_WSOA = r"(?:written\s+statement\s+of\s+action|WSOA)"
WSOA_REQUIRED = re.compile(
    rf"(?:{_WSOA}(?:\s*\(WSOA\))?\s+(?P<neg1>is\s+not|is)\s+required"
    rf"|required\s+to\s+(?:produce\s+and\s+)?submit\s+(?:a\s+)?{_WSOA}"
    rf"|(?P<neg2>not\s+required\s+to\s+(?:produce\s+and\s+)?submit\s+(?:a\s+)?{_WSOA}))", re.I)
REVISIT_DECISION = re.compile(
    r"has\s+(?P<not>not\s+)?made\s+sufficient\s+progress\s+(?:in\s+addressing|to\s+improve|"
    r"in\s+improving|against)\s+this\b", re.I)
REVISIT_SUMMARY = re.compile(
    r"has\s+made\s+sufficient\s+progress\s+in\s+addressing\s+(?P<n>all|none|any|\w+)\s+of\s+the"
    r"(?:\s+(?P<m>\w+))?\s+(?:significant\s+)?(?:areas\s+of\s+)?weakness(?:es)?", re.I)
REVISIT_SUMMARY_NONE = re.compile(
    r"has\s+not\s+made\s+sufficient\s+progress\s+in\s+addressing\s+(?:any|all)\s+of\s+the", re.I)


class MetadataError(SendcheckError):
    """The text does not read as an Ofsted/CQC area SEND letter or report."""


@dataclass
class Metadata:
    kind: str
    area: str
    title: str
    inspection_start: date
    inspection_end: date
    published: date | None
    outcome: str
    progress: tuple[int, int] | None = None
    title_index: int | None = None  # the block holding the title, where passages begin


def extract(texts: list[str]) -> Metadata:
    """The metadata of a letter whose blocks (in reading order) are ``texts``."""
    joined = " ".join(texts)
    kind, area, title, title_index = _kind_and_area(texts, joined)
    start, end = inspection_dates(texts, kind)
    published = letter_date(texts, title_index, kind)
    progress = None
    if kind == "area-send-2023":
        outcome = _outcome_2023(texts)
    elif kind == "inspection-2016":
        outcome = _outcome_2016(joined)
    else:
        progress = revisit_progress(texts)
        if progress is None:
            raise MetadataError("a revisit letter, but no sentence says whether the area made "
                                "sufficient progress")
        outcome = "sufficient-progress" if progress[0] == progress[1] else "insufficient-progress"
    return Metadata(kind=kind, area=area, title=title, inspection_start=start,
                    inspection_end=end, published=published, outcome=outcome, progress=progress,
                    title_index=title_index)


def _kind_and_area(texts: list[str], joined: str) -> tuple[str, str, str, int | None]:
    head = texts[:60]
    for index, text in enumerate(head):
        for kind, pattern in (("revisit", TITLE_REVISIT), ("inspection-2016", TITLE_2016)):
            match = pattern.match(text) if len(text) < 200 else None
            if match:
                return kind, clean_area(match["area"]), text, index
    # A 2023 report's title may be split over blocks by hard wrapping: look in the joined text.
    for pattern in (TITLE_2023, FOOTER_2023):
        match = pattern.search(" ".join(head))
        if match:
            index = _block_of(head, match.end() - 1)
            return ("area-send-2023", clean_area(match["area"]),
                    f"Area SEND inspection of {clean_area(match['area'])} Local Area Partnership",
                    index)
    for kind, pattern in (("revisit", BODY_REVISIT), ("inspection-2016", BODY_2016)):
        match = pattern.search(joined[:20000])
        if match:
            return kind, clean_area(match["area"]), "", None
    raise MetadataError("not an Ofsted/CQC area SEND letter or report (no title such as 'Joint "
                        "local area SEND inspection in ...', 'Joint area SEND revisit in ...' or "
                        "'Area SEND inspection of ... Local Area Partnership')")


def _block_of(texts: list[str], offset: int) -> int:
    position = 0
    for index, text in enumerate(texts):
        position += len(text) + 1
        if offset < position:
            return index
    return len(texts) - 1


def clean_area(area: str) -> str:
    area = " ".join(area.split())
    # A title run together with the next line ("... in Wiltshire Between 29 January ...").
    area = re.split(r"\s+(?:Between|From|On|Dear|Ofsted|Inspection)\b|\s+\d", area)[0]
    area = area.strip(" .,:;")
    area = re.sub(r"^the\s+", "", area, flags=re.I)
    area = re.sub(r"\s+(?:local\s+area(?:\s+partnership)?|local\s+authority)$", "", area,
                  flags=re.I)
    return area


def _to_date(day: str, month: str, year: str) -> date:
    return date(int(year), MONTHS[month.lower().rstrip(".")], int(re.sub(r"\D", "", day)))


def parse_range(text: str) -> tuple[date, date] | None:
    """The first date range in ``text``: "29 January 2018 and 2 February 2018", "17 to 21 June
    2024", "23 September to 27 September 2024", "10 and 12 February 2020"."""
    match = RANGE.search(text)
    if not match:
        return None
    try:
        end = _to_date(match["d2"], match["m2"], match["y2"])
        start = _to_date(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"])
        if start > end and not match["y1"]:  # "30 December to 3 January 2020"
            start = start.replace(year=start.year - 1)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def inspection_dates(texts: list[str], kind: str) -> tuple[date, date]:
    joined = " ".join(texts[:80])
    candidates = []
    labelled = re.search(r"Inspection\s+dates?\s*:?\s*(?P<rest>.{0,120})", joined, re.I)
    if labelled:
        rest = re.split(r"Dates?\s+of\s+(?:the\s+)?previous", labelled["rest"], flags=re.I)[0]
        candidates.append(rest)
    between = re.search(r"\b(?:Between|From)\s+(?P<rest>.{0,100}?),?\s+Ofsted\b", joined, re.I)
    if between:
        candidates.append(between["rest"])
    for text in candidates:
        found = parse_range(text)
        if found:
            return found
    single = re.search(rf"Inspection\s+date\s*:?\s*({DATE.pattern})", joined, re.I)
    if single:
        day = DATE.search(single.group(1))
        when = _to_date(day["d"], day["m"], day["y"])
        return when, when
    raise MetadataError("no inspection dates found (such as 'Inspection dates: 17 to 21 June "
                        "2024' or 'Between 29 January 2018 and 2 February 2018, Ofsted ...')")


def letter_date(texts: list[str], title_index: int | None, kind: str) -> date | None:
    """The date a letter is dated (its publication): a date standing alone before the title.

    2023-framework reports carry no such date, so theirs is None unless stated."""
    if kind == "area-send-2023":
        return None
    stop = title_index if title_index is not None else min(len(texts), 30)
    for text in texts[:stop]:
        if RANGE.search(text):
            continue
        match = DATE.search(text)
        if match and len(text) < 200:
            try:
                return _to_date(match["d"], match["m"], match["y"])
            except ValueError:
                continue
    return None


def _outcome_2023(texts: list[str]) -> str:
    # The outcome sentence comes first, under "Inspection outcome"; later text may quote others.
    for text in texts:
        for outcome, pattern in OUTCOMES_2023:
            if pattern.search(text):
                return outcome
    raise MetadataError("an area SEND report, but its inspection outcome sentence was not found")


def _outcome_2016(joined: str) -> str:
    for match in WSOA_REQUIRED.finditer(joined):
        negated = (match["neg1"] or "").lower().startswith("is not") or match["neg2"]
        return "no-wsoa" if negated else "wsoa"
    return "no-wsoa"


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def revisit_progress(texts: list[str]) -> tuple[int, int] | None:
    """(weaknesses with sufficient progress, weaknesses): from the verdict under each weakness,
    checked against the summary ("sufficient progress in addressing six of the eight")."""
    verdicts = [not match["not"] for text in texts for match in REVISIT_DECISION.finditer(text)]
    joined = " ".join(texts)
    summary = None
    match = REVISIT_SUMMARY.search(joined)
    if match:
        total = _number(match["m"])
        if match["n"].lower() == "all":
            summary = (total or len(verdicts) or None, total or len(verdicts) or None)
        elif match["n"].lower() not in ("none", "any"):
            summary = (_number(match["n"]), total)
    elif REVISIT_SUMMARY_NONE.search(joined):
        summary = (0, len(verdicts) or None)
    if verdicts:
        return sum(verdicts), len(verdicts)
    if summary and summary[0] is not None and summary[1]:
        return summary  # type: ignore[return-value]
    return None
