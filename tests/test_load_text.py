"""Plain text and Markdown: paragraphs, headings, lists, tables, line numbers and encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendcheck.load import load_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
LETTERS = SHARED / "corpus" / "letters"
EFFECTIVE = "What is the area partnership doing that is effective?"


def load_text(tmp_path, text: str, name: str = "draft.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return load_document(str(path))


WRAPPED = """\
Joint area SEND revisit in Swindon

Between 11 October 2021 and 13 October 2021, Ofsted and the Care Quality
Commission revisited the area to decide whether sufficient progress has been
made.

Main findings

Area leaders used the findings from the previous inspection as a catalyst. The
partner-
ship is strong and the co-
production group meets monthly, with the local
authority



and health officers present.
- Waiting times have fallen
  for most pathways.
- Exclusions are falling.
"""


def test_plain_text_paragraphs_headings_lists_and_lines(tmp_path):
    document = load_text(tmp_path, WRAPPED)
    assert document.format == "text"
    blocks = [(b.kind, b.text, b.location.line) for b in document.blocks]
    assert blocks[0] == ("heading", "Joint area SEND revisit in Swindon", 1)
    assert blocks[1] == ("paragraph", "Between 11 October 2021 and 13 October 2021, Ofsted and the "
                         "Care Quality Commission revisited the area to decide whether sufficient "
                         "progress has been made.", 3)
    assert blocks[2] == ("heading", "Main findings", 7)
    assert blocks[3][1].endswith("catalyst. The partnership is strong and the co-production group "
                                 "meets monthly, with the local authority and health officers "
                                 "present.")
    assert blocks[3][2] == 9
    assert blocks[4] == ("list-item", "Waiting times have fallen for most pathways.", 18)
    assert blocks[5] == ("list-item", "Exclusions are falling.", 20)
    assert document.blocks[4].headings == ["Main findings"]
    assert document.blocks[4].location.section == "Main findings"


def test_hard_wrapped_report_splits_headings_and_paragraphs_without_blank_lines(tmp_path):
    text = ("Inspection outcome\n"
            "The local area partnership's arrangements typically lead to positive experiences\n"
            "and outcomes for children and young people with SEND. The partnership is taking\n"
            "action where improvements are needed.\n"
            "The next full area SEND inspection will be within approximately five years.\n"
            "What is the area partnership doing that is effective?\n"
            "\u25fc The partnership is ambitious for children and young people with SEND to be\n"
            "successful, and it knows its weaker outcomes well.\n")
    blocks = load_text(tmp_path, text).blocks
    assert [(b.kind, b.location.line) for b in blocks] == [
        ("heading", 1), ("paragraph", 2), ("paragraph", 5), ("heading", 6), ("list-item", 7)]
    assert blocks[4].headings == [EFFECTIVE]


def test_page_furniture_dropped(tmp_path):
    footer = "\n\nArea SEND inspection report: Testshire Local Area Partnership\n1 to 5 May 2024\n\n{n}\n\n"
    bodies = ["Leaders know the area well and act on what families tell them.",
              "Waiting times for autism assessment have fallen this year.",
              "The area has made sufficient progress in addressing this weakness.",
              "The area has made sufficient progress in addressing this weakness."]
    text = "".join(body + footer.format(n=n) for n, body in enumerate(bodies, start=1))
    texts = [b.text for b in load_text(tmp_path, text).blocks]
    assert texts == bodies


def test_footer_run_into_the_text_is_dropped_and_the_paragraph_goes_on(tmp_path):
    """PDF text often runs a page's last line straight into its footer; a sentence cut by the
    page break goes on after it, even when the next page starts with a capital."""
    footer = "Area SEND inspection report: Testshire Local Area Partnership\n1 to 5 May 2024\n\n{n}\n\n"
    pages = [
        "Children and young people benefit from a range of services that meet their social\n"
        "and emotional needs. For example, the Child and Adolescent Mental\n",
        "Health Service (CAMHS) has developed a responsive early help offer for families.\n"
        "Leaders know the area well and act on what families tell them about their needs and\n"
        "the support that\n",
        "they receive from health visitors.\n\nWhat does the area partnership need to do better?\n"
        "Waiting times for autism assessment remain too long for too many children.\n",
    ]
    text = "".join(page + footer.format(n=n) for n, page in enumerate(pages, start=1))
    blocks = load_text(tmp_path, text).blocks
    assert [b.text for b in blocks] == [
        "Children and young people benefit from a range of services that meet their social "
        "and emotional needs. For example, the Child and Adolescent Mental Health Service "
        "(CAMHS) has developed a responsive early help offer for families. Leaders know the "
        "area well and act on what families tell them about their needs and the support that "
        "they receive from health visitors.",
        "What does the area partnership need to do better?",
        "Waiting times for autism assessment remain too long for too many children.",
    ]
    assert blocks[1].kind == "heading"


def test_cp1252_and_bom_and_utf16(tmp_path):
    text = "Parents\u2019 views \u2013 \u201cwe are heard\u201d \u00a3200 per family."
    assert load_text(tmp_path, text, "a.txt", "cp1252").blocks[0].text == text
    assert load_text(tmp_path, "\ufeff" + text, "b.txt", "utf-8").blocks[0].text == text
    assert load_text(tmp_path, "\ufeff" + text, "c.txt", "utf-16").blocks[0].text == text
    broken = tmp_path / "d.txt"
    broken.write_bytes(b"Waits fell \x81\x8d by 20%.")
    assert load_document(str(broken)).blocks[0].text.startswith("Waits fell")


MARKDOWN = """\
# SEND self-evaluation

