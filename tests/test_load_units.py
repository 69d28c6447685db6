"""The small rules the readers share: hyphen rejoining and heading-like wording."""

from __future__ import annotations

import pytest

from sendcheck.load.hyphens import join_lines, vocabulary
from sendcheck.load.textutil import looks_like_heading, starts_list_item

WORDS = vocabulary(["The reviews and the co-production group met.", "decision-making"])


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("our partner", "ship works", "our partnership works"),
    ("the re", "views were late", "the reviews were late"),          # rule 1: "reviews" is used
    ("decision", "making", "decision-making"),                       # rule 1: hyphenated form used
    ("the Muti", "Agency Panel", "the Muti-Agency Panel"),            # rule 2: capital
    ("an 18", "month wait", "an 18-month wait"),                     # rule 2: digit
    ("out-of", "area places", "out-of-area places"),                 # rule 3
    ("open-government", "licence/", "open-government-licence/"),     # rule 3
    ("well", "considered plans", "well-considered plans"),           # rule 4: prefix
    ("city", "wide offer", "city-wide offer"),                       # rule 4: tail
    ("chil", "dren", "children"),                                    # rule 5
])
def test_hyphen_rule(left, right, joined):
    assert join_lines([left + "-", right], WORDS) == joined


def test_lines_join_with_spaces_and_dashes_are_not_hyphens():
    assert join_lines(["waits fell -", "a lot", "  in 2024 "], WORDS) == "waits fell - a lot in 2024"


@pytest.mark.parametrize(("line", "heading"), [
    ("Main findings", True),
    ("What is it like to be a child or young person with SEND in this area?", True),
    ("Areas for improvement:", True),
    ("Leaders across the partnership should improve communication to:", False),
    ("The area has made sufficient progress.", False),
    ("Dear Mr Haley and Ms May", False),
    ("Ofsted Agora Nottingham NG1 6HJ", False),
    ("www.gov.uk/ofsted", False),
    ("15 November 2021", False),
    ("- a list item", False),
])
def test_heading_wording(line, heading):
    assert looks_like_heading(line) is heading


@pytest.mark.parametrize(("line", "previous", "item"), [
    ("\u2022 Waits fell", "and the partnership", True),
    ("24) following assessment", "young people aged 12 to", False),
    ("2) publish the plan", "The partnership should:", True),
    ("(b) train staff", "recruit a DCO; and", True),
    ("- waits fell", None, True),
    ("Waits fell", None, False),
])
def test_list_markers_after_a_wrapped_line(line, previous, item):
    assert starts_list_item(line, previous) is item
