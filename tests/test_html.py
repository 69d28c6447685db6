"""The HTML report: content, escaping of hostile draft text, self-containment and accessibility.

These tests read the page as markup; ``test_html_browser.py`` opens it in headless Chromium.
"""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser

import docx
import pytest
from markupsafe import escape

from sendcheck.api import Options, check
from sendcheck.models import (Alert, Citation, DocumentInfo, Evidence, Finding, Location, Report,
                              ToolInfo)
from sendcheck.report import RenderOptions, formats, render
from sendcheck.report.html import render_page

from conftest import EXAMPLES

AS_OF = date(2026, 11, 24)
HOSTILE = "<script>alert('x')</script>"


def checked(*paths) -> list[Report]:
    outcomes = list(check([str(p) for p in paths], Options(as_of=AS_OF)))
    assert all(o.report for o in outcomes), [str(o.error) for o in outcomes]
    return [o.report for o in outcomes]


def html_of(reports) -> str:
    out = io.StringIO()
    render("html", reports, out, RenderOptions())
    return out.getvalue()


@pytest.fixture(scope="module")
def medium() -> Report:
    return checked(EXAMPLES / "medium.docx")[0]


@pytest.fixture(scope="module")
def medium_html(medium) -> str:
    return html_of([medium])


def hostile_docx(path):
    """A draft whose text tries to inject markup into the reports."""
    document = docx.Document()
    document.add_heading("Waiting times", 1)
    document.add_paragraph(f"In September 2026 the median wait for an autism assessment was 61 "
                           f"weeks {HOSTILE}, which remains too long.")
    document.add_heading("Local offer", 1)
    document.add_paragraph("The local offer was reviewed with Parent Carer Voice in May 2026 "
                           "<img src=x onerror=alert(1)> [link](http://evil.example) **bold** | "
                           "pipe & <b>tags</b>.")
    document.save(path)
    return path


def hostile_report() -> Report:
    """Every text field of a report carrying markup, to prove each one is escaped."""
    evil = f"{HOSTILE} <a href='http://evil.example'>x</a> \"quoted\" & more"
    location = Location(section=f"Section {HOSTILE}", paragraph=3)
    return Report(
        tool=ToolInfo(version="1.0"),
        document=DocumentInfo(path=f"drafts/{HOSTILE}.docx", sha256="0" * 64, words=10),
        as_of="2026-11-24",
        score=40,
        findings=[Finding(
            rule_id="waiting-times", title=f"Waits {HOSTILE}", status="partial", position="gap",
            score=30, evidence=[Evidence(text=evil, stance="negative", location=location,
                                         signals=["data", HOSTILE])],
            advice=f"Advice {HOSTILE}",
            citations=[Citation(precedent_id="p", area=f"Area {HOSTILE}", date="2021-07-16",
                                quote=f"Quote {HOSTILE}", finding="significant-weakness",
                                outcome="wsoa", source=f"Source {HOSTILE}")],
        )],
        alerts=[Alert(kind="personal-data", message=f"Message {HOSTILE}", text=evil,
                      location=location, rule_id="waiting-times")],
    )


