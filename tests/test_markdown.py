"""The Markdown report: the HTML report's content as GitHub-flavoured Markdown, with draft text
that cannot turn into markup.

The output is rendered with markdown-it-py (CommonMark plus GFM tables and strikethrough, raw
HTML allowed, as GitHub and most wikis render it) to check what a reader would actually see.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from markdown_it import MarkdownIt

from sendcheck.report import RenderOptions, formats, render
from sendcheck.report.markdown import escape

from conftest import EXAMPLES
from test_html import HOSTILE, checked, hostile_docx, hostile_report

AS_OF = date(2026, 11, 24)
GFM = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def markdown_of(reports) -> str:
    out = io.StringIO()
    render("markdown", reports, out, RenderOptions())
    return out.getvalue()


def visible_text(html: str) -> str:
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def medium():
    return checked(EXAMPLES / "medium.docx")[0]


@pytest.fixture(scope="module")
def medium_md(medium) -> str:
    return markdown_of([medium])


def test_markdown_is_a_registered_format():
    assert "markdown" in formats()


def test_score_meaning_and_dates(medium, medium_md):
    assert medium_md.startswith("# SEND self-evaluation readiness: medium.docx\n")
    assert f"**{medium.score} out of 100: partly ready: several criteria need stronger " \
           "evidence or report gaps.**" in medium_md
    assert "judged as of 24 November 2026" in medium_md
    assert f"sendcheck {medium.tool.version}" in medium_md


def test_every_criterion_is_in_the_table_and_has_a_section(medium, medium_md):
    table = re.search(r"<table>.*?</table>", GFM.render(medium_md), re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == len(medium.findings)
    for row, finding in zip(rows, medium.findings):
        cells = [visible_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[0] == finding.title and cells[3] == str(finding.score)
        assert f"\n### {escape(finding.title)}\n" in medium_md


def test_evidence_advice_and_citations_are_shown(medium, medium_md):
    text = visible_text(GFM.render(medium_md))
    for finding in medium.findings:
        assert finding.title in text
        for evidence in finding.evidence:
            assert evidence.text in text
            assert evidence.location.describe() in text
        if finding.advice:
            assert " ".join(finding.advice.split()) in text
        for citation in finding.citations:
            assert " ".join(citation.quote.split()) in text
            assert citation.area in text and citation.source in text
    assert "Open Government Licence v3.0" in text


def test_groups_in_the_terminal_order(medium_md):
    headings = re.findall(r"^## (.+?) \(\d+\)$", medium_md, re.M)
    assert headings[0] == "Needs attention"
    assert headings[-1] == "Also check"
    assert "Not covered by the draft" in headings


def test_alerts_are_listed(medium, medium_md):
    section = medium_md[medium_md.index(f"## Also check ({len(medium.alerts)})"):]
    assert len(re.findall(r"^- \*\*", section, re.M)) == len(medium.alerts)


@pytest.mark.parametrize("text", [
    HOSTILE,
    "[click](http://evil.example)",
    "![pixel](http://evil.example/p.png)",
    "**bold** _em_ `code` ~~gone~~ $x^2$",
    "a | b | c",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt; stays as written",
    "line one\n# not a heading\n> not a quote\n- not a list",
    "back\\slash \\*",
])
def test_escape_gives_back_the_text_and_no_markup(text):
    html = GFM.render(f"- “{escape(text)}” (para 1)\n")
    assert html.count("<") == html.count("<li>") + html.count("</li>") + \
        html.count("<ul>") + html.count("</ul>")
    assert visible_text(html) == "“" + " ".join(text.split()) + "” (para 1)"


def test_escape_keeps_table_cells_apart():
    html = GFM.render(f"| a | b |\n|---|---|\n| {escape('x | y')} | z |\n")
    assert "<td>x | y</td>" in html and "<td>z</td>" in html


def test_every_field_of_a_hostile_report_is_escaped():
    markdown = markdown_of([hostile_report()])
    html = GFM.render(markdown)
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert HOSTILE in visible_text(html)


def test_hostile_draft_renders_as_text(tmp_path):
    report = checked(hostile_docx(tmp_path / "draft.docx"))[0]
    html = GFM.render(markdown_of([report]))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<b>" not in html
    assert HOSTILE in visible_text(html)
    assert "**bold**" in visible_text(html)


def test_several_reports_have_a_summary_first():
    reports = checked(EXAMPLES / "strong.docx", EXAMPLES / "weak.docx")
    markdown = markdown_of(reports)
    assert markdown.startswith("# SEND self-evaluation readiness: 2 drafts\n")
    summary = markdown.index("## Summary")
    assert summary < markdown.index("## strong.docx") < markdown.index("## weak.docx")
    for report in reports:
        assert f"| {report.score}/100 |" in markdown
    assert "### Overall readiness" in markdown and "#### " in markdown


def test_an_accepted_finding_says_why():
    from sendcheck import models

    if not hasattr(models, "Suppression"):
        pytest.skip("this version has no suppressions")
    report = hostile_report()
    report.findings[0].suppressed = models.Suppression(
        kind="external", reason="Agreed with the ICB", source="suppressions.yml:3")
    assert "**Accepted as it is:** Agreed with the ICB (suppressions.yml:3)" in \
        markdown_of([report])
