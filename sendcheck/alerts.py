"""Document-wide alerts: personal data a published SEF must not carry, and a draft that admits
no weakness at all.

SEFs are published and shared. A child named with an age or a condition, an NHS number or a
date of birth in a case study is a data breach waiting to happen; so is "2 pupils" in a table
that could identify a family. Formats (NHS number check digit, UPN shape, e-mail and phone
shapes) are code; the words that tell a child from a service are cue data in ``rules/cues``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .models import Alert, Block, Document, Finding
from .rulepack import PersonalDataCues

DIGIT = re.compile(r"\d")
NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
UPN = re.compile(r"\b([A-HJ-NP-TV-Z]\d{11}[0-9A-HJ-NP-TV-Z])\b")
EMAIL = re.compile(r"\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+)((?:\.[A-Za-z0-9-]+)+)\b")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?7\d{3}|07\d{3})\s?\d{3}\s?\d{3}(?!\d)"
                   r"|(?<!\d)(?:\+44\s?|0)(?:1|2|3)\d{2,3}\s?\d{3}\s?\d{3,4}(?!\d)")
DATE_OF_BIRTH = re.compile(r"\b(date of birth|d\.?o\.?b\.?|born on|born in)\b", re.IGNORECASE)
BIRTH_WORDS = ("birth", "born", "ob", "o.b")  # DATE_OF_BIRTH cannot match without one
NUMBER_WORDS = ("one", "two", "three", "four", "five")
NAMED_CHILD = re.compile(
    r"\b([A-Z][a-z]{2,})(?:,\s*| \()(?:aged?\s*)?(\d{1,2})(?:\)|,| years? old\b| year-old\b)"
)
SERVICE_WINDOW = 40  # characters either side of a phone number searched for service words


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit: what tells one from any ten digits."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_mobile(number: str) -> bool:
    """UK mobile numbers start 07, or +44 7: the ones a person, not a service, answers."""
    digits = re.sub(r"\D", "", number)
    national = digits[2:] if digits.startswith("44") else digits.removeprefix("0")
    return national.startswith("7")


def _near(text: str, start: int, end: int, words: list[str]) -> bool:
    window = text[max(0, start - SERVICE_WINDOW) : end + SERVICE_WINDOW].lower()
    return any(re.search(rf"\b{re.escape(w.lower())}\b", window) for w in words)


def _holds(lower: str, words: tuple[str, ...]) -> bool:
    return any(word in lower for word in words)


def _small_count(cues: PersonalDataCues) -> re.Pattern | None:
    if not cues.child_nouns:
        return None
    numbers = "|".join(str(n) for n in range(1, cues.small_count_max + 1))
    words = "|".join(NUMBER_WORDS)
    nouns = "|".join(re.escape(n) for n in sorted(cues.child_nouns, key=len, reverse=True))
    return re.compile(
        rf"(?<![\d.,%£$])\b(?:{numbers}|{words})\s+(?:\w+\s+)?(?:{nouns})(?:s|ren)?\b(?!\s*%)",
        re.IGNORECASE,
    )


def personal_data_alerts(document: Document, cues: PersonalDataCues) -> list[Alert]:
    small = _small_count(cues)
    alerts: list[Alert] = []
    for block in document.blocks:
        alerts.extend(_block_alerts(block, cues, small))
    return alerts


def _block_alerts(block: Block, cues: PersonalDataCues, small: re.Pattern | None) -> Iterator[Alert]:
    text = block.text

    def alert(message: str, found: str) -> Alert:
        return Alert(kind="personal-data", message=message, text=found, location=block.location)

    # Most passages hold no digit and no "@", and none of the words a date of birth or a small
    # count needs: then those shapes cannot match, and are not searched for (regular expressions
    # tried at every word were most of the time this step took).
    digits = DIGIT.search(text) is not None
    lower = text.lower()
    for match in NHS_NUMBER.finditer(text) if digits else ():
        if nhs_number_is_valid("".join(match.groups())):
            yield alert("an NHS number: remove it before the SEF is shared", match.group(0))
    for match in UPN.finditer(text) if digits else ():
        yield alert("what looks like a unique pupil number: remove it", match.group(0))
    for match in DATE_OF_BIRTH.finditer(text) if _holds(lower, BIRTH_WORDS) else ():
        yield alert("a date of birth: remove it, and any detail that identifies the child",
                    text[match.start() : match.end() + 20].strip())
    for match in NAMED_CHILD.finditer(text) if digits else ():
        yield alert("a child named with their age: use an initial or 'a child' instead",
                    match.group(0))
    for match in EMAIL.finditer(text) if "@" in text else ():
        local, domain = match.group(1).lower(), match.group(2).lower()
        personal_domain = domain in cues.personal_email_domains
        named_person = "." in local and local not in cues.role_mailboxes
        if personal_domain or (named_person and not _near(text, *match.span(), cues.service_words)):
            yield alert("a personal e-mail address: give a team mailbox instead", match.group(0))
    for match in PHONE.finditer(text) if digits else ():
        if _is_mobile(match.group(0)) and not _near(text, *match.span(), cues.service_words):
            yield alert("a personal phone number: give a service line instead", match.group(0))
    if small and (digits or _holds(lower, NUMBER_WORDS)):
        for match in small.finditer(text):
            yield alert("a very small count of children, which could identify them: "
                        "give a percentage or say 'fewer than 5'", match.group(0))


def no_weakness_alert(findings: list[Finding]) -> list[Alert]:
    """Inspectors test a self-evaluation's accuracy: a draft that admits no gap is not credible."""
    if any(f.position in ("gap", "mixed") for f in findings):
        return []
    if not any(f.status != "missing" for f in findings):
        return []
    return [Alert(
        kind="no-weaknesses",
        message="the draft states no current weakness anywhere; inspectors test whether a "
                "self-evaluation is accurate, so name the gaps you know of and what you are doing",
    )]