<!-- reviewer: check the
figures below -->
Intro with **bold**, _italic_, `code`, a [link](https://example.org) and snake_case_word.

## Waiting times

Waits fell from
60 to 40 weeks.

* first item
  continued here
1. numbered item

| Measure | 2023 | 2024 |
|---|:---:|---:|
| EHC plans in 20 weeks | 45% | 62% |
| Waits \\| autism | 52 | 40 |

Setext heading
--------------

```
raw code line
```
Last paragraph.
"""


def test_markdown_structure_and_lines(tmp_path):
    document = load_text(tmp_path, MARKDOWN, "sef.md")
    assert document.format == "markdown"
    blocks = document.blocks
    summary = [(b.kind, b.level, b.text, b.location.line) for b in blocks]
    assert summary[0] == ("heading", 1, "SEND self-evaluation", 1)
    assert summary[1] == ("paragraph", None, "Intro with bold, italic, code, a link and "
                          "snake_case_word.", 5)
    assert summary[2] == ("heading", 2, "Waiting times", 7)
    assert summary[3] == ("paragraph", None, "Waits fell from 60 to 40 weeks.", 9)
    assert summary[4] == ("list-item", None, "first item continued here", 12)
    assert summary[5] == ("list-item", None, "numbered item", 14)
    assert not any("reviewer" in b.text for b in blocks)
    assert blocks[5].headings == ["SEND self-evaluation", "Waiting times"]
    heading = next(b for b in blocks if b.text == "Setext heading")
    assert (heading.kind, heading.level, heading.location.line) == ("heading", 2, 21)
    assert any(b.text == "raw code line" and b.location.line == 25 for b in blocks)
    assert blocks[-1].headings == ["SEND self-evaluation", "Setext heading"]


def test_markdown_pipe_table(tmp_path):
    cells = [b for b in load_text(tmp_path, MARKDOWN, "sef.md").blocks if b.kind == "table-cell"]
    rate = next(b for b in cells if b.text == "62%")
    assert (rate.location.table, rate.location.row, rate.location.column) == (1, 2, 3)
    assert rate.row_header == "EHC plans in 20 weeks" and rate.column_header == "2024"
    assert rate.location.line == 18
    assert any(b.text == "Waits | autism" for b in cells)


def test_markdown_bold_lead_ins_head_what_follows(tmp_path):
    text = ("# SEF\n\n### Waiting times\n\n**What is working well**\n\n- Calls every term.\n\n"
            "__What we need to improve:__\n\n- Waits are 61 weeks.\n\n**We have no DMO.**\n\n"
            "**Bold** and not\n\n**Two lines**\nof a paragraph\n")
    blocks = load_text(tmp_path, text, "sef.md").blocks
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 1), ("heading", 3), ("heading", 4), ("list-item", None), ("heading", 4),
        ("list-item", None), ("paragraph", None), ("paragraph", None), ("paragraph", None)]
    assert blocks[5].headings == ["SEF", "Waiting times", "What we need to improve:"]


def test_markdown_suffix_variant(tmp_path):
    assert load_text(tmp_path, "# Title\n\nText here.", "x.markdown").format == "markdown"
    assert load_text(tmp_path, "Text here.", "x.text").format == "text"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed letters at {SEEDS}")
def test_seed_texts_load():
    for path in sorted(SEEDS.glob("*.txt")):
        document = load_document(str(path))
        assert document.words > 1000, path
        assert any(b.kind == "heading" for b in document.blocks), path


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed letters at {SEEDS}")
def test_seed_revisit_letter_structure():
    blocks = load_document(str(SEEDS / "000_5b99bc48e0b06954.txt")).blocks
    assert any(b.kind == "heading" and b.text == "Main findings" for b in blocks)
    joined = next(b for b in blocks if b.text.startswith("Inspectors spoke with children"))
    assert "local authority and National Health Service (NHS) officers" in joined.text
    assert not any(b.kind == "heading" and b.text.startswith("Dear ") for b in blocks)


@pytest.mark.skipif(not LETTERS.is_dir(), reason=f"no corpus letters at {LETTERS}")
def test_corpus_letters_have_their_section_headings():
    for path in sorted(LETTERS.glob("*.txt")):
        blocks = load_document(str(path)).blocks
        headings = {b.text for b in blocks if b.kind == "heading"}
        assert {EFFECTIVE, "What does the area partnership need to do better?"} <= headings, path
        assert any(EFFECTIVE in b.headings for b in blocks), path
        assert not any(b.text.isdigit() for b in blocks), path