class Page(HTMLParser):
    """Collects what the checks below need: tags, ids, headings, text, resource attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def assert_self_contained(html: str) -> None:
    """Nothing in the page can make the browser fetch anything."""
    page = parse(html)
    for tag, attributes in page.tags:
        assert tag not in ("script", "iframe", "object", "embed", "link", "img", "base"), tag
        for name in ("src", "href", "srcset", "poster", "data", "action", "xlink:href"):
            value = (attributes.get(name) or "").strip()
            assert not value or value.startswith("#") or value.startswith("data:"), (tag, name,
                                                                                      value)
    styles = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    assert "@import" not in styles
    assert not re.search(r"url\(\s*['\"]?(?!#|data:)", styles)
    assert not re.search(r"@font-face", styles)
    assert not re.search(r"<script\b", html, re.I)
    assert not re.search(r"<link\b[^>]*stylesheet", html, re.I)
    assert not re.search(r"\b(?:src|href)\s*=\s*['\"]?\s*(?:https?:)?//", html, re.I)


def test_html_is_a_registered_format():
    assert "html" in formats()


def test_page_has_language_title_and_one_h1(medium_html):
    assert medium_html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in medium_html
    assert re.search(r"<title>SEND self-evaluation readiness: medium\.docx</title>", medium_html)
    page = parse(medium_html)
    assert page.headings.count(1) == 1


def test_headings_never_skip_a_level(medium_html):
    levels = parse(medium_html).headings
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, levels


def test_ids_are_unique(medium, medium_html):
    assert len(set(parse(medium_html).ids)) == len(parse(medium_html).ids)
    several = html_of([medium, medium])
    ids = parse(several).ids
    assert len(set(ids)) == len(ids)


def test_overall_score_and_what_it_means(medium, medium_html):
    text = " ".join(parse(medium_html).text)
    assert f"{medium.score} out of 100" in " ".join(text.split())
    assert "Partly ready: several criteria need stronger evidence or report gaps" in text
    assert "judged as of" in text and "24 November 2026" in text
    assert f"sendcheck {medium.tool.version}" in text


def test_chart_has_a_labelled_bar_for_every_criterion(medium, medium_html):
    svg = re.search(r'<figure class="chart">(.*?)</figure>', medium_html, re.S).group(1)
    assert re.search(r"<title id=\"[^\"]+\">Score of each criterion", svg)
    assert "<desc" in svg and 'role="img"' in svg and "aria-labelledby" in svg
    rows = re.findall(r'<g class="row">(.*?)</g>', svg, re.S)
    assert len(rows) == len(medium.findings) == 20
    for row, finding in zip(rows, medium.findings):
        labels = re.findall(r'class="status-label">([^<]*)<', row)
        assert labels, row
        assert labels[0].startswith({"evidenced": "Evidenced", "partial": "Partly evidenced",
                                     "missing": "Missing"}[finding.status])
        assert f'class="score-label">{finding.score}<' in row
        if finding.status == "partial":
            assert "url(#" in row  # striped
        if finding.status == "missing":
            assert labels[0] == "Missing"


def test_chart_has_a_text_table_alternative(medium, medium_html):
    table = re.search(r'<details class="chart-table">(.*?)</details>', medium_html, re.S)
    assert table
    for finding in medium.findings:
        assert f'href="#{finding.rule_id}"' in table.group(1)


def test_a_card_for_every_criterion(medium, medium_html):
    for finding in medium.findings:
        card = re.search(rf'<article class="card [^"]*" id="{finding.rule_id}".*?</article>',
                         medium_html, re.S)
        assert card, finding.rule_id
        body = card.group(0)
        assert str(escape(finding.title)) in body
        for evidence in finding.evidence:
            assert str(escape(evidence.location.describe())) in body
        for citation in finding.citations:
            assert str(escape(citation.area)) in body
            assert str(escape(citation.source)) in body
            assert "Open Government Licence v3.0" in body


def test_evidence_quotes_are_in_the_cards(medium, medium_html):
    text = " ".join(" ".join(parse(medium_html).text).split())
    for finding in medium.findings:
        for evidence in finding.evidence:
            assert evidence.text in text


def test_alerts_are_listed(medium, medium_html):
    assert medium.alerts
    section = re.search(r'<section class="alerts".*?</section>', medium_html, re.S).group(0)
    assert f"Also check ({len(medium.alerts)})" in section
    assert section.count('<li class="alert') == len(medium.alerts)


def test_groups_mirror_the_terminal_report(medium_html):
    order = [m for m in ("Needs attention", "Not covered by the draft", "Evidenced strengths",
                         "Also check") if m in medium_html]
    positions = [medium_html.index(f">{m} (") for m in order]
    assert positions == sorted(positions)
    assert "Needs attention" in order and "Not covered by the draft" in order


def test_page_loads_nothing_and_forbids_loading(medium_html):
    assert_self_contained(medium_html)
    assert "Content-Security-Policy" in medium_html and "default-src 'none'" in medium_html


def test_print_styles(medium_html):
    print_css = medium_html[medium_html.index("@media print"):]
    assert "break-inside: avoid" in print_css
    assert "background: #fff" in print_css


def test_every_field_of_a_hostile_report_is_escaped():
    html = render_page([hostile_report()])
    assert HOSTILE not in html
    assert "<a href='http://evil.example'>" not in html
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 8
    assert_self_contained(html)
    text = " ".join(parse(html).text)
    assert HOSTILE in text  # shown to the reader, as text


def test_hostile_draft_text_is_shown_escaped(tmp_path):
    report = checked(hostile_docx(tmp_path / "draft.docx"))[0]
    assert any(HOSTILE in e.text for f in report.findings for e in f.evidence)
    html = html_of([report])
    assert HOSTILE not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert_self_contained(html)


def test_several_reports_share_one_page_with_a_summary_first():
    reports = checked(EXAMPLES / "strong.docx", EXAMPLES / "weak.docx")
    html = html_of(reports)
    assert "<title>SEND self-evaluation readiness: 2 drafts</title>" in html
    summary = html.index('<section class="summary"')
    assert summary < html.index('id="report-1"') < html.index('id="report-2"')
    table = re.search(r'<section class="summary".*?</section>', html, re.S).group(0)
    for number, report in enumerate(reports, 1):
        assert f'href="#report-{number}"' in table
        assert f"<strong>{report.score}</strong>/100" in table
    assert f'id="r1-{reports[0].findings[0].rule_id}"' in html
    assert f'id="r2-{reports[1].findings[0].rule_id}"' in html
    assert parse(html).headings.count(1) == 1
    assert_self_contained(html)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_have_sufficient_contrast(medium_html):
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", medium_html))
    for name in ("strength", "mixed", "gap", "none", "plan"):
        assert contrast(colours[f"{name}-ink"], colours[f"{name}-tint"]) >= 4.5, name
        assert contrast(colours[name], "#ffffff") >= 3, name  # bars and borders as graphics
    for name in ("ink", "muted", "link"):
        assert contrast(colours[name], "#ffffff") >= 4.5, name
        assert contrast(colours[name], colours["wash"]) >= 4.5, name


def test_an_accepted_finding_says_why():
    from sendcheck import models

    if not hasattr(models, "Suppression"):
        pytest.skip("this version has no suppressions")
    report = hostile_report()
    report.findings[0].suppressed = models.Suppression(
        kind="external", reason=f"Agreed with the ICB {HOSTILE}", source="suppressions.yml:3")
    html = render_page([report])
    assert "Accepted as it is:" in html
    assert "Agreed with the ICB &lt;script&gt;" in html and HOSTILE not in html
